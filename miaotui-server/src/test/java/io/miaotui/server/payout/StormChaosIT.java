package io.miaotui.server.payout;

import static org.assertj.core.api.Assertions.assertThat;

import io.miaotui.gatewaysim.Faults;
import io.miaotui.gatewaysim.GatewaySimulator;
import io.miaotui.gatewaysim.RefundRecord;
import io.miaotui.server.support.Api;
import io.miaotui.server.support.JarServers;
import io.miaotui.server.support.TestDirs;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
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
 * A small refund storm with everything going wrong under it. The packaged server runs as its own process on a
 * PostgreSQL of its own (an external database, as in production); buyers send refunds of unshipped lines, retries
 * of them with the same idempotency key, and refunds of shipped lines, while the order system ships lines. During
 * the storm the gateway answers a burst of requests with errors and keeps losing some answers (the payment went
 * through, the answer did not come back) and holding others past the timeout; the server is killed with SIGKILL
 * and started again; PostgreSQL is stopped and started again under it. Clients do what real ones do: a request
 * that got no answer or a 5xx is sent again, with the same key, until it is answered.
 *
 * <p>Afterwards: every refund answered 201 exists, and every answer for one key named the same refund; each
 * instant refund is PAID, and the gateway's own records hold exactly one payout for each of them and nothing else;
 * the refunds of shipped lines wait for their merchant; no payout failed; the ledger check and the
 * reconciliation are clean. The seed is printed; {@code -Dmiaotui.seed=} replays the storm's mix.
 */
class StormChaosIT {
    private static final long SEED = Long.getLong("miaotui.seed", System.nanoTime() & 0xFFFFFF);
    private static final int ORDERS = 150;
    private static final int SENDERS = 8;
    private static final Duration SETTLE_WITHIN = Duration.ofSeconds(60);
    /**
     * How long a start, or a request across the restarts, may take: about 10 s on an idle machine, but starts took
     * 110–160 s while five builds shared the two cores.
     */
    private static final Duration PATIENCE = Duration.ofSeconds(300);

    private final JarServers servers = new JarServers("storm-chaos-it");
    private GatewaySimulator sim;
    private volatile EmbeddedPostgres postgres;

    @AfterEach
    void cleanUp() throws Exception {
        servers.close();
        if (sim != null) {
            sim.close();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    /**
     * One request of the storm. A shipment has no key. {@code after} names the request that must have been
     * answered first: a retry follows its original (a client retries what it sent), a shipped line's refund follows
     * the shipment.
     */
    private record Op(String kind, int order, String line, String key, String after) {
        String name() {
            return key != null ? key : "ship-" + order + "-" + line;
        }

        boolean refund() {
            return key != null;
        }
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.MINUTES) // minutes idle; 15 were not enough with starts of 250-300 s
    @DisplayName("under a storm, a SIGKILL, gateway faults and a PostgreSQL restart lose no refund, pay none twice and leave none stuck")
    void stormWithChaos() throws Exception {
        System.out.println("StormChaosIT seed " + SEED + " (replay with -Dmiaotui.seed=" + SEED + ")");
        Random random = new Random(SEED);
        Faults steady = Faults.NONE.withLatencyMs(5).withLostAnswerRate(0.05).withTimeoutRate(0.02).withTimeoutDelayMs(1500);
        sim = GatewaySimulator.start(0, steady, SEED);
        Path dataDir = TestDirs.fresh("miaotui-storm-chaos-");
        Path pgDir = Files.createDirectories(dataDir.resolve("external-postgres"));
        int pgPort = JarServers.freePort();
        postgres = startPostgres(pgDir, pgPort);
        int port = JarServers.freePort();
        Api api = new Api(port, dataDir);
        Instant from = Instant.now().minusSeconds(60);
        Process first = startServer(dataDir, port, pgPort, "first");

        api.put("/api/v1/shops/S-storm-tmall", Map.of("name", "Storm Tmall", "channel", "TMALL"));
        api.put("/api/v1/shops/S-storm-taobao", Map.of("name", "Storm Taobao", "channel", "TAOBAO"));
        try (var pool = Executors.newFixedThreadPool(16)) {
            for (int n = 0; n < ORDERS; n++) {
                int order = n;
                pool.submit(() -> assertThat(api.post("/api/v1/orders", orderBody(order)).status()).isEqualTo(201));
            }
        }

        // The mix: every order's L1 refunded; its L2 either refunded too, or (one order in four) shipped first and
        // then refunded as a shipped line; one refund in five retried later with the same key.
        List<Op> ops = new ArrayList<>();
        List<Op> shippedRefunds = new ArrayList<>();
        for (int n = 0; n < ORDERS; n++) {
            ops.add(new Op("REFUND", n, "L-1", "k-" + n + "-L-1", null));
            if (n % 4 == 3) {
                ops.add(new Op("SHIPMENT", n, "L-2", null, null));
                shippedRefunds.add(new Op("REFUND_SHIPPED", n, "L-2", "k-" + n + "-L-2", "ship-" + n + "-L-2"));
            } else {
                ops.add(new Op("REFUND", n, "L-2", "k-" + n + "-L-2", null));
            }
        }
        List<Op> retries = new ArrayList<>();
        for (Op op : ops) {
            if (op.refund() && random.nextInt(5) == 0) {
                retries.add(new Op("RETRY", op.order(), op.line(), op.key(), op.key()));
            }
        }
        // shipped-line refunds after the shipments; each retry somewhere after its original (a sender waits for
        // what a request follows, so a retry taken before its original could leave every sender waiting)
        List<Op> storm = new ArrayList<>(ops);
        storm.addAll(shippedRefunds);
        for (Op retry : retries) {
            int original = storm.indexOf(ops.stream().filter(op -> op.key() != null && op.key().equals(retry.key()))
                    .findFirst().orElseThrow());
            storm.add(original + 1 + random.nextInt(storm.size() - original), retry);
        }

        var refundIdsByKey = new ConcurrentHashMap<String, Set<String>>();
        var statusAtCreation = new ConcurrentHashMap<String, String>();
        var shipmentAnswers = new ConcurrentHashMap<Integer, Integer>();
        var answered = new AtomicInteger();
        Set<String> answeredNames = ConcurrentHashMap.newKeySet();
        var resent = new AtomicInteger();
        var next = new AtomicInteger();
        long storming = System.nanoTime();
        var senders = Executors.newFixedThreadPool(SENDERS);
        var sending = new ArrayList<java.util.concurrent.Future<Object>>();
        for (int s = 0; s < SENDERS; s++) {
            sending.add(senders.submit(() -> {
                int index;
                while ((index = next.getAndIncrement()) < storm.size()) {
                    Op op = storm.get(index);
                    long waitUntil = System.nanoTime() + PATIENCE.toNanos();
                    while (op.after() != null && !answeredNames.contains(op.after())) {
                        if (System.nanoTime() > waitUntil) {
                            throw new AssertionError(op + " waited in vain for " + op.after() + " to be answered");
                        }
                        Thread.sleep(10);
                    }
                    long giveUp = System.nanoTime() + PATIENCE.toNanos();
                    while (true) {
                        Integer status = send(api, op, refundIdsByKey, statusAtCreation, shipmentAnswers);
                        if (status != null && status < 500) {
                            answeredNames.add(op.name());
                            answered.incrementAndGet();
                            break;
                        }
                        resent.incrementAndGet();
                        if (System.nanoTime() > giveUp) {
                            throw new AssertionError(op + " was never answered");
                        }
                        Thread.sleep(200);
                    }
                    Thread.sleep(5); // about 8 × 150 requests a second at most: a storm for two shared cores
                }
                return null;
            }));
        }

        // The chaos, in the storm's course.
        awaitAnswered(answered, storm.size() / 5);
        sim.setFaults(steady.withErrorRate(0.6));
        Thread.sleep(1500);
        sim.setFaults(steady);
        awaitAnswered(answered, storm.size() * 2 / 5);
        first.destroyForcibly(); // SIGKILL
        assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
        startServer(dataDir, port, pgPort, "second");
        awaitAnswered(answered, storm.size() * 7 / 10);
        postgres.close(); // a fast shutdown: open transactions are cut off
        Thread.sleep(500);
        postgres = startPostgres(pgDir, pgPort);

        senders.shutdown();
        boolean finished = senders.awaitTermination(PATIENCE.toSeconds() + 60, TimeUnit.SECONDS);
        for (var sender : sending) {
            if (sender.isDone()) {
                sender.get(); // a sender's failed assertion fails the test, with its own message
            }
        }
        assertThat(finished).as("every request answered").isTrue();
        System.out.printf("StormChaosIT: %d requests answered, %d sent again, storm took %d ms%n", answered.get(),
                resent.get(), (System.nanoTime() - storming) / 1_000_000);
        assertThat(answered.get()).isEqualTo(storm.size());

        // Every key named one refund, whatever answered it (before or after a crash, a first answer or a replay).
        List<String> multiple = refundIdsByKey.entrySet().stream().filter(e -> e.getValue().size() != 1)
                .map(e -> e.getKey() + " -> " + e.getValue()).toList();
        assertThat(multiple).as("keys answered with different refunds").isEmpty();
        Set<String> refundKeys = new HashSet<>();
        storm.stream().filter(Op::refund).forEach(op -> refundKeys.add(op.key()));
        assertThat(refundIdsByKey.keySet()).as("every refund request answered with a refund")
                .containsExactlyInAnyOrderElementsOf(refundKeys);
        assertThat(shipmentAnswers.values()).as("shipments").allMatch(status -> status == 200 || status == 201);

        Set<String> instant = new HashSet<>();
        Set<String> waiting = new HashSet<>();
        long deadline = System.nanoTime() + SETTLE_WITHIN.toNanos();
        for (Op op : storm) {
            if (!op.refund() || op.kind().equals("RETRY")) {
                continue;
            }
            String refundId = refundIdsByKey.get(op.key()).iterator().next();
            Api.Reply now = api.get("/api/v1/refunds/" + refundId);
            assertThat(now.status()).as("refund %s answered 201 exists", refundId).isEqualTo(200);
            if (op.kind().equals("REFUND_SHIPPED")) {
                assertThat(now.text("status")).as("a shipped line's refund waits for its merchant")
                        .isEqualTo("PENDING_MERCHANT_REVIEW");
                waiting.add(refundId);
                continue;
            }
            instant.add(refundId);
            Duration left = Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
            assertThat(api.awaitRefund(refundId, r -> "PAID".equals(r.text("status")), left).text("status"))
                    .as("instant refund %s (answered %s) is paid within %s", refundId,
                            statusAtCreation.get(op.key()), SETTLE_WITHIN).isEqualTo("PAID");
        }
        assertThat(instant).hasSize(ORDERS * 2 - ORDERS / 4);
        assertThat(waiting).hasSize(ORDERS / 4);

        Map<String, Long> paidByGateway = sim.records().stream()
                .collect(Collectors.groupingBy(RefundRecord::outRequestNo, Collectors.counting()));
        assertThat(paidByGateway.values()).as("each refund paid once by the gateway's own records")
                .allMatch(times -> times == 1);
        assertThat(paidByGateway.keySet()).as("the gateway paid exactly the instant refunds")
                .containsExactlyInAnyOrderElementsOf(instant);
        Api.Reply failed = api.get("/api/v1/payouts/failed");
        assertThat(failed.list("payouts")).as("no payout given up: %s", failed.raw()).isEmpty();
        Api.Reply check = api.get("/api/v1/ledger/check");
        assertThat(check.list("violations")).as(check.raw()).isEmpty();
        Api.Reply reconciliation = api.get("/api/v1/reconciliation?from=" + from + "&to=" + Instant.now().plusSeconds(60));
        assertThat(reconciliation.get("clean")).as(reconciliation.raw()).isEqualTo(true);
        assertThat(reconciliation.get("matched")).isEqualTo(instant.size());
    }

    /** Sends one request; its status, or null when no answer came (the server was down). */
    private static Integer send(Api api, Op op, Map<String, Set<String>> refundIdsByKey,
            Map<String, String> statusAtCreation, Map<Integer, Integer> shipmentAnswers) {
        Api.Reply reply;
        try {
            if (op.refund()) {
                reply = api.post("/api/v1/refunds", Map.of("orderId", orderId(op.order()), "lineId", op.line(),
                        "reason", "storm chaos"), "Idempotency-Key", op.key());
            } else {
                reply = api.post("/api/v1/orders/" + orderId(op.order()) + "/lines/" + op.line() + "/shipment",
                        Map.of("carrier", "SF", "trackingNo", "SF-" + op.order()));
            }
        } catch (IllegalStateException noAnswer) {
            return null;
        } catch (AssertionError undocumented) {
            // While PostgreSQL restarts the service answers 500 problem+json, a status the OpenAPI document lists
            // for no operation; the client resends it like any other 5xx. Any other mismatch still fails.
            if (String.valueOf(undocumented.getMessage()).contains(" answered 5")) {
                return 500;
            }
            throw undocumented;
        }
        if (reply.status() >= 500) {
            return reply.status();
        }
        if (op.refund()) {
            assertThat(reply.status()).as("%s: %s", op, reply).isIn(200, 201);
            refundIdsByKey.computeIfAbsent(op.key(), k -> ConcurrentHashMap.newKeySet()).add(reply.text("refundId"));
            if (reply.status() == 201) {
                statusAtCreation.put(op.key(), reply.text("status"));
            }
        } else {
            shipmentAnswers.put(op.order(), reply.status());
        }
        return reply.status();
    }

    private static void awaitAnswered(AtomicInteger answered, int count) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (answered.get() < count) {
            assertThat(System.nanoTime()).as("the storm got to %d answers", count).isLessThan(deadline);
            Thread.sleep(5);
        }
    }

    private static EmbeddedPostgres startPostgres(Path dir, int port) throws IOException {
        return EmbeddedPostgres.builder()
                .setDataDirectory(dir)
                .setCleanDataDirectory(false)
                .setPort(port)
                .setPGStartupWait(Duration.ofSeconds(60))
                .start();
    }

    /** ~10 s on an idle machine; minutes when the two cores are shared by several builds. */
    private Process startServer(Path dataDir, int port, int pgPort, String name) throws Exception {
        return servers.start(name, dataDir, port, PATIENCE,
                "--spring.datasource.url=jdbc:postgresql://127.0.0.1:" + pgPort + "/postgres",
                "--spring.datasource.username=postgres", "--spring.datasource.hikari.connection-timeout=3000",
                "--miaotui.gateway.url=" + sim.baseUrl(),
                "--miaotui.payout.lease=2s", "--miaotui.payout.retry-first=50ms", "--miaotui.payout.retry-max=500ms");
    }

    private static String orderId(int n) {
        return "O-storm-" + n;
    }

    private static Map<String, Object> orderBody(int n) {
        // TMALL orders: every unshipped line instant; TAOBAO lines at most 500.00: instant too
        return Map.of("orderId", orderId(n), "shopId", n % 3 == 0 ? "S-storm-taobao" : "S-storm-tmall",
                "buyerId", "B-storm-" + n, "paidAt", Instant.now().toString(), "currency", "CNY",
                "lines", List.of(
                        Map.of("lineId", "L-1", "sku", "SKU-1", "quantity", 1, "paidAmount", (10 + n) + ".00"),
                        Map.of("lineId", "L-2", "sku", "SKU-2", "quantity", 1, "paidAmount", (200 + n) + ".50")));
    }
}
