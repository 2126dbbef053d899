package io.miaotui.server.payout;

import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.miaotui.server.refund.RefundStore;
import io.miaotui.server.refund.RefundView;
import io.miaotui.server.web.RequestCheck;
import java.time.Instant;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Operators: payouts the gateway declined on every attempt, to retry ({@code POST /api/v1/refunds/{id}/retry-payout}),
 * close as refunded outside the gateway ({@code .../close-offline}) or cancel ({@code .../cancel}).
 */
@RestController
@Tag(name = "Payouts")
public class FailedPayoutController {
    private final RefundStore refunds;

    public FailedPayoutController(RefundStore refunds) {
        this.refunds = refunds;
    }

    public record FailedPayoutView(RefundView refund, @Schema(nullable = true) String error,
            @Schema(nullable = true) Instant failedAt) {
    }

    public record FailedPayoutPage(int page, int size, List<FailedPayoutView> payouts) {
    }

    @Operation(operationId = "listFailedPayouts", summary = "Failed payouts",
            description = "Payouts the gateway declined on every attempt (`PAYOUT_FAILED`, money back in escrow).")
    @GetMapping("/api/v1/payouts/failed")
    public FailedPayoutPage failed(@RequestParam(defaultValue = "0") int page,
            @RequestParam(defaultValue = "50") int size) {
        var check = new RequestCheck();
        check.paging(page, size);
        check.throwIfInvalid();
        return new FailedPayoutPage(page, size, refunds.failedPayouts(page, size).stream()
                .map(f -> new FailedPayoutView(RefundView.of(f.refund()), f.error(), f.failedAt()))
                .toList());
    }
}
