package io.miaotui.payout;

import io.miaotui.money.Money;
import io.miaotui.order.BuyerId;
import io.miaotui.order.OrderId;
import io.miaotui.refund.RefundId;

/** Pay {@code amount} of order {@code orderId} back to {@code buyerId}, once, keyed by {@code refundId}. */
public record PayoutInstruction(RefundId refundId, OrderId orderId, BuyerId buyerId, Money amount, int attempt) {
}
