package io.miaotui.server.payout;

import io.miaotui.money.Money;
import io.miaotui.order.BuyerId;
import io.miaotui.order.LineId;
import io.miaotui.order.OrderId;
import io.miaotui.payout.PayoutInstruction;
import io.miaotui.refund.RefundId;
import java.time.Instant;

/**
 * An approved refund this worker has leased from the outbox and is about to pay. {@code leaseId} names the claim:
 * every later write of it must name it too, so a worker whose lease was taken over changes nothing.
 */
public record ClaimedPayout(RefundId refundId, OrderId orderId, LineId lineId, BuyerId buyerId, Money amount,
        int attempt, Instant approvedAt, String leaseId) {

    public PayoutInstruction instruction() {
        return new PayoutInstruction(refundId, orderId, buyerId, amount, attempt);
    }
}
