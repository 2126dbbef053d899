package io.miaotui.refund;

import io.miaotui.closing.ShopClosing;
import io.miaotui.money.Money;
import io.miaotui.order.BuyerId;
import io.miaotui.order.OrderLine;
import io.miaotui.order.ShippingDeadlines;
import io.miaotui.policy.PolicyCall;
import io.miaotui.policy.PolicyDecider;
import io.miaotui.policy.PolicyRuling;
import io.miaotui.policy.RefundContext;
import io.miaotui.policy.RequestHistory;
import io.miaotui.shop.Shop;
import java.time.Instant;
import java.util.Optional;

/**
 * Opens refunds: checks the amount against what the line can still refund, asks the shop's policy whether the
 * refund is instant, and holds the amount on the line. The caller holds the line's lock, so what it read is current.
 */
public final class RefundDesk {
    /** The rule that governs refunds while a shop is closed for a festival, whatever the channel's policy. */
    public static final String SHOP_CLOSED_POLICY = "shop-closed";

    private final PolicyDecider policies;
    private final ReviewDeadlines deadlines;

    public RefundDesk(PolicyDecider policies) {
        this(policies, ReviewDeadlines.defaults());
    }

    public RefundDesk(PolicyDecider policies, ReviewDeadlines deadlines) {
        this.policies = policies;
        this.deadlines = deadlines;
    }

    public RefundOpening open(RefundId id, RefundRequest request, Shop shop, BuyerId buyer, Instant orderPaidAt,
            OrderLine line, Instant now) {
        return open(id, request, shop, Optional.empty(), buyer, orderPaidAt, orderPaidAt.plus(ShippingDeadlines.DEFAULT),
                line, RequestHistory.none(line.paid().currency()), now);
    }

    /**
     * As above, for a shop that may be closed for a festival: while it is, every unshipped line is refunded
     * instantly whatever its amount (nothing can ship and the money is in escrow), and a review deadline is
     * pushed back by the closed time it spans.
     */
    public RefundOpening open(RefundId id, RefundRequest request, Shop shop, Optional<ShopClosing> closing,
            BuyerId buyer, Instant orderPaidAt, Instant shipBy, OrderLine line, RequestHistory history, Instant now) {
        Money refundable = line.refundable();
        Money amount = request.amount().orElse(refundable);
        if (!amount.isPositive() || amount.isGreaterThan(refundable)) {
            return new RefundOpening.ExceedsRefundable(amount, refundable);
        }
        RefundDecision decision;
        Optional<PolicyCall> call = Optional.empty();
        boolean closed = closing.isPresent() && closing.get().isClosedAt(now);
        if (closed && !line.isShipped()) {
            decision = new RefundDecision(true, SHOP_CLOSED_POLICY, 1, "Shop " + shop.id() + " is closed for the"
                    + " festival until " + closing.get().to() + ": unshipped line " + line.lineId()
                    + " is refunded instantly whatever its amount (paid " + line.paid().toDecimalString() + ").");
        } else {
            Instant effectiveShipBy = closing.map(c -> c.extend(orderPaidAt, shipBy)).orElse(shipBy);
            var context = new RefundContext(shop, buyer, orderPaidAt, line, amount, now, effectiveShipBy, closed,
                    history, Optional.of(request.reason()).filter(r -> !r.isEmpty()));
            PolicyRuling ruled = policies.decide(context);
            decision = new RefundDecision(ruled.instant(), ruled.policy(), ruled.version(), ruled.explanation());
            call = Optional.of(new PolicyCall(context, ruled));
        }
        Refund refund = Refund.open(id, request.orderId(), request.lineId(), buyer, amount, request.reason(), decision, now);
        if (!decision.instant()) {
            Instant windowEnd = deadlines.deadlineFor(shop.channel(), now);
            refund = refund.withReviewDeadline(windowEnd, closing.map(c -> c.extend(now, windowEnd)).orElse(windowEnd));
        }
        return new RefundOpening.Opened(refund, line.reserve(amount), call);
    }
}
