package io.miaotui.server.refund;

import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.miaotui.refund.Refund;
import io.miaotui.refund.RefundId;
import io.miaotui.refund.RefundRequest;
import io.miaotui.refund.RefundStatus;
import io.miaotui.server.shop.ShopStore;
import io.miaotui.server.trust.Access;
import io.miaotui.server.trust.Caller;
import io.miaotui.server.web.RequestCheck;
import io.miaotui.shop.ShopId;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** A shop's refund queue, and its merchant's decisions on many refunds at once. */
@RestController
@Tag(name = "Refunds")
@RequestMapping("/api/v1/shops/{shopId}/refunds")
public class ShopRefundController {
    static final int MAX_BULK = 100;

    private final RefundService refunds;
    private final RefundStore store;
    private final ShopStore shops;
    private final Access access;

    public ShopRefundController(RefundService refunds, RefundStore store, ShopStore shops, Access access) {
        this.access = access;
        this.refunds = refunds;
        this.store = store;
        this.shops = shops;
    }

    public record QueueView(String shopId, RefundStatus status, int page, int size, List<RefundView> refunds) {
    }

    public record BulkBody(List<String> refundIds, String reason) {
    }

    /** {@code outcome}: APPROVED, REJECTED, NOT_PENDING (decided already) or NOT_FOUND (no such refund in this shop). */
    public record BulkResult(String refundId, String outcome,
            @Schema(nullable = true, description = "none when NOT_FOUND") RefundStatus status) {
    }

    public record BulkView(String shopId, int approved, int rejected, int skipped, List<BulkResult> results) {
    }

    @Operation(operationId = "listShopRefunds", summary = "A shop's refunds in one status",
            description = "The review queue: the shop's refunds in `status` (default PENDING_MERCHANT_REVIEW), "
                    + "waiting ones nearest deadline first.")
    @GetMapping
    public QueueView queue(Caller caller, @PathVariable String shopId,
            @RequestParam(defaultValue = "PENDING_MERCHANT_REVIEW") String status,
            @RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "50") int size) {
        var check = new RequestCheck();
        String shop = check.id("shopId", shopId);
        RefundStatus wanted = check.oneOf("status", status, RefundStatus.class);
        check.paging(page, size);
        check.throwIfInvalid();
        access.shop(caller, new ShopId(shop));
        shops.requireExists(new ShopId(shop));
        return new QueueView(shop, wanted, page, size,
                store.shopQueue(shop, wanted, page, size).stream().map(RefundView::of).toList());
    }

    @Operation(operationId = "bulkApproveRefunds", summary = "Approve many pending refunds",
            description = "Approves each listed refund (at most 100) in its own transaction; the answer says per "
                    + "id APPROVED, NOT_PENDING or NOT_FOUND.")
    @PostMapping("/bulk-approve")
    public BulkView bulkApprove(Caller caller, @PathVariable String shopId, @RequestBody BulkBody body) {
        List<RefundId> ids = parse(caller, shopId, body, false);
        return bulk(shopId, ids, id -> refunds.approve(id, caller));
    }

    @Operation(operationId = "bulkRejectRefunds", summary = "Reject many pending refunds",
            description = "Rejects each listed refund (at most 100) with one `reason`, each in its own "
                    + "transaction; the answer says per id REJECTED, NOT_PENDING or NOT_FOUND.")
    @PostMapping("/bulk-reject")
    public BulkView bulkReject(Caller caller, @PathVariable String shopId, @RequestBody BulkBody body) {
        List<RefundId> ids = parse(caller, shopId, body, true);
        return bulk(shopId, ids, id -> refunds.reject(id, body.reason(), caller));
    }

    /** Each refund is decided in its own transaction, so one that cannot be decided does not hold up the rest. */
    private BulkView bulk(String shopId, List<RefundId> ids, Function<RefundId, Decision> decide) {
        var results = new ArrayList<BulkResult>();
        int approved = 0;
        int rejected = 0;
        for (RefundId id : ids) {
            if (!store.shopOf(id).map(shopId::equals).orElse(false)) {
                results.add(new BulkResult(id.value(), "NOT_FOUND", null));
                continue;
            }
            switch (decide.apply(id)) {
                case Decision.Decided(Refund decided) -> {
                    boolean isApproval = decided.status() != RefundStatus.REJECTED;
                    approved += isApproval ? 1 : 0;
                    rejected += isApproval ? 0 : 1;
                    results.add(new BulkResult(id.value(), isApproval ? "APPROVED" : "REJECTED", decided.status()));
                }
                case Decision.NotPending refused ->
                        results.add(new BulkResult(id.value(), "NOT_PENDING", refused.status()));
                case Decision.NotFound missing -> results.add(new BulkResult(id.value(), "NOT_FOUND", null));
            }
        }
        return new BulkView(shopId, approved, rejected, ids.size() - approved - rejected, results);
    }

    private List<RefundId> parse(Caller caller, String shopId, BulkBody body, boolean reasonRequired) {
        var check = new RequestCheck();
        String shop = check.id("shopId", shopId);
        List<String> raw = body.refundIds() == null ? List.of() : body.refundIds();
        check.require(!raw.isEmpty() && raw.size() <= MAX_BULK, "refundIds", "must hold 1 to " + MAX_BULK + " ids");
        check.require(raw.stream().distinct().count() == raw.size(), "refundIds", "must not repeat an id");
        for (int i = 0; i < Math.min(raw.size(), MAX_BULK); i++) {
            check.id("refundIds[" + i + "]", raw.get(i));
        }
        if (reasonRequired) {
            check.text("reason", body.reason(), RefundRequest.MAX_REASON_LENGTH, true);
        }
        check.throwIfInvalid();
        access.shop(caller, new ShopId(shop));
        shops.requireExists(new ShopId(shop));
        var ids = new ArrayList<RefundId>();
        for (String id : raw.subList(0, Math.min(raw.size(), MAX_BULK))) {
            ids.add(new RefundId(id));
        }
        return ids;
    }
}
