package io.miaotui.payout;

import io.miaotui.refund.RefundId;
import java.time.Instant;
import java.util.List;

/**
 * The port to whatever moves money back to the buyer. Implementations must treat the refund id as the idempotency
 * key: asking twice for the same refund pays once and answers the same.
 */
public interface PaymentGateway {

    PayoutOutcome pay(PayoutInstruction instruction);

    /** The gateway's record of {@code refundId}: asked before a payout is given up, since a decline can be wrong. */
    PayoutLookup lookUp(RefundId refundId);

    /** The gateway's statement: every refund it paid in [from, to), duplicates included, for reconciliation. */
    List<GatewayRefund> refundsBetween(Instant from, Instant to);
}
