package io.miaotui.refund;

/** An event the state machine does not allow from the refund's current state (e.g. approving a paid refund). */
public final class IllegalRefundTransition extends RuntimeException {
    private final RefundStatus status;

    public IllegalRefundTransition(RefundId id, RefundStatus status, RefundEvent event) {
        super("refund " + id + " is " + status + "; " + event + " is not allowed from there");
        this.status = status;
    }

    public RefundStatus status() {
        return status;
    }
}
