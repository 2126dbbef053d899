package io.miaotui.refund;

/** Where a refund stands. Transitions between them are in {@link RefundTransitions} and nowhere else. */
public enum RefundStatus {
    PENDING_MERCHANT_REVIEW,
    APPROVED,
    PAID,
    REJECTED;

    /** Open refunds hold money on their line and intercept its shipment. */
    public boolean isOpen() {
        return this == PENDING_MERCHANT_REVIEW || this == APPROVED;
    }
}
