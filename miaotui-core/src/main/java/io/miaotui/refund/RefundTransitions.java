package io.miaotui.refund;

import static io.miaotui.refund.RefundEvent.MERCHANT_APPROVED;
import static io.miaotui.refund.RefundEvent.MERCHANT_REJECTED;
import static io.miaotui.refund.RefundEvent.OPERATOR_CANCELLED;
import static io.miaotui.refund.RefundEvent.OPERATOR_CLOSED_OFFLINE;
import static io.miaotui.refund.RefundEvent.OPERATOR_RETRIED;
import static io.miaotui.refund.RefundEvent.PAYOUT_CONFIRMED;
import static io.miaotui.refund.RefundEvent.PAYOUT_GAVE_UP;
import static io.miaotui.refund.RefundEvent.REVIEW_TIMED_OUT;
import static io.miaotui.refund.RefundStatus.APPROVED;
import static io.miaotui.refund.RefundStatus.CANCELLED;
import static io.miaotui.refund.RefundStatus.PAID;
import static io.miaotui.refund.RefundStatus.PAYOUT_FAILED;
import static io.miaotui.refund.RefundStatus.PENDING_MERCHANT_REVIEW;
import static io.miaotui.refund.RefundStatus.REFUNDED_OFFLINE;
import static io.miaotui.refund.RefundStatus.REJECTED;

import java.util.List;
import java.util.Optional;

/**
 * The refund state machine as one table (Kill Bill keeps its payment states the same way). A refund is born
 * {@code APPROVED} when the policy grants an instant refund, else {@code PENDING_MERCHANT_REVIEW}.
 * docs/architecture.md shows this table; a test checks the two agree.
 */
public final class RefundTransitions {

    public record Transition(RefundStatus from, RefundEvent event, RefundStatus to) {
    }

    public static final List<Transition> TABLE = List.of(
            new Transition(PENDING_MERCHANT_REVIEW, MERCHANT_APPROVED, APPROVED),
            new Transition(PENDING_MERCHANT_REVIEW, MERCHANT_REJECTED, REJECTED),
            new Transition(PENDING_MERCHANT_REVIEW, REVIEW_TIMED_OUT, APPROVED),
            new Transition(APPROVED, PAYOUT_CONFIRMED, PAID),
            new Transition(APPROVED, PAYOUT_GAVE_UP, PAYOUT_FAILED),
            new Transition(PAYOUT_FAILED, OPERATOR_RETRIED, APPROVED),
            new Transition(PAYOUT_FAILED, OPERATOR_CLOSED_OFFLINE, REFUNDED_OFFLINE),
            new Transition(PAYOUT_FAILED, OPERATOR_CANCELLED, CANCELLED));

    private RefundTransitions() {
    }

    /** The state {@code event} moves a refund in {@code from} to, or empty when the table has no such row. */
    public static Optional<RefundStatus> next(RefundStatus from, RefundEvent event) {
        return TABLE.stream()
                .filter(t -> t.from() == from && t.event() == event)
                .map(Transition::to)
                .findFirst();
    }

    /** The one state {@code event} may leave from; adapters use it to guard their updates. */
    public static RefundStatus sourceOf(RefundEvent event) {
        return TABLE.stream()
                .filter(t -> t.event() == event)
                .map(Transition::from)
                .reduce((a, b) -> {
                    throw new IllegalStateException(event + " leaves from more than one state");
                })
                .orElseThrow();
    }
}
