package io.miaotui.server.payout;

import static org.assertj.core.api.Assertions.assertThat;

import io.miaotui.gatewaysim.Faults;
import io.miaotui.gatewaysim.GatewaySimulator;
import io.miaotui.gatewaysim.RefundRecord;
import io.miaotui.server.support.Api;
import io.miaotui.server.support.JarServers;
import io.miaotui.server.support.TestDirs;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The built server jar, as its own process, is killed with SIGKILL in the middle of a stream of refunds while
 * payouts are in flight, then started again on the same data directory. Clients retry what got no answer, with
 * the same idempotency keys. Afterwards every refund is paid exactly once by the gateway's own records, and
 * the ledger check and reconciliation are clean.
 */
class CrashIT {
    private static final int REFUNDS = 400;

    private final JarServers servers = new JarServers("crash-it");
    private GatewaySimulator sim;

    @AfterEach
    void cleanUp() throws Exception {
        servers.close();
        if (sim != null) {
            sim.close();
        }
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    @DisplayName("a SIGKILL during a stream of refunds loses no refund and pays none twice")
    void killedMidStream() throws Exception {
        sim = GatewaySimulator.start(0, Faults.NONE.withLatencyMs(30), 7L);
        Path dataDir = TestDirs.fresh("miaotui-crash-");
        int port = JarServers.freePort();
        Api api = new Api(port, dataDir);
        Instant from = Instant.now().minusSeconds(60);

        Process first = startServer(dataDir, port, "first");
        api.put("/api/v1/shops/S-crash", Map.of("name", "Crash", "channel", "TMALL"));
        try (var pool = Executors.newFixedThreadPool(16)) {
            for (int i = 0; i < REFUNDS; i++) {
                int n = i;
                pool.submit(() -> api.post("/api/v1/orders", orderBody(n)));
            }
        }

        var answered = new ConcurrentHashMap<Integer, String>();
        var sent = new AtomicInteger();
        var senders = Executors.newFixedThreadPool(8);
        for (int i = 0; i < REFUNDS; i++) {
            int n = i;
            senders.submit(() -> {
                sent.incrementAndGet();
                try {
                    Api.Reply reply = refund(api, n);
                    if (reply.status() == 201 || reply.status() == 200) {
                        answered.put(n, reply.text("refundId"));
                    }
                } catch (RuntimeException connectionLost) {
                    // the server died under this request: the client will retry it
                }
            });
        }
        while (answered.size() < REFUNDS / 3) {
            Thread.sleep(5);
        }
        first.destroyForcibly();
        assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
        senders.shutdown();
        assertThat(senders.awaitTermination(2, TimeUnit.MINUTES)).isTrue();
        int answeredBeforeCrash = answered.size();
        assertThat(answeredBeforeCrash).as("the crash came mid-stream").isLessThan(REFUNDS);

        startServer(dataDir, port, "second");
        for (int i = 0; i < REFUNDS; i++) {
            if (!answered.containsKey(i)) {
                Api.Reply reply = refund(api, i);
                assertThat(reply.status()).as("retry of %d: %s", i, reply).isIn(200, 201);
                answered.put(i, reply.text("refundId"));
            }
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        for (String refundId : answered.values()) {
            Duration left = Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
            assertThat(api.awaitRefund(refundId, r -> "PAID".equals(r.text("status")), left).text("status"))
                    .as(refundId).isEqualTo("PAID");
        }

        Map<String, Long> paidByGateway = sim.records().stream()
                .collect(Collectors.groupingBy(RefundRecord::outRequestNo, Collectors.counting()));
        assertThat(paidByGateway).hasSize(REFUNDS);
        assertThat(paidByGateway.values()).allMatch(times -> times == 1);
        assertThat(paidByGateway.keySet()).containsExactlyInAnyOrderElementsOf(answered.values());
        Api.Reply check = api.get("/api/v1/ledger/check");
        assertThat(check.list("violations")).as(check.raw()).isEmpty();
        Api.Reply reconciliation = api.get("/api/v1/reconciliation?from=" + from + "&to=" + Instant.now().plusSeconds(60));
        assertThat(reconciliation.get("clean")).as(reconciliation.raw()).isEqualTo(true);
        assertThat(reconciliation.get("matched")).isEqualTo(REFUNDS);
    }

    private Process startServer(Path dataDir, int port, String name) throws Exception {
        return servers.start(name, dataDir, port, Duration.ofSeconds(120), "--miaotui.gateway.url=" + sim.baseUrl(),
                "--miaotui.payout.lease=2s", "--miaotui.payout.retry-first=50ms", "--miaotui.payout.retry-max=500ms");
    }

    private static Api.Reply refund(Api api, int n) {
        return api.post("/api/v1/refunds", Map.of("orderId", "O-crash-" + n, "lineId", "L-1", "reason", "crash test"),
                "Idempotency-Key", "crash-" + n);
    }

    private static Map<String, Object> orderBody(int n) {
        return Map.of("orderId", "O-crash-" + n, "shopId", "S-crash", "buyerId", "B-" + n,
                "paidAt", Instant.now().toString(), "currency", "CNY",
                "lines", List.of(Map.of("lineId", "L-1", "sku", "SKU", "quantity", 1, "paidAmount", (5 + n) + ".00")));
    }
}
