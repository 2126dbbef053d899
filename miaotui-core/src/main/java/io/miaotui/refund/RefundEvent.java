package io.miaotui.refund;

/** What can happen to a refund after it is opened. */
public enum RefundEvent {
    MERCHANT_APPROVED,
    MERCHANT_REJECTED,
    PAYOUT_CONFIRMED
}
