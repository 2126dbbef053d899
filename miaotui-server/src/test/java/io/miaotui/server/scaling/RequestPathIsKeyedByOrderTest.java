package io.miaotui.server.scaling;

import static org.assertj.core.api.Assertions.assertThat;

import io.miaotui.server.support.Api;
import io.miaotui.server.support.TestDirs;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * docs/scaling.md: on a distributed PostgreSQL (Citus, YugabyteDB) with the order tables distributed and colocated
 * by order id, a request stays on one shard when each of its statements names the order id (or reads only the
 * small tables every node keeps a copy of). This test sends each request of the request path (register an order,
 * ask an instant refund, ship a line, confirm receipt), records every statement PostgreSQL receives meanwhile
 * (background jobs held still), lists them, and checks each binds the request's order id.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "miaotui.durable=false",
        "miaotui.payout.worker-enabled=false",
        "miaotui.policy.reload-interval=1h",
        "miaotui.review.sweep-interval=1h",
        "miaotui.limits.refunds.burst=100000",
        "logging.level.io.miaotui=WARN"})
class RequestPathIsKeyedByOrderTest {
    private static final Path DATA_DIR = TestDirs.fresh("miaotui-keyed-");
    private static final StatementRecorder RECORDER = new StatementRecorder();
    /** Tables every node holds whole (Citus reference tables): reading them alone stays local anywhere. */
    private static final Set<String> REFERENCE_TABLES = Set.of("shops", "shop_closings", "closing_window",
            "policy_versions", "policy_routing", "policy_epoch");
    private static final Pattern TABLE = Pattern.compile("(?i)\\b(?:from|join|into|update)\\s+([a-z_]+)");

    @DynamicPropertySource
    static void dataDir(DynamicPropertyRegistry registry) {
        registry.add("miaotui.data-dir", DATA_DIR::toString);
    }

    @TestConfiguration
    static class Recording {
        @Bean
        static BeanPostProcessor recordStatements() {
            return new BeanPostProcessor() {
                @Override
                public Object postProcessAfterInitialization(Object bean, String name) {
                    return bean instanceof DataSource ds && !(bean instanceof java.lang.reflect.Proxy)
                            ? RECORDER.wrap(ds) : bean;
                }
            };
        }
    }

    @LocalServerPort
    int port;

    private List<StatementRecorder.Sent> recorded(Supplier<Api.Reply> request, int status) {
        RECORDER.start();
        Api.Reply reply = request.get();
        List<StatementRecorder.Sent> sent = RECORDER.stop();
        assertThat(reply.status()).as(reply.raw()).isEqualTo(status);
        return sent;
    }

    @Test
    @DisplayName("every statement of register, refund, ship and confirm binds the order id, reads only reference tables, or audits the order by name")
    void everyRequestStatementIsKeyedByOrderId() {
        Api api = new Api(port, DATA_DIR);
        String run = UUID.randomUUID().toString().substring(0, 8);
        String shopId = "S-keyed-" + run;
        String orderId = "O-keyed-" + run;
        assertThat(api.put("/api/v1/shops/" + shopId, Map.of("name", "Keyed", "channel", "TMALL")).status())
                .isEqualTo(200);

        var paths = new LinkedHashMap<String, List<StatementRecorder.Sent>>();
        paths.put("POST /api/v1/orders", recorded(() -> api.post("/api/v1/orders", Map.of("orderId", orderId,
                "shopId", shopId, "buyerId", "B-" + run, "paidAt", Instant.now().truncatedTo(ChronoUnit.SECONDS)
                        .toString(), "currency", "CNY", "lines", List.of(
                        Map.of("lineId", "L-1", "sku", "A", "quantity", 1, "paidAmount", "10.00"),
                        Map.of("lineId", "L-2", "sku", "B", "quantity", 1, "paidAmount", "20.00")))), 201));
        paths.put("POST /api/v1/refunds", recorded(() -> api.post("/api/v1/refunds", Map.of("orderId", orderId,
                "lineId", "L-1"), "Idempotency-Key", run), 201));
        paths.put("POST /api/v1/orders/{id}/lines/{line}/shipment", recorded(() -> api.post("/api/v1/orders/"
                + orderId + "/lines/L-2/shipment", Map.of("carrier", "SF", "trackingNo", "SF-" + run)), 201));
        paths.put("POST /api/v1/orders/{id}/confirm-receipt", recorded(() -> api.post("/api/v1/orders/" + orderId
                + "/confirm-receipt", Map.of()), 200));

        var notKeyed = new ArrayList<String>();
        paths.forEach((path, statements) -> {
            System.out.println(path + ": " + statements.size() + " statements");
            assertThat(statements).as(path + " sent statements").isNotEmpty();
            for (StatementRecorder.Sent sent : statements) {
                String verdict = keyed(sent, orderId) ? "keyed  " : referenceOnly(sent) ? "ref    "
                        : auditOfOrder(sent, orderId) ? "subject" : "NOT KEYED";
                System.out.println("  " + verdict + " " + clip(sent.sql()));
                if (verdict.equals("NOT KEYED")) {
                    notKeyed.add(path + ": " + sent.sql() + " " + sent.values());
                }
            }
        });
        assertThat(notKeyed).as("statements a distributed PostgreSQL would send to every shard").isEmpty();
    }

    /** The statement binds the order id itself (alone, or in an array such as ledger_append's order ids). */
    private static boolean keyed(StatementRecorder.Sent sent, String orderId) {
        return sent.values().stream().flatMap(RequestPathIsKeyedByOrderTest::flat).anyMatch(orderId::equals)
                || sent.sql().contains("'" + orderId + "'");
    }

    /**
     * The audit log's insert names the order only inside its subject ({@code order:O-1/L-2}): on a distributed
     * database it needs an order_id column taken from the subject to be colocated (docs/scaling.md).
     */
    private static boolean auditOfOrder(StatementRecorder.Sent sent, String orderId) {
        return sent.sql().startsWith("insert into audit_log ") && sent.values().stream()
                .flatMap(RequestPathIsKeyedByOrderTest::flat).anyMatch(v -> v.startsWith("order:" + orderId));
    }

    private static java.util.stream.Stream<String> flat(Object value) {
        if (value == null) {
            return java.util.stream.Stream.empty();
        }
        if (value instanceof Object[] array) {
            return java.util.Arrays.stream(array).flatMap(RequestPathIsKeyedByOrderTest::flat);
        }
        if (value instanceof java.sql.Array array) {
            try {
                return flat(array.getArray());
            } catch (java.sql.SQLException e) {
                throw new IllegalStateException(e);
            }
        }
        return java.util.stream.Stream.of(value.toString());
    }

    private static boolean referenceOnly(StatementRecorder.Sent sent) {
        var matcher = TABLE.matcher(sent.sql());
        boolean any = false;
        while (matcher.find()) {
            any = true;
            if (!REFERENCE_TABLES.contains(matcher.group(1).toLowerCase())) {
                return false;
            }
        }
        return any;
    }

    private static String clip(String sql) {
        return sql.length() > 160 ? sql.substring(0, 160) + "..." : sql;
    }
}
