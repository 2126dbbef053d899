package io.miaotui.server.refund;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.miaotui.money.Currency;
import io.miaotui.money.Money;
import io.miaotui.order.LineId;
import io.miaotui.order.OrderId;
import io.miaotui.refund.RefundId;
import io.miaotui.refund.RefundRequest;
import io.miaotui.server.order.MissingLine;
import io.miaotui.server.trust.Access;
import io.miaotui.server.trust.BuyerRateLimiter;
import io.miaotui.server.trust.Caller;
import io.miaotui.server.web.ApiProblem;
import io.miaotui.server.web.ProblemType;
import io.miaotui.server.web.RequestCheck;
import io.miaotui.server.web.RequestFingerprint;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Buyers' refund requests and merchants' decisions on the ones that wait for review. */
@RestController
@Tag(name = "Refunds")
@RequestMapping("/api/v1/refunds")
public class RefundController {
    private final RefundService refunds;
    private final Access access;
    private final BuyerRateLimiter limiter;

    public RefundController(RefundService refunds, Access access, BuyerRateLimiter limiter) {
        this.access = access;
        this.limiter = limiter;
        this.refunds = refunds;
    }

    public record RefundBody(@Schema(requiredMode = REQUIRED, example = "O-1001") String orderId,
            @Schema(requiredMode = REQUIRED, example = "L-1") String lineId,
            @Schema(example = "499.00", description = "yuan, at most two decimals; default: all still refundable")
            String amount, @Schema(example = "ordered twice") String reason) {
    }

    public record RejectBody(String reason) {
    }

    @Operation(operationId = "requestRefund", summary = "Ask for a refund of an order line",
            description = "The buyer asks for a refund of one line (all that is still refundable, or `amount`). "
                    + "Decided at once by the channel's policy: instant (APPROVED, paid within seconds) or "
                    + "PENDING_MERCHANT_REVIEW with a `reviewDeadline`. The `Idempotency-Key` is the buyer's own: "
                    + "the same key and body again is a replay (200, the same refund); the same key with another "
                    + "body is a 422 `idempotency-key-reused`.")
    @ApiResponse(responseCode = "201", description = "The refund was opened.")
    @ApiResponse(responseCode = "200", description = "A replay: the refund this key already opened.")
    @ApiResponse(responseCode = "404", description = "No such order or line for this buyer (`order-not-found`, "
            + "`line-not-found`).")
    @ApiResponse(responseCode = "409", description = "The line has shipped or a refund of it is open.")
    @ApiResponse(responseCode = "422", description = "Invalid input, `amount-exceeds-refundable`, or "
            + "`idempotency-key-reused`.")
    @ApiResponse(responseCode = "429", description = "`rate-limited`: too many refund requests from this buyer.",
            headers = @Header(name = "Retry-After", description = "seconds until the buyer may ask again",
                    schema = @Schema(type = "integer")))
    @PostMapping
    public ResponseEntity<RefundView> request(Caller caller,
            @Parameter(description = "The buyer's key for this request (1-64 characters): the same key again is a replay",
                    schema = @Schema(minLength = 1, maxLength = 64)) @RequestHeader("Idempotency-Key") String idempotencyKey,
            @RequestBody RefundBody body) {
        var check = new RequestCheck();
        String key = check.id("Idempotency-Key", idempotencyKey);
        String orderId = check.id("orderId", body.orderId());
        String lineId = check.id("lineId", body.lineId());
        Money amount = body.amount() == null ? null : check.positiveAmount("amount", body.amount(), Currency.CNY);
        String reason = check.text("reason", body.reason(), RefundRequest.MAX_REASON_LENGTH, false);
        check.throwIfInvalid();
        limiter.acquire(caller.subject());
        var request = new RefundRequest(new OrderId(orderId), new LineId(lineId), Optional.ofNullable(amount), reason);
        String fingerprint = RequestFingerprint.of(orderId, lineId,
                amount == null ? "all" : amount.minorUnits(), reason);
        return switch (refunds.request(key, request, fingerprint, caller)) {
            case RequestAnswer.Opened opened ->
                    ResponseEntity.status(HttpStatus.CREATED).body(RefundView.of(opened.refund()));
            case RequestAnswer.Replayed replayed -> ResponseEntity.ok(RefundView.of(replayed.refund()));
            case RequestAnswer.LineNotFound missing ->
                    throw MissingLine.problem(access, caller, missing.orderId(), missing.lineId());
            case RequestAnswer.ExceedsRefundable e -> throw new ApiProblem(ProblemType.AMOUNT_EXCEEDS_REFUNDABLE,
                    "Line " + e.lineId() + " of order " + e.orderId() + " can refund at most "
                            + e.refundable().toDecimalString() + "; asked " + e.requested().toDecimalString() + ".",
                    Map.of("refundable", e.refundable().toDecimalString()));
            case RequestAnswer.KeyReused reused -> throw new ApiProblem(ProblemType.IDEMPOTENCY_KEY_REUSED,
                    "Idempotency key '" + reused.key() + "' was used for a different refund request ("
                            + reused.earlier() + ").");
        };
    }

    @Operation(operationId = "getRefund", summary = "Read a refund",
            description = "The refund with its status, decision and deadlines.")
    @GetMapping("/{refundId}")
    public RefundView get(Caller caller, @PathVariable String refundId) {
        RefundId id = owned(caller, refundId);
        return RefundView.of(refunds.find(id).orElseThrow(() -> notFound(id.value())));
    }

    public record HistoryView(String refundId, List<RefundStore.HistoryStep> steps) {
    }

    /** Every step of the refund: opened, the merchant's or the platform's decision, payouts. */
    @Operation(operationId = "getRefundHistory", summary = "A refund's history",
            description = "Every step of a refund: opened, the merchant's or the platform's decision, payouts, "
                    + "with who acted.")
    @GetMapping("/{refundId}/history")
    public HistoryView history(Caller caller, @PathVariable String refundId) {
        return new HistoryView(refundId, refunds.history(owned(caller, refundId)));
    }

    @Operation(operationId = "approveRefund", summary = "Approve a pending refund",
            description = "The shop's merchant grants a refund that waits for review; it is then paid.")
    @ApiResponse(responseCode = "200", description = "OK.")
    @ApiResponse(responseCode = "409", description = "`refund-not-pending`: the refund is not waiting for review.")
    @PostMapping("/{refundId}/approve")
    public RefundView approve(Caller caller, @PathVariable String refundId) {
        return answer(refunds.approve(owned(caller, refundId), caller));
    }

    /** Operators: send a payout that failed for good to the gateway again. */
    @Operation(operationId = "retryPayout", summary = "Retry a failed payout",
            description = "An operator sends a payout that the gateway declined on every attempt (`PAYOUT_FAILED`) "
                    + "again.")
    @ApiResponse(responseCode = "200", description = "OK.")
    @ApiResponse(responseCode = "409", description = "`refund-not-pending`: the refund's payout has not failed.")
    @PostMapping("/{refundId}/retry-payout")
    public RefundView retryPayout(Caller caller, @PathVariable String refundId) {
        return answer(refunds.retryPayout(owned(caller, refundId), caller));
    }

    /** Operators: why a failed payout is closed; required, kept in the refund's history and the audit log. */
    public record CloseBody(String reason) {
    }

    /** Operators: a failed payout's buyer was refunded outside the gateway; the line is refunded. */
    @Operation(operationId = "closeRefundOffline", summary = "Close a failed payout as refunded offline",
            description = "An operator records that a `PAYOUT_FAILED` refund's buyer was paid outside the gateway "
                    + "(`reason` required): escrow goes to `offline-refunds`, the line is REFUNDED and the refund "
                    + "REFUNDED_OFFLINE.")
    @ApiResponse(responseCode = "200", description = "OK.")
    @ApiResponse(responseCode = "409", description = "`refund-not-pending`: the refund's payout has not failed.")
    @PostMapping("/{refundId}/close-offline")
    public RefundView closeOffline(Caller caller, @PathVariable String refundId,
            @RequestBody(required = false) CloseBody body) {
        String reason = closingReason(body);
        return answer(refunds.closeOffline(owned(caller, refundId), reason, caller));
    }

    /** Operators: a refund whose payout failed is cancelled; the money stays in escrow and the line is free again. */
    @Operation(operationId = "cancelRefund", summary = "Cancel a refund whose payout failed",
            description = "An operator cancels a `PAYOUT_FAILED` refund (`reason` required): the money stays in "
                    + "escrow and the line may ship again.")
    @ApiResponse(responseCode = "200", description = "OK.")
    @ApiResponse(responseCode = "409", description = "`refund-not-pending`: the refund's payout has not failed.")
    @PostMapping("/{refundId}/cancel")
    public RefundView cancel(Caller caller, @PathVariable String refundId, @RequestBody(required = false) CloseBody body) {
        String reason = closingReason(body);
        return answer(refunds.cancel(owned(caller, refundId), reason, caller));
    }

    private static String closingReason(CloseBody body) {
        var check = new RequestCheck();
        String reason = check.text("reason", body == null ? null : body.reason(), RefundRequest.MAX_REASON_LENGTH, true);
        check.throwIfInvalid();
        return reason;
    }

    @Operation(operationId = "rejectRefund", summary = "Reject a pending refund",
            description = "The shop's merchant refuses a refund that waits for review, giving a `reason` (required).")
    @ApiResponse(responseCode = "200", description = "OK.")
    @ApiResponse(responseCode = "409", description = "`refund-not-pending`: the refund is not waiting for review.")
    @PostMapping("/{refundId}/reject")
    public RefundView reject(Caller caller, @PathVariable String refundId,
            @RequestBody(required = false) RejectBody body) {
        var check = new RequestCheck();
        String reason = check.text("reason", body == null ? null : body.reason(), RefundRequest.MAX_REASON_LENGTH, true);
        check.throwIfInvalid();
        return answer(refunds.reject(owned(caller, refundId), reason, caller));
    }

    /** A decision's answer: the refund after it, or the refusal as problem+json (409 not pending, 404 not found). */
    private static RefundView answer(Decision decision) {
        return switch (decision) {
            case Decision.Decided decided -> RefundView.of(decided.refund());
            case Decision.NotPending refused -> throw new ApiProblem(ProblemType.REFUND_NOT_PENDING,
                    "Refund " + refused.id() + " is " + refused.status() + "; " + refused.rule() + ".",
                    Map.of("refundStatus", refused.status().name()));
            case Decision.NotFound missing -> throw notFound(missing.id().value());
        };
    }

    private static ApiProblem notFound(String refundId) {
        return new ApiProblem(ProblemType.REFUND_NOT_FOUND, "No refund " + refundId + ".");
    }

    /** The refund the path names, if the caller may see it; otherwise the same 404 as for no refund at all. */
    private RefundId owned(Caller caller, String refundId) {
        RefundId id = parseId(refundId);
        access.refund(caller, id);
        return id;
    }

    /** Refund ids are UUIDs we minted; anything else cannot name a refund. */
    private static RefundId parseId(String value) {
        try {
            UUID uuid = UUID.fromString(value);
            if (uuid.toString().equals(value)) {
                return RefundId.of(uuid);
            }
        } catch (IllegalArgumentException e) {
            // fall through: not a refund id
        }
        throw notFound(value);
    }
}
