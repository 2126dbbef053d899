package io.miaotui.server.trust;

import static org.assertj.core.api.Assertions.assertThat;

import io.miaotui.server.MiaotuiApplication;
import io.miaotui.server.support.Api;
import io.miaotui.server.support.TestDirs;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;

/** The per-buyer refund limit over HTTP, on a service of its own with a small bucket (3, then 1 a minute). */
class RefundRateLimitTest {

    @Test
    @DisplayName("a buyer past their burst gets 429 with Retry-After, and nothing is written; another buyer is unaffected")
    void buyerPastTheBurst() {
        try (var context = new SpringApplicationBuilder(MiaotuiApplication.class).run("--server.port=0",
                "--miaotui.durable=false", "--logging.level.io.miaotui=WARN",
                "--miaotui.data-dir=" + TestDirs.fresh("miaotui-limit-"),
                "--miaotui.limits.refunds.burst=3", "--miaotui.limits.refunds.per-minute=1")) {
            Api api = Api.of(context);
            api.put("/api/v1/shops/S-limit", Map.of("name", "Limit", "channel", "TMALL"));
            for (String buyer : List.of("B-busy", "B-calm")) {
                api.post("/api/v1/orders", Map.of("orderId", "O-" + buyer, "shopId", "S-limit", "buyerId", buyer,
                        "paidAt", Instant.now().toString(), "currency", "CNY", "lines", List.of(
                                Map.of("lineId", "L-1", "sku", "a", "quantity", 1, "paidAmount", "100.00"))));
            }
            for (int i = 0; i < 3; i++) {
                assertThat(refund(api, "O-B-busy", "k-busy-" + i).status()).isEqualTo(201);
            }
            long refundsBefore = refunds(context);

            Api.Reply limited = refund(api, "O-B-busy", "k-busy-3");

            assertThat(limited.status()).isEqualTo(429);
            assertThat(limited.problem()).isEqualTo("rate-limited");
            assertThat(limited.contentType()).startsWith("application/problem+json");
            assertThat(Integer.parseInt(limited.header("Retry-After"))).isBetween(1, 60);
            assertThat(refunds(context)).isEqualTo(refundsBefore);
            assertThat(refund(api, "O-B-calm", "k-calm-0").status()).isEqualTo(201);
        }
    }

    private static Api.Reply refund(Api api, String orderId, String key) {
        return api.post("/api/v1/refunds", Map.of("orderId", orderId, "lineId", "L-1", "amount", "1.00"),
                "Idempotency-Key", key);
    }

    private static long refunds(org.springframework.context.ConfigurableApplicationContext context) {
        return context.getBean(org.springframework.jdbc.core.simple.JdbcClient.class)
                .sql("select count(*) from refunds").query(Long.class).single();
    }
}
