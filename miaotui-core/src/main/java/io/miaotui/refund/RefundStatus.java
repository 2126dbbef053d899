package io.miaotui.refund;

/** Where a refund stands. Transitions between them are in {@link RefundTransitions} and nowhere else. */
public enum RefundStatus {
    PENDING_MERCHANT_REVIEW,
    APPROVED,
    PAID,
    REJECTED,
    /** The gateway refused it on every attempt: back in escrow, waiting for an operator to retry it. */
    PAYOUT_FAILED;

    /**
     * Open refunds hold money on their line and intercept its shipment. A failed payout stays open: the buyer
     * was promised the money, and an operator will retry it.
     */
    public boolean isOpen() {
        return this == PENDING_MERCHANT_REVIEW || this == APPROVED || this == PAYOUT_FAILED;
    }
}
