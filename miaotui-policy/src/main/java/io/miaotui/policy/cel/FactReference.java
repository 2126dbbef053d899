package io.miaotui.policy.cel;

import java.time.Instant;

/** A fact an expression reads ({@code line.paidAmount}, or {@code now}), shown with its value in explanations. */
record FactReference(FactGroup group, String field) {

    static FactReference now() {
        return new FactReference(null, null);
    }

    String name() {
        return group == null ? FactGroup.NOW : group.variable() + "." + field;
    }

    /** "line.paidAmount = 49900", "shop.channel = \"TMALL\"", "line.shipBy unknown". */
    String describe(PolicyFacts facts) {
        Object value = group == null ? facts.now() : group.read(field, facts);
        if (value == null) {
            return name() + " unknown";
        }
        return name() + " = " + switch (value) {
            case String text -> "\"" + text + "\"";
            case Instant instant -> instant.toString();
            default -> value.toString();
        };
    }
}
