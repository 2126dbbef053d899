package io.miaotui.refund;

import io.miaotui.money.Money;
import io.miaotui.order.BuyerId;
import io.miaotui.order.OrderLine;
import io.miaotui.policy.PolicyRouting;
import io.miaotui.policy.PolicyVerdict;
import io.miaotui.policy.RefundContext;
import io.miaotui.policy.RefundPolicy;
import io.miaotui.shop.Shop;
import java.time.Instant;

/**
 * Opens refunds: checks the amount against what the line can still refund, asks the shop's policy whether the
 * refund is instant, and holds the amount on the line. The caller holds the line's lock, so what it read is current.
 */
public final class RefundDesk {
    private final PolicyRouting routing;
    private final ReviewDeadlines deadlines;

    public RefundDesk(PolicyRouting routing) {
        this(routing, ReviewDeadlines.defaults());
    }

    public RefundDesk(PolicyRouting routing, ReviewDeadlines deadlines) {
        this.routing = routing;
        this.deadlines = deadlines;
    }

    public RefundOpening open(RefundId id, RefundRequest request, Shop shop, BuyerId buyer, Instant orderPaidAt,
            OrderLine line, Instant now) {
        Money refundable = line.refundable();
        Money amount = request.amount().orElse(refundable);
        if (!amount.isPositive() || amount.isGreaterThan(refundable)) {
            return new RefundOpening.ExceedsRefundable(amount, refundable);
        }
        RefundPolicy policy = routing.policyFor(shop.channel());
        PolicyVerdict verdict = policy.evaluate(new RefundContext(shop, buyer, orderPaidAt, line, amount, now));
        var decision = new RefundDecision(verdict.instant(), policy.key(), policy.version(), verdict.explanation());
        Refund refund = Refund.open(id, request.orderId(), request.lineId(), buyer, amount, request.reason(), decision, now);
        if (!decision.instant()) {
            refund = refund.withReviewDeadline(deadlines.deadlineFor(shop.channel(), now));
        }
        return new RefundOpening.Opened(refund, line.reserve(amount));
    }
}
