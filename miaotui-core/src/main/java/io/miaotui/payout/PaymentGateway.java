package io.miaotui.payout;

/**
 * The port to whatever moves money back to the buyer. Implementations must treat the refund id as the idempotency
 * key: asking twice for the same refund pays once and answers the same.
 */
public interface PaymentGateway {

    PayoutOutcome pay(PayoutInstruction instruction);
}
