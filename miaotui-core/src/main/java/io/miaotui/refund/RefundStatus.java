package io.miaotui.refund;

/** Where a refund stands. Transitions between them are in {@link RefundTransitions} and nowhere else. */
public enum RefundStatus {
    PENDING_MERCHANT_REVIEW,
    APPROVED,
    PAID,
    REJECTED,
    /** The gateway refused it on every attempt: back in escrow, waiting for an operator to retry or close it. */
    PAYOUT_FAILED,
    /** An operator recorded that the buyer was refunded outside the gateway: escrow to offline refunds, done. */
    REFUNDED_OFFLINE,
    /** An operator cancelled it after its payout failed: the money stays in escrow and the line is free again. */
    CANCELLED;

    /**
     * Open refunds hold money on their line and intercept its shipment. A failed payout stays open: the buyer
     * was promised the money, until an operator retries it, closes it as refunded offline or cancels it.
     */
    public boolean isOpen() {
        return this == PENDING_MERCHANT_REVIEW || this == APPROVED || this == PAYOUT_FAILED;
    }
}
