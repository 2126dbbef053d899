package io.miaotui.server.payout;

import static org.assertj.core.api.Assertions.assertThat;

import io.miaotui.server.support.Api;
import io.miaotui.server.support.ApiTestBase;
import java.time.Duration;
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
}
