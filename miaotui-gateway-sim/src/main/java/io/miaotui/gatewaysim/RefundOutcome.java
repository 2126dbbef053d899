package io.miaotui.gatewaysim;

/** What processing a refund request did to the books. */
sealed interface RefundOutcome {
    /** The record for this out_request_no: the new one, or the one that was already there. */
    RefundRecord record();

    /** First time this out_request_no was seen: money moved. */
    record Created(RefundRecord record) implements RefundOutcome {
    }

    /** A retry with the same amount: nothing moves, the original answer is repeated. */
    record Replayed(RefundRecord record) implements RefundOutcome {
    }

    /** A retry with a different amount: refused, nothing moves. */
    record AmountChanged(RefundRecord record) implements RefundOutcome {
    }
}
