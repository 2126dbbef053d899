package io.miaotui.server.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.miaotui.gatewaysim.Faults;
import io.miaotui.gatewaysim.GatewaySimulator;
import io.miaotui.gatewaysim.RefundRecord;
import io.miaotui.server.MiaotuiApplication;
import io.miaotui.server.reconciliation.ReconcileCommand;
import io.miaotui.server.support.Api;
import io.miaotui.server.support.Poll;
import io.miaotui.server.support.TestDirs;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The service paying through the HTTP adapter to the simulated gateway on loopback, with 20 % errors, 10 % lost
 * answers (money moved, answer lost) and 5 % timeouts. The simulator's own records are the truth about money.
 * The reconciliation test injects discrepancies into the shared simulator, so it runs last.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GatewayFaultTest {
    private static final long SEED = 20261111L;
    private static final int REFUNDS = 200;
    private static final Faults THIRTY_PERCENT = new Faults(0.20, 0.10, 0.05, 0.0, 1, 1_500);

    private static GatewaySimulator sim;
    private static ConfigurableApplicationContext context;
    private static Api api;
    private static JdbcClient jdbc;
    private static int port;
    private static Path dataDir;

    @BeforeAll
    static void start() throws Exception {
        sim = GatewaySimulator.start(0, THIRTY_PERCENT, SEED);
        dataDir = TestDirs.fresh("miaotui-gateway-");
        context = new SpringApplicationBuilder(MiaotuiApplication.class).run(
                "--miaotui.data-dir=" + dataDir, "--miaotui.durable=false",
                "--server.port=0", "--miaotui.gateway.url=" + sim.baseUrl(), "--miaotui.gateway.request-timeout=400ms",
                "--miaotui.payout.retry-first=20ms", "--miaotui.payout.retry-max=200ms",
                "--miaotui.payout.max-attempts=6", "--logging.level.io.miaotui=ERROR");
        port = ((WebServerApplicationContext) context).getWebServer().getPort();
        api = new Api(port, dataDir);
        jdbc = context.getBean(JdbcClient.class);
    }

    @AfterAll
    static void stop() {
        context.close();
        sim.close();
    }

    @Test
    @Order(1)
    @DisplayName("at 30% errors and lost answers every approved refund is paid exactly once, and reconciliation agrees")
    void faultyGatewayPaysEachRefundOnce() throws Exception {
        Instant from = Instant.now().minusSeconds(60);
        sim.setFaults(THIRTY_PERCENT);
        api.put("/api/v1/shops/S-fault", Map.of("name", "Faulty day", "channel", "TMALL"));
        var refundIds = new ConcurrentLinkedQueue<String>();
        try (var pool = Executors.newFixedThreadPool(16)) {
            for (int i = 0; i < REFUNDS; i++) {
                int n = i;
                pool.submit(() -> {
                    String orderId = "O-fault-" + n;
                    api.post("/api/v1/orders", Map.of("orderId", orderId, "shopId", "S-fault", "buyerId", "B-" + n,
                            "paidAt", Instant.now().toString(), "currency", "CNY", "lines", List.of(Map.of(
                                    "lineId", "L-1", "sku", "SKU", "quantity", 1, "paidAmount", (10 + n) + ".00"))));
                    Api.Reply reply = api.post("/api/v1/refunds", Map.of("orderId", orderId, "lineId", "L-1"),
                            "Idempotency-Key", "fault-" + n);
                    refundIds.add(reply.text("refundId"));
                });
            }
        }
        assertThat(refundIds).hasSize(REFUNDS).doesNotContainNull();
        awaitNoneApproved(Duration.ofSeconds(90));

        Map<String, String> statuses = jdbc.sql("select refund_id, status from refunds").query()
                .listOfRows().stream().collect(Collectors.toMap(r -> (String) r.get("refund_id"), r -> (String) r.get("status")));
        Map<String, Long> gatewayPayments = sim.records().stream()
                .collect(Collectors.groupingBy(RefundRecord::outRequestNo, Collectors.counting()));
        var stats = sim.stats();
        assertThat(stats.errors()).as("errors were injected").isPositive();
        assertThat(stats.lostAnswers()).as("answers were lost").isPositive();
        for (String refundId : refundIds) {
            assertThat(statuses.get(refundId)).as(refundId).isIn("PAID", "PAYOUT_FAILED");
            long paidTimes = gatewayPayments.getOrDefault(refundId, 0L);
            assertThat(paidTimes).as("the gateway's records for %s (%s)", refundId, statuses.get(refundId))
                    .isEqualTo(statuses.get(refundId).equals("PAID") ? 1 : 0);
        }
        assertThat(api.get("/api/v1/ledger/check").list("violations")).isEmpty();

        Api.Reply report = api.get("/api/v1/reconciliation?from=" + from + "&to=" + Instant.now().plusSeconds(60));
        assertThat(report.get("clean")).as(report.raw()).isEqualTo(true);
        assertThat(report.get("matched")).isEqualTo((int) statuses.values().stream().filter("PAID"::equals).count());
        assertThat(report.list("amountMismatches")).isEmpty();
    }

    @Test
    @Order(2)
    @DisplayName("reconciliation reports a refund the gateway paid twice and one the ledger never heard of")
    void reconciliationFindsDiscrepancies() throws Exception {
        Instant from = Instant.now().minusSeconds(60);
        sim.setFaults(Faults.NONE);
        api.put("/api/v1/shops/S-recon", Map.of("name", "Recon", "channel", "TMALL"));
        api.post("/api/v1/orders", Map.of("orderId", "O-recon", "shopId", "S-recon", "buyerId", "B-recon",
                "paidAt", Instant.now().toString(), "currency", "CNY",
                "lines", List.of(Map.of("lineId", "L-1", "sku", "SKU", "quantity", 1, "paidAmount", "88.00"))));
        String refundId = api.post("/api/v1/refunds", Map.of("orderId", "O-recon", "lineId", "L-1"),
                "Idempotency-Key", "recon-1").text("refundId");
        awaitNoneApproved(Duration.ofSeconds(10));
        RefundRecord paid = sim.records().stream().filter(r -> r.outRequestNo().equals(refundId)).findFirst().orElseThrow();
        sim.inject(paid);
        sim.inject(new RefundRecord("stranger-1", "O-nowhere", "B-x", 1234, Instant.now()));
        Instant to = Instant.now().plusSeconds(60);

        Api.Reply report = api.get("/api/v1/reconciliation?from=" + from + "&to=" + to);
        var out = new ByteArrayOutputStream();
        int exit = ReconcileCommand.run(new String[] {"reconcile", "--from", from.toString(), "--to", to.toString(),
                "--url", "http://127.0.0.1:" + port, "--token", api.actors().operator()}, new PrintStream(out, true, StandardCharsets.UTF_8), System.err);

        assertThat(report.get("clean")).isEqualTo(false);
        assertThat(report.list("duplicates")).extracting(l -> l.get("refundId")).containsExactly(refundId);
        assertThat(report.list("missingInLedger")).extracting(l -> l.get("refundId")).containsExactly("stranger-1");
        assertThat(exit).isEqualTo(1);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("result: DISCREPANCIES").contains("stranger-1")
                .contains(refundId);
        assertThat(api.get("/api/v1/reconciliation?from=" + to + "&to=" + from).status()).isEqualTo(422);
    }

    private static void awaitNoneApproved(Duration within) {
        Supplier<Long> approved = () -> jdbc.sql("select count(*) from refunds where status = 'APPROVED'")
                .query(Long.class).single();
        Poll.until(() -> approved.get() == 0, within);
        assertThat(approved.get()).as("payouts still in flight").isZero();
    }
}
