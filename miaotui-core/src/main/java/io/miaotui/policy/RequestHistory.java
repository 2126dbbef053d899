package io.miaotui.policy;

import io.miaotui.money.Money;
import java.util.Objects;

/**
 * What a policy may know beyond the line itself: the order's size, the buyer's recent history with the platform
 * and the shop's standing. Read in the same statement that locks the line.
 */
public record RequestHistory(int orderLineCount, int buyerRefundsLast90d, int buyerOrdersLast90d,
        Money buyerInstantRefundedLast30d, int buyerCreditLevel, double shopExperienceScore) {

    public RequestHistory {
        Objects.requireNonNull(buyerInstantRefundedLast30d, "buyerInstantRefundedLast30d");
    }

    /** A one-line order from a buyer with no history, in a shop with no score yet. */
    public static RequestHistory none(io.miaotui.money.Currency currency) {
        return new RequestHistory(1, 0, 0, Money.zero(currency), 0, 0);
    }
}
