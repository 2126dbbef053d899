package io.miaotui.server.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.miaotui.gatewaysim.Faults;
import io.miaotui.gatewaysim.GatewaySimulator;
import io.miaotui.gatewaysim.RefundRecord;
import io.miaotui.server.MiaotuiApplication;
import io.miaotui.server.database.EmbeddedDatabase;
import io.miaotui.server.support.Api;
import io.miaotui.server.support.KafkaBroker;
import io.miaotui.server.support.Poll;
import io.miaotui.server.support.TestDirs;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Three instances on one PostgreSQL and one Kafka: orders, refunds, shipments and receipts arrive through all
 * three over REST and through the order events topic, each of them twice in part (the same idempotency key on
 * two instances, the same event id twice). Every background job runs on all three: payout workers, deadline
 * sweepers, policy reloads, order event consumers (one group), event relays.
 */
class ThreeInstancesTest {
    private static final String SHARED_SECRET = Base64.getEncoder()
            .encodeToString("three-instances-share-this-secret".getBytes(StandardCharsets.US_ASCII));
    private static final int ORDERS = 45;
    /** One payment time for all, so registering an order again on another instance is a replay, not a conflict. */
    private static final Instant PAID_AT = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    private static ConfigurableApplicationContext instance(String name, EmbeddedDatabase database, GatewaySimulator sim,
            KafkaBroker broker) {
        return new SpringApplicationBuilder(MiaotuiApplication.class).run(
                "--spring.datasource.url=" + database.jdbcUrl(), "--spring.datasource.username=postgres",
                "--miaotui.auth.hmac-secret=" + SHARED_SECRET,
                "--miaotui.data-dir=" + TestDirs.fresh("miaotui-three-data-"),
                "--miaotui.instance-id=" + name,
                "--miaotui.kafka.bootstrap-servers=" + broker.bootstrapServers(),
                "--miaotui.kafka.relay-poll-interval=20ms",
                "--miaotui.limits.refunds.burst=100000",
                "--server.port=0", "--miaotui.gateway.url=" + sim.baseUrl(), "--logging.level.io.miaotui=WARN",
                "--logging.level.org.apache.kafka=WARN", "--logging.level.kafka=WARN",
                "--logging.level.state.change.logger=WARN");
    }

    private static Map<String, Object> orderData(String shopId, String orderId) {
        return Map.of("orderId", orderId, "shopId", shopId, "buyerId", "B-" + orderId,
                "paidAt", PAID_AT.toString(), "currency", "CNY",
                "lines", List.of(Map.of("lineId", "L-1", "sku", "TEA", "quantity", 1, "paidAmount", "9.99"),
                        Map.of("lineId", "L-2", "sku", "CUP", "quantity", 2, "paidAmount", "5.00")));
    }

    @Test
    @Timeout(value = 300, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    @DisplayName("three instances on one database and one broker: every refund paid once, the ledger balanced, every event published")
    void threeInstancesShareEverything() throws Exception {
        try (var broker = KafkaBroker.start();
                var database = EmbeddedDatabase.start(TestDirs.fresh("miaotui-three-"), false);
                var sim = GatewaySimulator.start(0, Faults.NONE.withLatencyMs(5), 3L);
                var a = instance("a", database, sim, broker);
                var b = instance("b", database, sim, broker);
                var c = instance("c", database, sim, broker)) {
            List<ConfigurableApplicationContext> instances = List.of(a, b, c);
            List<Api> apis = instances.stream().map(Api::of).toList();
            JdbcClient jdbc = a.getBean(JdbcClient.class);
            String shopId = "S-three";
            assertThat(apis.get(0).put("/api/v1/shops/" + shopId, Map.of("name", "Three", "channel", "TMALL"))
                    .status()).isEqualTo(200);

            var orderIds = new ArrayList<String>();
            for (int i = 0; i < ORDERS; i++) {
                orderIds.add("O-three-" + i);
            }
            try (var pool = Executors.newFixedThreadPool(12)) {
                var calls = new ArrayList<Future<?>>();
                for (int i = 0; i < ORDERS; i++) {
                    int n = i;
                    String orderId = orderIds.get(n);
                    calls.add(pool.submit(() -> {
                        if (n % 3 == 0) { // the same OrderPaid event twice
                            String paid = KafkaBroker.event("paid-" + orderId, "OrderPaid", orderData(shopId, orderId));
                            broker.send(orderId, paid);
                            broker.send(orderId, paid);
                        } else { // over REST, and again on another instance
                            apis.get(n % 3).post("/api/v1/orders", orderData(shopId, orderId));
                            apis.get((n + 1) % 3).post("/api/v1/orders", orderData(shopId, orderId));
                        }
                    }));
                }
                for (Future<?> call : calls) {
                    call.get();
                }
            }
            assertThat(Poll.until(() -> jdbc.sql("select count(*) from orders where order_id like 'O-three-%'")
                    .query(Long.class).single() == ORDERS, Duration.ofSeconds(60))).as("every order registered").isTrue();

            try (var pool = Executors.newFixedThreadPool(16)) {
                var calls = new ArrayList<Future<?>>();
                for (int i = 0; i < ORDERS; i++) {
                    int n = i;
                    String orderId = orderIds.get(n);
                    calls.add(pool.submit(() -> { // a refund of L-1, asked on two instances under one key
                        for (int k = 0; k < 2; k++) {
                            Api api = apis.get((n + k) % 3);
                            int status = api.as(api.actors().buyer("B-" + orderId)).post("/api/v1/refunds",
                                    Map.of("orderId", orderId, "lineId", "L-1"), "Idempotency-Key", "k-" + orderId)
                                    .status();
                            assertThat(status).isIn(200, 201);
                        }
                    }));
                    calls.add(pool.submit(() -> { // L-2 shipped, over REST on one instance or twice through Kafka
                        if (n % 2 == 0) {
                            String shipped = KafkaBroker.event("ship-" + orderId, "LineShipped", Map.of("orderId",
                                    orderId, "lineId", "L-2", "carrier", "SF", "trackingNo", "SF-" + n));
                            broker.send(orderId, shipped);
                            broker.send(orderId, shipped);
                        } else {
                            Api api = apis.get((n + 2) % 3);
                            api.as(api.actors().merchant(shopId)).post("/api/v1/orders/" + orderId
                                    + "/lines/L-2/shipment", Map.of("carrier", "SF", "trackingNo", "SF-" + n));
                        }
                        broker.send(orderId, KafkaBroker.event("receipt-" + orderId, "OrderReceiptConfirmed",
                                Map.of("orderId", orderId)));
                    }));
                }
                for (Future<?> call : calls) {
                    call.get();
                }
            }

            assertThat(Poll.until(() -> jdbc.sql("select count(*) from refunds where status = 'PAID'")
                    .query(Long.class).single() == ORDERS, Duration.ofSeconds(60))).as("every refund paid").isTrue();
            assertThat(Poll.until(() -> jdbc.sql("select count(*) from inbound_events").query(Long.class).single()
                    == ORDERS / 3 + (ORDERS + 1) / 2 + ORDERS, Duration.ofSeconds(60))).as("every event applied").isTrue();
            assertThat(Poll.until(() -> jdbc.sql("select count(*) from event_outbox").query(Long.class).single() == 0,
                    Duration.ofSeconds(60))).as("the outbox emptied").isTrue();

            // every refund paid once, by the gateway's own record
            Map<String, Long> paid = sim.records().stream()
                    .collect(Collectors.groupingBy(RefundRecord::outRequestNo, Collectors.counting()));
            assertThat(paid).hasSize(ORDERS);
            assertThat(paid.values()).allMatch(times -> times == 1);
            assertThat(jdbc.sql("select count(*) from refunds").query(Long.class).single()).isEqualTo(ORDERS);
            // the ledger balances, seen from every instance
            for (Api api : apis) {
                assertThat(api.get("/api/v1/ledger/check").list("violations")).isEmpty();
            }
            // every shipped line shipped once, whichever way it came
            assertThat(jdbc.sql("select count(*) from order_lines where line_id = 'L-2' and shipped_at is not null")
                    .query(Long.class).single()).isEqualTo(ORDERS);
            assertThat(jdbc.sql("select count(*) from audit_log where action = 'LINE_SHIPPED'").query(Long.class)
                    .single()).isEqualTo(ORDERS);
            assertThat(jdbc.sql("select count(*) from audit_log where action = 'ORDER_REGISTERED'").query(Long.class)
                    .single()).isEqualTo(ORDERS);

            // every outbound event published at least once: each refund's requested, approved and paid
            var expected = new HashSet<String>();
            jdbc.sql("select trim(refund_id) from refunds").query(String.class).list().forEach(id -> expected.addAll(
                    List.of(id + ":RefundRequested", id + ":RefundApproved", id + ":RefundPaid")));
            var reads = broker.readUntil(KafkaBroker.REFUND_EVENTS, seen -> seen.size() >= expected.size(),
                    Duration.ofSeconds(30));
            var published = reads.stream().map(r -> {
                Map<String, Object> event = r.json();
                @SuppressWarnings("unchecked")
                Map<String, Object> data = (Map<String, Object>) event.get("data");
                String type = (String) event.get("type");
                return data.get("refundId") + ":" + type.substring(type.lastIndexOf('.') + 1);
            }).collect(Collectors.toSet());
            assertThat(published).containsAll(expected);

            // metrics say which instance did what
            for (int i = 0; i < 3; i++) {
                MeterRegistry meters = instances.get(i).getBean(MeterRegistry.class);
                String name = List.of("a", "b", "c").get(i);
                double payouts = meters.find("miaotui.payouts").tag("instance", name).counters().stream()
                        .mapToDouble(Counter::count).sum();
                double relayed = meters.find("miaotui.events.published").tag("instance", name).counters().stream()
                        .mapToDouble(Counter::count).sum();
                double consumed = meters.find("miaotui.events.consumed").tag("instance", name).counters().stream()
                        .mapToDouble(Counter::count).sum();
                System.out.printf("instance %s: %.0f payouts, %.0f events relayed, %.0f order events consumed%n", name,
                        payouts, relayed, consumed);
                assertThat(payouts + relayed + consumed).as("instance " + name + " worked, and its metrics say so")
                        .isPositive();
            }
        }
    }
}
