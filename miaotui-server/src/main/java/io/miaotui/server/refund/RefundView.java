package io.miaotui.server.refund;

import io.miaotui.refund.Refund;
import io.miaotui.refund.RefundStatus;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;

/** A refund as the API shows it. */
public record RefundView(String refundId, String orderId, String lineId, String buyerId, String amount,
        String currency, @Schema(nullable = true) String reason, RefundStatus status, Decision decision,
        Instant createdAt, @Schema(nullable = true, description = "when the gateway confirmed the payout") Instant paidAt,
        @Schema(nullable = true) String rejectionReason,
        @Schema(nullable = true, description = "while it waits for the merchant") Instant reviewDeadline) {

    /** {@code resolution}: who decided a reviewed refund (MERCHANT_APPROVED, MERCHANT_REJECTED, APPROVED_AT_DEADLINE). */
    public record Decision(boolean instant, String policy, int policyVersion, String explanation,
            @Schema(nullable = true) String resolution) {
    }

    public static RefundView of(Refund refund) {
        var decision = refund.decision();
        return new RefundView(refund.id().value(), refund.orderId().value(), refund.lineId().value(),
                refund.buyerId().value(), refund.amount().toDecimalString(), refund.amount().currency().name(),
                refund.reason(), refund.status(),
                new Decision(decision.instant(), decision.policy(), decision.policyVersion(), decision.explanation(),
                        refund.resolution().map(Enum::name).orElse(null)),
                refund.createdAt(), refund.paidAt().orElse(null), refund.rejectionReason().orElse(null),
                refund.reviewDeadline().orElse(null));
    }
}
