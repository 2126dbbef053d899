package io.miaotui.refund;

/** What can happen to a refund after it is opened. */
public enum RefundEvent {
    MERCHANT_APPROVED,
    MERCHANT_REJECTED,
    /** The review deadline passed without a merchant decision. */
    REVIEW_TIMED_OUT,
    PAYOUT_CONFIRMED,
    /** The gateway declined the last allowed attempt. */
    PAYOUT_GAVE_UP,
    /** An operator sends a failed payout again. */
    OPERATOR_RETRIED,
    /** An operator records that a failed payout's buyer was refunded outside the gateway. */
    OPERATOR_CLOSED_OFFLINE,
    /** An operator cancels a refund whose payout failed (e.g. agreed with the buyer): nothing is paid. */
    OPERATOR_CANCELLED
}
