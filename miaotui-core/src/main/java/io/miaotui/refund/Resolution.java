package io.miaotui.refund;

import java.util.Optional;

/** Who decided a refund that waited for review: the merchant, or the platform when the merchant let the deadline pass. */
public enum Resolution {
    MERCHANT_APPROVED,
    MERCHANT_REJECTED,
    /** The merchant did not answer in time: the platform approved it (Taobao's rule: a silent seller is overruled). */
    APPROVED_AT_DEADLINE;

    static Optional<Resolution> of(RefundEvent event) {
        return switch (event) {
            case MERCHANT_APPROVED -> Optional.of(MERCHANT_APPROVED);
            case MERCHANT_REJECTED -> Optional.of(MERCHANT_REJECTED);
            case REVIEW_TIMED_OUT -> Optional.of(APPROVED_AT_DEADLINE);
            default -> Optional.empty();
        };
    }
}
