package io.miaotui.ledger;

import io.miaotui.money.Money;
import io.miaotui.order.BuyerId;
import io.miaotui.order.OrderId;
import io.miaotui.refund.RefundId;
import io.miaotui.shop.ShopId;
import java.util.List;
import java.util.Optional;

/** The entries each money-moving event posts. Every flow is here, so the whole escrow model reads on one screen. */
public final class MoneyFlows {
    private MoneyFlows() {
    }

    /** The buyer paid {@code total} for the order: buyer → escrow. */
    public static LedgerEntry payment(OrderId order, BuyerId buyer, Money total) {
        return entry(EntryKind.PAYMENT, order, Optional.empty(), Account.buyer(buyer), Account.escrow(order), total);
    }

    /** A refund was approved: escrow → refunds in flight. */
    public static LedgerEntry refundApproved(RefundId refund, OrderId order, Money amount) {
        return entry(EntryKind.REFUND_APPROVED, order, Optional.of(refund), Account.escrow(order),
                Account.REFUNDS_IN_FLIGHT, amount);
    }

    /** The gateway paid the buyer: refunds in flight → gateway clearing. */
    public static LedgerEntry payoutConfirmed(RefundId refund, OrderId order, Money amount) {
        return entry(EntryKind.PAYOUT_CONFIRMED, order, Optional.of(refund), Account.REFUNDS_IN_FLIGHT,
                Account.GATEWAY_CLEARING, amount);
    }

    /** The payout failed for good: refunds in flight → back into the order's escrow. */
    public static LedgerEntry payoutFailed(RefundId refund, OrderId order, Money amount) {
        return entry(EntryKind.PAYOUT_FAILED, order, Optional.of(refund), Account.REFUNDS_IN_FLIGHT,
                Account.escrow(order), amount);
    }

    /**
     * An operator recorded that the buyer of a failed payout was refunded outside the gateway (a bank transfer,
     * cash at a counter): escrow → offline refunds, where finance matches it against their own records.
     */
    public static LedgerEntry refundedOffline(RefundId refund, OrderId order, Money amount) {
        return entry(EntryKind.OFFLINE_REFUND, order, Optional.of(refund), Account.escrow(order),
                Account.OFFLINE_REFUNDS, amount);
    }

    /** The buyer confirmed receipt: escrow → the merchant. */
    public static LedgerEntry settlement(OrderId order, ShopId shop, Money amount) {
        return entry(EntryKind.SETTLEMENT, order, Optional.empty(), Account.escrow(order),
                Account.merchantPayable(shop), amount);
    }

    private static LedgerEntry entry(EntryKind kind, OrderId order, Optional<RefundId> refund, Account from,
            Account to, Money amount) {
        if (!amount.isPositive()) {
            throw new IllegalArgumentException(kind + " moves a positive amount, not " + amount);
        }
        return new LedgerEntry(kind, order, refund,
                List.of(new Posting(from, Money.zero(amount.currency()).minus(amount)), new Posting(to, amount)));
    }
}
