package io.miaotui.ledger;

/** Why money moved: each kind is the state change that posts it, in the same transaction. */
public enum EntryKind {
    /** The buyer paid for the order; the money is held in escrow. */
    PAYMENT,
    /** A refund was approved (instantly or by the merchant): its amount leaves escrow for the buyer. */
    REFUND_APPROVED,
    /** The gateway confirmed the buyer has the money. Exactly one per paid refund. */
    PAYOUT_CONFIRMED,
    /** The payout failed for good: the amount goes back into the order's escrow. */
    PAYOUT_FAILED,
    /** The buyer confirmed receipt: shipped lines' escrow is released to the merchant. */
    SETTLEMENT,
    /** An operator recorded a failed payout as refunded outside the gateway: escrow to offline refunds. */
    OFFLINE_REFUND
}
