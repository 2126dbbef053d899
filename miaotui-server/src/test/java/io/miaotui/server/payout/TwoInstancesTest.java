package io.miaotui.server.payout;

import static org.assertj.core.api.Assertions.assertThat;

import io.miaotui.gatewaysim.Faults;
import io.miaotui.gatewaysim.GatewaySimulator;
import io.miaotui.gatewaysim.RefundRecord;
import io.miaotui.server.MiaotuiApplication;
import io.miaotui.server.database.EmbeddedDatabase;
import io.miaotui.server.support.Api;
import io.miaotui.server.support.Poll;
import io.miaotui.server.support.TestDirs;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Two instances of the service on one database share the outbox: both pay, neither pays what the other paid. */
class TwoInstancesTest {
    /** Instances behind one load balancer share the token secret, so a token from either works on both. */
    private static final String SHARED_SECRET = java.util.Base64.getEncoder()
            .encodeToString("two-instances-share-this-secret!".getBytes(java.nio.charset.StandardCharsets.US_ASCII));

    private static ConfigurableApplicationContext instance(EmbeddedDatabase database, GatewaySimulator sim) {
        return new SpringApplicationBuilder(MiaotuiApplication.class).run(
                "--spring.datasource.url=" + database.jdbcUrl(), "--spring.datasource.username=postgres",
                "--miaotui.auth.hmac-secret=" + SHARED_SECRET,
                "--miaotui.data-dir=" + TestDirs.fresh("miaotui-two-data-"),
                "--server.port=0", "--miaotui.gateway.url=" + sim.baseUrl(), "--logging.level.io.miaotui=WARN");
    }

    private static Api api(ConfigurableApplicationContext context) {
        return Api.of(context);
    }

    @Test
    @DisplayName("two instances' payout workers share approved refunds and pay each exactly once")
    void twoInstancesShareTheOutbox() throws Exception {
        try (var database = EmbeddedDatabase.start(TestDirs.fresh("miaotui-two-"), false);
                var sim = GatewaySimulator.start(0, Faults.NONE.withLatencyMs(5), 3L);
                var a = instance(database, sim);
                var b = instance(database, sim)) {
            Api apiA = api(a);
            Api apiB = api(b);
            apiA.put("/api/v1/shops/S-two", Map.of("name", "Two", "channel", "TMALL"));
            int refunds = 300;
            try (var pool = Executors.newFixedThreadPool(16)) {
                for (int i = 0; i < refunds; i++) {
                    int n = i;
                    Api api = n % 2 == 0 ? apiA : apiB;
                    pool.submit(() -> {
                        api.post("/api/v1/orders", Map.of("orderId", "O-two-" + n, "shopId", "S-two", "buyerId", "B-" + n,
                                "paidAt", Instant.now().toString(), "currency", "CNY", "lines", List.of(Map.of(
                                        "lineId", "L-1", "sku", "SKU", "quantity", 1, "paidAmount", "9.99"))));
                        api.post("/api/v1/refunds", Map.of("orderId", "O-two-" + n, "lineId", "L-1"),
                                "Idempotency-Key", "two-" + n);
                    });
                }
            }
            JdbcClient jdbc = a.getBean(JdbcClient.class);
            Poll.until(() -> jdbc.sql("select count(*) from refunds where status = 'PAID'").query(Long.class).single()
                    == refunds, Duration.ofSeconds(30));

            assertThat(jdbc.sql("select count(*) from refunds where status = 'PAID'").query(Long.class).single())
                    .isEqualTo(refunds);
            Map<String, Long> paid = sim.records().stream()
                    .collect(Collectors.groupingBy(RefundRecord::outRequestNo, Collectors.counting()));
            assertThat(paid).hasSize(refunds);
            assertThat(paid.values()).allMatch(times -> times == 1);
            assertThat(paidBy(a)).as("instance A paid some").isPositive();
            assertThat(paidBy(b)).as("instance B paid some").isPositive();
            assertThat(paidBy(a) + paidBy(b)).isEqualTo(refunds);
            assertThat(apiB.get("/api/v1/ledger/check").list("violations")).isEmpty();
            assertThat(apiB.get("/api/v1/refunds/" + apiA.post("/api/v1/refunds", Map.of("orderId", "O-two-0",
                    "lineId", "L-1"), "Idempotency-Key", "two-0").text("refundId")).status())
                    .as("a refund asked on A, read on B with A's token").isEqualTo(200);
        }
    }

    private static double paidBy(ConfigurableApplicationContext context) {
        return context.getBean(MeterRegistry.class).counter("miaotui.payouts", "outcome", "paid").count();
    }
}
