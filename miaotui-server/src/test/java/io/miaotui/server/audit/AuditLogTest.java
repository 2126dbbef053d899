package io.miaotui.server.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.miaotui.server.support.Api;
import io.miaotui.server.support.ApiTestBase;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class AuditLogTest extends ApiTestBase {

    @Test
    @DisplayName("every change names its actor: order system registers, buyer asks, merchant decides; operators filter")
    void changesNameTheirActors() {
        String shopId = shop("TAOBAO");
        String orderId = order(shopId, "O-audit-" + run, Instant.now(), "800.00", "50.00");
        String pending = refund("k-a-" + run, orderId, "L-1", null).text("refundId");
        assertThat(api.post("/api/v1/refunds/" + pending + "/reject", Map.of("reason", "already sent")).status())
                .isEqualTo(200);
        assertThat(ship(orderId, "L-2", "SF-" + run).status()).isEqualTo(201);

        List<Map<String, Object>> orderEntries = api.get("/api/v1/audit?subject=order:" + orderId).list("entries");
        List<Map<String, Object>> refundEntries = api.get("/api/v1/audit?subject=refund:" + pending).list("entries");
        List<Map<String, Object>> merchantEntries = api.get("/api/v1/audit?actor=MERCHANT:staff-of-" + shopId
                + "&size=500").list("entries");

        assertThat(orderEntries).extracting(e -> e.get("action") + " by " + e.get("actor")).containsExactly(
                "LINE_SHIPPED by MERCHANT:staff-of-" + shopId + "@" + shopId,
                "ORDER_REGISTERED by ORDER_SYSTEM:order-system");
        assertThat(refundEntries).extracting(e -> e.get("action") + " by " + e.get("actor")).containsExactly(
                "MERCHANT_REJECTED by MERCHANT:staff-of-" + shopId + "@" + shopId,
                "OPENED by BUYER:B-" + orderId);
        assertThat(merchantEntries).extracting(e -> e.get("action")).contains("LINE_SHIPPED", "MERCHANT_REJECTED")
                .doesNotContain("OPENED", "ORDER_REGISTERED");
        assertThat(api.get("/api/v1/audit?subject=shop:" + shopId).list("entries")).extracting(e -> e.get("actor"))
                .containsOnly("ORDER_SYSTEM:order-system");
    }

    @Test
    @DisplayName("bad audit queries are 422 naming the field; a request that failed leaves no audit entry")
    void badQueriesAndFailures() {
        Api.Reply bad = api.get("/api/v1/audit?from=yesterday&size=0");
        assertThat(bad.status()).isEqualTo(422);
        assertThat(bad.list("errors")).extracting(e -> e.get("field")).contains("from", "size");

        String shopId = shop("TMALL");
        String orderId = order(shopId, "O-audit-fail-" + run, Instant.now(), "10.00");
        assertThat(refund("k-f-" + run, orderId, "L-1", "11.00").status()).isEqualTo(422);
        assertThat(ship(orderId, "L-9", "SF-x").status()).isEqualTo(404);
        assertThat(api.get("/api/v1/audit?subject=order:" + orderId).list("entries")).extracting(e -> e.get("action"))
                .containsExactly("ORDER_REGISTERED");
    }
}
