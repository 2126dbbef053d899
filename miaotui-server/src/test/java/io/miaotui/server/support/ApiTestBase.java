package io.miaotui.server.support;

import io.miaotui.server.payout.SimulatedPaymentGateway;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The service on a random port over a real embedded PostgreSQL in a fresh temporary directory. Every API test
 * class extends this, so they share one Spring context and one database; each test makes its own ids.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "miaotui.durable=false",
        "miaotui.payout.retry-first=50ms",
        "miaotui.payout.retry-max=200ms",
        "miaotui.payout.max-attempts=4",
        "miaotui.limits.refunds.burst=100000",
        "logging.level.io.miaotui=WARN"})
public abstract class ApiTestBase {
    private static final Path DATA_DIR = TestDirs.fresh("miaotui-test-");

    @LocalServerPort
    protected int port;

    @Autowired
    protected JdbcClient jdbc;

    @Autowired
    protected SimulatedPaymentGateway gateway;

    protected Api api;
    protected String run;

    /** The running service's data directory (its database and its token secret). */
    protected static Path dataDir() {
        return DATA_DIR;
    }

    @DynamicPropertySource
    static void dataDir(DynamicPropertyRegistry registry) {
        registry.add("miaotui.data-dir", DATA_DIR::toString);
    }

    @BeforeEach
    void client() {
        api = new Api(port, DATA_DIR);
        run = UUID.randomUUID().toString().substring(0, 8);
    }

    /** A shop id unique to this test. */
    protected String shop(String channel) {
        String shopId = "S-" + run + "-" + channel;
        var reply = api.put("/api/v1/shops/" + shopId, Map.of("name", "Shop " + channel, "channel", channel));
        if (reply.status() != 200) {
            throw new IllegalStateException("could not register shop: " + reply);
        }
        return shopId;
    }

    /** Registers a one-line order paid {@code paidAmount} in {@code channel}'s shop; returns its order id. */
    protected String order(String channel, String paidAmount) {
        return order(shop(channel), "O-" + UUID.randomUUID(), Instant.now(), paidAmount);
    }

    protected String order(String shopId, String orderId, Instant paidAt, String... linePaidAmounts) {
        var lines = new java.util.ArrayList<Map<String, Object>>();
        for (int i = 0; i < linePaidAmounts.length; i++) {
            lines.add(Map.of("lineId", "L-" + (i + 1), "sku", "SKU-" + i, "quantity", 1,
                    "paidAmount", linePaidAmounts[i]));
        }
        var reply = api.post("/api/v1/orders", orderBody(shopId, orderId, paidAt, lines));
        if (reply.status() != 201) {
            throw new IllegalStateException("could not register order: " + reply);
        }
        return orderId;
    }

    protected static Map<String, Object> orderBody(String shopId, String orderId, Instant paidAt,
            List<Map<String, Object>> lines) {
        return Map.of("orderId", orderId, "shopId", shopId, "buyerId", "B-" + orderId, "paidAt", paidAt.toString(),
                "currency", "CNY", "lines", lines);
    }

    protected Api.Reply refund(String key, String orderId, String lineId, String amount) {
        var body = new java.util.HashMap<String, Object>(Map.of("orderId", orderId, "lineId", lineId,
                "reason", "mistaken order"));
        if (amount != null) {
            body.put("amount", amount);
        }
        return api.post("/api/v1/refunds", body, "Idempotency-Key", key);
    }

    /** A refund of {@code amount} on the order's line L-1 under this run's key, once paid (within 10 s); its id. */
    protected String paidRefund(String orderId, String amount) {
        String refundId = refund(run, orderId, "L-1", amount).text("refundId");
        awaitRefund(refundId, r -> "PAID".equals(r.text("status")), Duration.ofSeconds(10));
        return refundId;
    }

    protected Api.Reply ship(String orderId, String lineId, String trackingNo) {
        return api.post("/api/v1/orders/" + orderId + "/lines/" + lineId + "/shipment",
                Map.of("carrier", "SF", "trackingNo", trackingNo));
    }

    protected Map<String, Object> line(String orderId, String lineId) {
        return api.get("/api/v1/orders/" + orderId).list("lines").stream()
                .filter(l -> lineId.equals(l.get("lineId"))).findFirst().orElseThrow();
    }

    /** Polls the refund until {@code until} holds or {@code within} passes; returns the last reply. */
    protected Api.Reply awaitRefund(String refundId, Predicate<Api.Reply> until, Duration within) {
        return api.awaitRefund(refundId, until, within);
    }

    /** Every table that holds state; a snapshot of them all tells whether a request changed anything. */
    private static final List<String> TABLES = List.of("shops", "orders", "order_lines", "refunds", "payout_outbox",
            "ledger_entries", "ledger_postings", "refund_events", "closing_window", "shop_closings", "audit_log",
            "policy_versions", "policy_routing", "policy_epoch", "policy_decisions");

    /** Waits until no payout is queued or in flight, so the database holds still for a snapshot. */
    protected void awaitQuiet() {
        Poll.until(() -> jdbc.sql("select count(*) from payout_outbox").query(Long.class).single()
                + jdbc.sql("select count(*) from refunds where status = 'APPROVED'").query(Long.class).single() == 0,
                Duration.ofSeconds(15));
    }

    /** Each table's row count and a digest of its rows. */
    protected Map<String, String> snapshot() {
        var sums = new java.util.LinkedHashMap<String, String>();
        for (String table : TABLES) {
            sums.put(table, jdbc.sql("select count(*) || ':' || coalesce(md5(string_agg(t::text, ',' order by t::text)), '')"
                    + " from " + table + " t").query(String.class).single());
        }
        return sums;
    }

    protected static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
