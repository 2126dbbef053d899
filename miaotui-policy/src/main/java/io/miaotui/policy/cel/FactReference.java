package io.miaotui.policy.cel;

import java.time.Instant;

/** A fact an expression reads ({@code line.paidAmount}, or {@code now}), shown with its value in explanations. */
record FactReference(FactGroup group, String field) {
    /** The facts that are money in fen: shown in yuan too, so a buyer or merchant reading the sentence need not divide. */
    private static final java.util.Set<String> FEN = java.util.Set.of("line.paidAmount", "request.amount",
            "buyer.instantRefundAmountLast30d");

    static FactReference now() {
        return new FactReference(null, null);
    }

    String name() {
        return group == null ? FactGroup.NOW : group.variable() + "." + field;
    }

    /** "line.paidAmount = 49900 fen = ¥499.00", "shop.channel = \"TMALL\"", "line.shipBy unknown". */
    String describe(PolicyFacts facts) {
        Object value = group == null ? facts.now() : group.read(field, facts);
        if (value == null) {
            return name() + " unknown";
        }
        return name() + " = " + switch (value) {
            case String text -> "\"" + text + "\"";
            case Instant instant -> instant.toString();
            case Long fen when FEN.contains(name()) -> fen + " fen = ¥" + io.miaotui.money.Money.of(fen,
                    io.miaotui.money.Currency.CNY).toDecimalString();
            default -> value.toString();
        };
    }
}
