package io.miaotui.server.database;

import static org.assertj.core.api.Assertions.assertThat;

import io.miaotui.server.MiaotuiApplication;
import io.miaotui.server.support.Api;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/** The whole service, stopped and started again on the same data directory, still has what it wrote. */
class RestartTest {

    @TempDir
    Path dataDir;

    private ConfigurableApplicationContext start() {
        // Command-line arguments, because they outrank application.properties (default properties do not).
        return new SpringApplicationBuilder(MiaotuiApplication.class)
                .run("--miaotui.data-dir=" + dataDir, "--server.port=0", "--logging.level.io.miaotui=WARN");
    }

    private static Api api(ConfigurableApplicationContext context) {
        return Api.of(context);
    }

    @Test
    @DisplayName("orders and refunds written before a restart of the embedded database are there after it")
    void dataSurvivesRestart() throws Exception {
        String refundId;
        try (var first = start()) {
            Api api = api(first);
            api.put("/api/v1/shops/S-1", Map.of("name", "Tea", "channel", "TAOBAO"));
            api.post("/api/v1/orders", Map.of("orderId", "O-1", "shopId", "S-1", "buyerId", "B-1",
                    "paidAt", "2026-11-11T00:00:00Z", "currency", "CNY",
                    "lines", java.util.List.of(Map.of("lineId", "L-1", "sku", "tea", "quantity", 1,
                            "paidAmount", "120.00"))));
            refundId = api.post("/api/v1/refunds", Map.of("orderId", "O-1", "lineId", "L-1", "amount", "20"),
                    "Idempotency-Key", "restart-1").text("refundId");
            api.awaitRefund(refundId, r -> "PAID".equals(r.text("status")), Duration.ofSeconds(5));
        }
        assertThat(dataDir.resolve("postgres/PG_VERSION")).as("the database lives in the given directory").exists();
        assertThat(dataDir.resolve("postgres/postmaster.pid")).as("PostgreSQL stopped cleanly").doesNotExist();

        try (var second = start()) {
            Api api = api(second);
            Api.Reply order = api.get("/api/v1/orders/O-1");
            Api.Reply refund = api.get("/api/v1/refunds/" + refundId);
            Api.Reply replay = api.post("/api/v1/refunds", Map.of("orderId", "O-1", "lineId", "L-1", "amount", "20"),
                    "Idempotency-Key", "restart-1");

            assertThat(order.status()).isEqualTo(200);
            assertThat(order.list("lines").getFirst()).containsEntry("refundedAmount", "20.00")
                    .containsEntry("paidAmount", "120.00");
            assertThat(refund.text("status")).isEqualTo("PAID");
            assertThat(replay.status()).isEqualTo(200);
            assertThat(replay.text("refundId")).isEqualTo(refundId);
        }
    }
}
