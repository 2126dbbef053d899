package io.miaotui.policy;

import io.miaotui.money.Money;
import java.time.Duration;
import java.util.Objects;

/**
 * What a policy may know beyond the line itself: the order's size, the buyer's recent history with the platform
 * and the shop's standing. Read in the same statement that locks the line.
 */
public record RequestHistory(int orderLineCount, int buyerRefundsLast90d, int buyerOrdersLast90d,
        Money buyerInstantRefundedLast30d, int buyerCreditLevel, double shopExperienceScore) {
    /** How far back a buyer's refunds and paid orders count: long enough to span a season's shopping. */
    public static final Duration BUYER_HISTORY_WINDOW = Duration.ofDays(90);
    /** How far back a buyer's instantly approved refunds are summed: the recent exposure an instant refund adds to. */
    public static final Duration INSTANT_REFUND_WINDOW = Duration.ofDays(30);

    public RequestHistory {
        Objects.requireNonNull(buyerInstantRefundedLast30d, "buyerInstantRefundedLast30d");
    }

    /** A one-line order from a buyer with no history, in a shop with no score yet. */
    public static RequestHistory none(io.miaotui.money.Currency currency) {
        return new RequestHistory(1, 0, 0, Money.zero(currency), 0, 0);
    }
}
