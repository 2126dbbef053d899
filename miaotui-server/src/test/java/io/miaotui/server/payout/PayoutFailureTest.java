package io.miaotui.server.payout;

import static org.assertj.core.api.Assertions.assertThat;

import io.miaotui.server.support.Api;
import io.miaotui.server.support.ApiTestBase;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class PayoutFailureTest extends ApiTestBase {

    @AfterEach
    void healGateway() {
        gateway.declineNext(0);
    }

    @Test
    @DisplayName("a payout declined on every attempt ends PAYOUT_FAILED, back in escrow, until an operator retries it")
    void failsThenRetried() {
        String orderId = order("TMALL", "66.00");
        gateway.declineNext(1_000);
        String refundId = refund(run, orderId, "L-1", null).text("refundId");

        Api.Reply failed = awaitRefund(refundId, r -> "PAYOUT_FAILED".equals(r.text("status")), Duration.ofSeconds(10));

        assertThat(failed.text("status")).isEqualTo("PAYOUT_FAILED");
        assertThat(api.get("/api/v1/ledger/accounts/escrow:" + orderId).text("balance")).isEqualTo("66.00");
        assertThat(line(orderId, "L-1")).containsEntry("status", "REFUNDING");
        assertThat(ship(orderId, "L-1", "SF-" + run).problem()).isEqualTo("refund-in-progress");
        Api.Reply listed = api.get("/api/v1/payouts/failed?size=500");
        assertThat(listed.list("payouts")).anySatisfy(p -> {
            assertThat(((Map<?, ?>) p.get("refund")).get("refundId")).isEqualTo(refundId);
            assertThat((String) p.get("error")).contains("declined 4 times");
        });
        assertThat(api.get("/api/v1/ledger/check").list("violations")).isEmpty();

        gateway.declineNext(0);
        Api.Reply retried = api.post("/api/v1/refunds/" + refundId + "/retry-payout", Map.of());
        Api.Reply paid = awaitRefund(refundId, r -> "PAID".equals(r.text("status")), Duration.ofSeconds(5));
        Api.Reply again = api.post("/api/v1/refunds/" + refundId + "/retry-payout", Map.of());

        assertThat(retried.status()).isEqualTo(200);
        assertThat(paid.text("status")).isEqualTo("PAID");
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.problem()).isEqualTo("refund-not-pending");
        assertThat(api.get("/api/v1/ledger/accounts/escrow:" + orderId).text("balance")).isEqualTo("0.00");
        assertThat(line(orderId, "L-1")).containsEntry("status", "REFUNDED");
        assertThat(api.get("/api/v1/ledger/check").list("violations")).isEmpty();
        assertThat(jdbc.sql("select kind from ledger_entries where refund_id = ? order by created_at, kind")
                .param(refundId).query(String.class).list())
                .containsExactly("REFUND_APPROVED", "PAYOUT_FAILED", "REFUND_APPROVED", "PAYOUT_CONFIRMED");
    }

    /** A TMALL order of one 66.00 line whose refund's payout the gateway declined for good; the refund's id. */
    private String failedPayout(String orderId) {
        gateway.declineNext(1_000);
        String refundId = refund(run, orderId, "L-1", null).text("refundId");
        awaitRefund(refundId, r -> "PAYOUT_FAILED".equals(r.text("status")), Duration.ofSeconds(10));
        gateway.declineNext(0);
        return refundId;
    }

    private List<Map<String, Object>> audit(String refundId, String action) {
        return api.get("/api/v1/audit?subject=refund:" + refundId).list("entries").stream()
                .filter(e -> action.equals(e.get("action"))).toList();
    }

    @Test
    @DisplayName("an operator cancels a refund whose payout failed: the money stays in escrow, the line ships and its receipt pays the merchant")
    void cancelledRefundReleasesTheLine() {
        String shopId = shop("TMALL");
        String orderId = order(shopId, "O-" + java.util.UUID.randomUUID(), java.time.Instant.now(), "66.00");
        String refundId = failedPayout(orderId);

        Api.Reply noReason = api.post("/api/v1/refunds/" + refundId + "/cancel", Map.of());
        Api.Reply cancelled = api.post("/api/v1/refunds/" + refundId + "/cancel",
                Map.of("reason", "buyer keeps the goods; agreed by phone, ticket 4711"));
        Api.Reply again = api.post("/api/v1/refunds/" + refundId + "/cancel", Map.of("reason", "twice"));
        Api.Reply retried = api.post("/api/v1/refunds/" + refundId + "/retry-payout", Map.of());

        assertThat(noReason.status()).isEqualTo(422);
        assertThat(cancelled.status()).isEqualTo(200);
        assertThat(cancelled.text("status")).isEqualTo("CANCELLED");
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.problem()).isEqualTo("refund-not-pending");
        assertThat(retried.status()).isEqualTo(409);
        assertThat(line(orderId, "L-1")).containsEntry("status", "PAID").containsEntry("refundableAmount", "66.00");
        assertThat(api.get("/api/v1/ledger/accounts/escrow:" + orderId).text("balance")).isEqualTo("66.00");
        assertThat(ship(orderId, "L-1", "SF-" + run).status()).isLessThan(300);
        assertThat(api.post("/api/v1/orders/" + orderId + "/confirm-receipt", Map.of()).status()).isLessThan(300);
        assertThat(api.get("/api/v1/ledger/accounts/escrow:" + orderId).text("balance")).isEqualTo("0.00");
        assertThat(api.get("/api/v1/ledger/accounts/merchant:" + shopId).text("balance")).isEqualTo("66.00");
        assertThat(api.get("/api/v1/ledger/check").list("violations")).isEmpty();
        assertThat(audit(refundId, "CANCELLED")).singleElement().satisfies(e -> {
            assertThat((String) e.get("actor")).startsWith("OPERATOR:");
            assertThat(e.get("detail")).isEqualTo("buyer keeps the goods; agreed by phone, ticket 4711");
        });
    }

    @Test
    @DisplayName("an operator closes a failed payout as refunded outside the gateway: escrow to offline-refunds, the line REFUNDED")
    void closedOfflineRefundsTheLine() {
        String orderId = order("TMALL", "66.00");
        String refundId = failedPayout(orderId);

        Api.Reply noReason = api.post("/api/v1/refunds/" + refundId + "/close-offline", Map.of("reason", " "));
        Api.Reply closed = api.post("/api/v1/refunds/" + refundId + "/close-offline",
                Map.of("reason", "paid by bank transfer, reference ICBC-20261202-01"));
        Api.Reply again = api.post("/api/v1/refunds/" + refundId + "/close-offline", Map.of("reason", "twice"));
        Api.Reply cancel = api.post("/api/v1/refunds/" + refundId + "/cancel", Map.of("reason", "too late"));

        assertThat(noReason.status()).isEqualTo(422);
        assertThat(closed.status()).isEqualTo(200);
        assertThat(closed.text("status")).isEqualTo("REFUNDED_OFFLINE");
        assertThat(again.status()).isEqualTo(409);
        assertThat(cancel.status()).isEqualTo(409);
        assertThat(line(orderId, "L-1")).containsEntry("status", "REFUNDED").containsEntry("refundedAmount", "66.00");
        assertThat(ship(orderId, "L-1", "SF-" + run).problem()).isEqualTo("refund-in-progress");
        assertThat(api.get("/api/v1/ledger/accounts/escrow:" + orderId).text("balance")).isEqualTo("0.00");
        assertThat(api.get("/api/v1/ledger/accounts/offline-refunds").list("entries"))
                .anySatisfy(e -> assertThat(e).containsEntry("refundId", refundId).containsEntry("kind", "OFFLINE_REFUND"));
        assertThat(jdbc.sql("select kind from ledger_entries where refund_id = ? order by created_at, kind")
                .param(refundId).query(String.class).list())
                .containsExactly("REFUND_APPROVED", "PAYOUT_FAILED", "OFFLINE_REFUND");
        assertThat(api.get("/api/v1/ledger/check").list("violations")).isEmpty();
        assertThat(audit(refundId, "REFUNDED_OFFLINE")).singleElement().satisfies(e -> {
            assertThat((String) e.get("actor")).startsWith("OPERATOR:");
            assertThat(e.get("detail")).isEqualTo("paid by bank transfer, reference ICBC-20261202-01");
        });
    }

    @Test
    @DisplayName("only a refund whose payout failed can be closed or cancelled by an operator")
    void onlyFailedPayoutsClose() {
        String orderId = order("TMALL", "12.00");
        String refundId = refund(run, orderId, "L-1", null).text("refundId");
        awaitRefund(refundId, r -> "PAID".equals(r.text("status")), Duration.ofSeconds(10));

        Api.Reply closed = api.post("/api/v1/refunds/" + refundId + "/close-offline", Map.of("reason", "r"));
        Api.Reply cancelled = api.post("/api/v1/refunds/" + refundId + "/cancel", Map.of("reason", "r"));

        assertThat(closed.status()).isEqualTo(409);
        assertThat(closed.problem()).isEqualTo("refund-not-pending");
        assertThat(cancelled.status()).isEqualTo(409);
        assertThat(api.get("/api/v1/refunds/" + refundId).text("status")).isEqualTo("PAID");
    }
}
