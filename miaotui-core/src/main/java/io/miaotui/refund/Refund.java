package io.miaotui.refund;

import io.miaotui.money.Money;
import io.miaotui.order.BuyerId;
import io.miaotui.order.LineId;
import io.miaotui.order.OrderId;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/** A buyer's refund of (part of) one line. Immutable: {@link #on(RefundEvent, Instant)} gives the next state. */
public record Refund(
        RefundId id,
        OrderId orderId,
        LineId lineId,
        BuyerId buyerId,
        Money amount,
        String reason,
        RefundStatus status,
        RefundDecision decision,
        Instant createdAt,
        Optional<Instant> paidAt,
        Optional<String> rejectionReason,
        Optional<Instant> reviewDeadline,
        Optional<Resolution> resolution,
        Optional<Instant> reviewWindowEnd) {

    public Refund {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(orderId, "orderId");
        Objects.requireNonNull(lineId, "lineId");
        Objects.requireNonNull(buyerId, "buyerId");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(decision, "decision");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(paidAt, "paidAt");
        Objects.requireNonNull(rejectionReason, "rejectionReason");
        Objects.requireNonNull(reviewDeadline, "reviewDeadline");
        Objects.requireNonNull(resolution, "resolution");
        Objects.requireNonNull(reviewWindowEnd, "reviewWindowEnd");
        if (reviewDeadline.isPresent() && reviewWindowEnd.isPresent()
                && reviewDeadline.get().isBefore(reviewWindowEnd.get())) {
            throw new IllegalArgumentException("closings push a review deadline back, never forward");
        }
        if (!amount.isPositive()) {
            throw new IllegalArgumentException("a refund's amount is positive");
        }
    }

    /** A new refund: approved at once when the decision is instant, otherwise waiting for the merchant. */
    public static Refund open(
            RefundId id, OrderId orderId, LineId lineId, BuyerId buyerId, Money amount, String reason,
            RefundDecision decision, Instant now) {
        RefundStatus initial = decision.instant() ? RefundStatus.APPROVED : RefundStatus.PENDING_MERCHANT_REVIEW;
        return new Refund(id, orderId, lineId, buyerId, amount, reason, initial, decision, now,
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    }

    /**
     * The same refund, waiting for the merchant until {@code deadline}: the channel's review window, which ends
     * at {@code windowEnd}, pushed back by the shop's closings. The window's end is kept so that the deadline can
     * follow the closings when they change.
     */
    public Refund withReviewDeadline(Instant windowEnd, Instant deadline) {
        return new Refund(id, orderId, lineId, buyerId, amount, reason, status, decision, createdAt, paidAt,
                rejectionReason, Optional.of(deadline), resolution, Optional.of(windowEnd));
    }

    /** The refund after {@code event}, or {@link IllegalRefundTransition} when the table does not allow it. */
    public Refund on(RefundEvent event, Instant at) {
        return on(event, at, null);
    }

    /** As {@link #on(RefundEvent, Instant)}, with the merchant's reason when the event is a rejection. */
    public Refund on(RefundEvent event, Instant at, String rejection) {
        RefundStatus next = RefundTransitions.next(status, event)
                .orElseThrow(() -> new IllegalRefundTransition(id, status, event));
        return new Refund(id, orderId, lineId, buyerId, amount, reason, next, decision, createdAt,
                next == RefundStatus.PAID ? Optional.of(at) : paidAt,
                next == RefundStatus.REJECTED ? Optional.ofNullable(rejection) : rejectionReason,
                reviewDeadline,
                Resolution.of(event).or(() -> resolution),
                reviewWindowEnd);
    }
}
