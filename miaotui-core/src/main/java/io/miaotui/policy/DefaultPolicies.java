package io.miaotui.policy;

import io.miaotui.money.Money;
import io.miaotui.shop.Channel;
import java.time.Duration;
import java.util.List;

/**
 * The rules Miaotui ships with: Tmall and Taobao's current instant-refund rules and the old 2-hour rule, which
 * stays selectable so a marketplace can route a channel back to it. Each reads as the sentence it explains.
 */
public final class DefaultPolicies {
    public static final String TMALL_UNSHIPPED = "tmall-unshipped";
    public static final String TAOBAO_UNSHIPPED = "taobao-unshipped";
    public static final String LEGACY_2H_200 = "legacy-2h-200";

    static final long TAOBAO_LIMIT_FEN = 500_00;
    static final long LEGACY_LIMIT_FEN = 200_00;
    static final Duration LEGACY_WINDOW = Duration.ofHours(2);

    private DefaultPolicies() {
    }

    public static List<RefundPolicy> all() {
        return List.of(tmallUnshipped(), taobaoUnshipped(), legacy2h200());
    }

    public static RefundPolicy tmallUnshipped() {
        return new RulePolicy(TMALL_UNSHIPPED, 1, "TMALL shops: unshipped lines are refunded instantly, any amount.",
                context -> {
                    var shipped = shippedOrOtherChannel(context, Channel.TMALL);
                    if (shipped != null) {
                        return shipped;
                    }
                    return PolicyVerdict.instant("Line " + context.line().lineId() + " has not shipped and TMALL shops refund"
                            + " unshipped lines instantly at any amount (paid " + yuan(context.line().paid()) + ").");
                });
    }

    public static RefundPolicy taobaoUnshipped() {
        return new RulePolicy(TAOBAO_UNSHIPPED, 1,
                "TAOBAO shops: unshipped lines paid at most 500.00 are refunded instantly.",
                context -> {
                    var shipped = shippedOrOtherChannel(context, Channel.TAOBAO);
                    if (shipped != null) {
                        return shipped;
                    }
                    Money paid = context.line().paid();
                    Money limit = Money.of(TAOBAO_LIMIT_FEN, paid.currency());
                    String lineId = context.line().lineId().value();
                    return paid.isAtMost(limit)
                            ? PolicyVerdict.instant("Line " + lineId + " has not shipped and its paid amount "
                                    + yuan(paid) + " is within the TAOBAO instant limit of " + yuan(limit) + ".")
                            : PolicyVerdict.review("Line " + lineId + " paid " + yuan(paid)
                                    + ", over the TAOBAO instant limit of " + yuan(limit) + ": the merchant reviews it.");
                });
    }

    public static RefundPolicy legacy2h200() {
        return new RulePolicy(LEGACY_2H_200, 1,
                "Any shop: unshipped lines paid at most 200.00 are refunded instantly within 2 hours of payment.",
                context -> {
                    String lineId = context.line().lineId().value();
                    if (context.line().isShipped()) {
                        return shippedVerdict(lineId);
                    }
                    Duration sincePayment = Duration.between(context.orderPaidAt(), context.now());
                    Money paid = context.line().paid();
                    Money limit = Money.of(LEGACY_LIMIT_FEN, paid.currency());
                    if (sincePayment.compareTo(LEGACY_WINDOW) > 0) {
                        return PolicyVerdict.review("Line " + lineId + " was paid " + minutes(sincePayment)
                                + " ago, past the 2-hour instant window: the merchant reviews it.");
                    }
                    if (paid.isGreaterThan(limit)) {
                        return PolicyVerdict.review("Line " + lineId + " paid " + yuan(paid)
                                + ", over the 2-hour rule's limit of " + yuan(limit) + ": the merchant reviews it.");
                    }
                    return PolicyVerdict.instant("Line " + lineId + " has not shipped, was paid " + minutes(sincePayment)
                            + " ago (within 2 hours) and paid " + yuan(paid) + " (at most " + yuan(limit) + ").");
                });
    }

    private static PolicyVerdict shippedOrOtherChannel(RefundContext context, Channel channel) {
        String lineId = context.line().lineId().value();
        if (context.line().isShipped()) {
            return shippedVerdict(lineId);
        }
        if (context.shop().channel() != channel) {
            return PolicyVerdict.review("Shop " + context.shop().id() + " sells on " + context.shop().channel()
                    + " but this rule covers " + channel + " shops: the merchant reviews it.");
        }
        return null;
    }

    private static PolicyVerdict shippedVerdict(String lineId) {
        return PolicyVerdict.review("Line " + lineId + " has shipped: the merchant reviews the refund.");
    }

    private static String yuan(Money money) {
        return money.toDecimalString();
    }

    private static String minutes(Duration duration) {
        long minutes = Math.max(0, duration.toMinutes());
        return minutes >= 60 ? (minutes / 60) + " h " + (minutes % 60) + " min" : minutes + " min";
    }
}
