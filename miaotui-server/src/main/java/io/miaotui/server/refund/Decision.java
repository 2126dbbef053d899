package io.miaotui.server.refund;

import io.miaotui.refund.Refund;
import io.miaotui.refund.RefundId;
import io.miaotui.refund.RefundStatus;

/**
 * What came of a merchant's or an operator's decision on one refund. A refusal is an answer, not a failure: the
 * caller (a controller, or a bulk decision going on to the next refund) chooses what it means for it.
 */
public sealed interface Decision permits Decision.Decided, Decision.NotPending, Decision.NotFound {

    /** The decision went through; {@code refund} is the refund after it. */
    record Decided(Refund refund) implements Decision {
    }

    /** The refund is in {@code status}, where this decision does not apply ({@code rule} says where it does). */
    record NotPending(RefundId id, RefundStatus status, String rule) implements Decision {
    }

    /** No such refund; nothing changed. */
    record NotFound(RefundId id) implements Decision {
    }
}
