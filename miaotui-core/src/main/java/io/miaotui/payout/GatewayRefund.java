package io.miaotui.payout;

import io.miaotui.money.Money;
import java.time.Instant;

/**
 * One refund as the gateway's own statement records it: the id we sent as its idempotency key, the order it
 * named, what moved and when. Reconciliation compares these with the ledger.
 */
public record GatewayRefund(String requestNo, String orderId, Money amount, Instant paidAt) {
}
