package io.miaotui.server.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.miaotui.server.payout.SimulatedPaymentGateway;
import io.miaotui.server.support.Api;
import io.miaotui.server.support.KafkaBroker;
import io.miaotui.server.support.Poll;
import io.miaotui.server.support.TestDirs;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Order events in and refund events out, against a real Kafka broker (KRaft, in this JVM): each inbound type
 * applied as its REST call would be, a redelivery changing nothing, poison dead-lettered while the partition goes
 * on, each outbound type published as a CloudEvent keyed by order id and in order per order, and a broker restart
 * in the middle of publishing losing nothing.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "miaotui.durable=false",
        "miaotui.payout.retry-first=50ms",
        "miaotui.payout.retry-max=200ms",
        "miaotui.payout.max-attempts=4",
        "miaotui.limits.refunds.burst=100000",
        "miaotui.instance-id=kafka-test",
        "miaotui.kafka.relay-poll-interval=20ms",
        "logging.level.io.miaotui=WARN",
        "logging.level.org.apache.kafka=WARN",
        "logging.level.kafka=WARN",
        "logging.level.state.change.logger=WARN",
        "logging.level.org.apache.kafka.clients.NetworkClient=ERROR"})
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KafkaEventsTest {
    private static final Path DATA_DIR = TestDirs.fresh("miaotui-kafka-");
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static KafkaBroker broker;

    @DynamicPropertySource
    static void kafka(DynamicPropertyRegistry registry) {
        if (broker == null) {
            broker = KafkaBroker.start();
            Runtime.getRuntime().addShutdownHook(new Thread(broker::close));
        }
        registry.add("miaotui.data-dir", DATA_DIR::toString);
        registry.add("miaotui.kafka.bootstrap-servers", broker::bootstrapServers);
    }

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    SimulatedPaymentGateway gateway;
    @Autowired
    MeterRegistry meters;

    Api api;
    String run;

    @BeforeEach
    void client() {
        api = new Api(port, DATA_DIR);
        run = UUID.randomUUID().toString().substring(0, 8);
    }

    private String shop(String channel) {
        String shopId = "S-" + run + "-" + channel;
        assertThat(api.put("/api/v1/shops/" + shopId, Map.of("name", "Shop", "channel", channel)).status())
                .isEqualTo(200);
        return shopId;
    }

    private static Map<String, Object> orderData(String shopId, String orderId, String... amounts) {
        var lines = new ArrayList<Map<String, Object>>();
        for (int i = 0; i < amounts.length; i++) {
            lines.add(Map.of("lineId", "L-" + (i + 1), "sku", "SKU-" + i, "quantity", 1, "paidAmount", amounts[i]));
        }
        return Map.of("orderId", orderId, "shopId", shopId, "buyerId", "B-" + orderId,
                "paidAt", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(), "currency", "CNY", "lines", lines);
    }

    private Map<String, Object> line(String orderId, String lineId) {
        return api.get("/api/v1/orders/" + orderId).list("lines").stream()
                .filter(l -> lineId.equals(l.get("lineId"))).findFirst().orElseThrow();
    }

    private boolean registered(String orderId) {
        return api.get("/api/v1/orders/" + orderId).status() == 200;
    }

    private long count(String sql, Object... params) {
        var statement = jdbc.sql(sql);
        for (Object p : params) {
            statement = statement.param(p);
        }
        return statement.query(Long.class).single();
    }

    @Test
    @Order(1)
    @DisplayName("an OrderPaid, a LineShipped and an OrderReceiptConfirmed event register, ship and settle as the REST calls do")
    void consumesEachEventType() {
        String shopId = shop("TMALL");
        String orderId = "O-k-" + run;

        broker.send(orderId, KafkaBroker.event(null, "OrderPaid", orderData(shopId, orderId, "30.00", "20.00")));
        assertThat(Poll.until(() -> registered(orderId), WAIT)).as("order registered from Kafka").isTrue();
        broker.send(orderId, KafkaBroker.event(null, "io.miaotui.order.LineShipped",
                Map.of("orderId", orderId, "lineId", "L-1", "carrier", "SF", "trackingNo", "SF-" + run)));
        assertThat(Poll.until(() -> "SHIPPED".equals(line(orderId, "L-1").get("status")), WAIT)).isTrue();
        broker.send(orderId, KafkaBroker.event(null, "OrderReceiptConfirmed", Map.of("orderId", orderId)));
        assertThat(Poll.until(() -> "30.00".equals(line(orderId, "L-1").get("settledAmount")), WAIT)).isTrue();

        var order = api.get("/api/v1/orders/" + orderId);
        assertThat(order.text("shopId")).isEqualTo(shopId);
        assertThat(line(orderId, "L-2")).containsEntry("status", "PAID").containsEntry("settledAmount", "0.00");
        assertThat(jdbc.sql("select action from audit_log where subject like ? and actor = 'ORDER_SYSTEM:kafka' order by audit_id")
                .param("order:" + orderId + "%").query(String.class).list())
                .containsExactly("ORDER_REGISTERED", "LINE_SHIPPED", "RECEIPT_CONFIRMED");
        assertThat(api.get("/api/v1/ledger/check").list("violations")).isEmpty();
    }

    @Test
    @Order(2)
    @DisplayName("the same event delivered again changes nothing: one registration, one payment into escrow, one shipment; the same parcel in another event is a replay")
    void redeliveryHasNoSecondEffect() {
        String shopId = shop("TMALL");
        String orderId = "O-dup-" + run;
        String paid = KafkaBroker.event("paid-" + run, "OrderPaid", orderData(shopId, orderId, "15.00"));
        String shipped = KafkaBroker.event("shipped-" + run, "LineShipped",
                Map.of("orderId", orderId, "lineId", "L-1", "carrier", "SF", "trackingNo", "T-" + run));
        double duplicatesBefore = meters.counter("miaotui.events.consumed", "outcome", "duplicate").count();

        broker.send(orderId, paid);
        broker.send(orderId, paid);
        broker.send(orderId, shipped);
        broker.send(orderId, shipped);
        // the same parcel reported again in an event of its own: applied as a replay, the line as it was
        broker.send(orderId, KafkaBroker.event("shipped-again-" + run, "LineShipped",
                Map.of("orderId", orderId, "lineId", "L-1", "carrier", "SF", "trackingNo", "T-" + run)));
        broker.send(orderId, KafkaBroker.event(null, "OrderReceiptConfirmed", Map.of("orderId", orderId)));
        assertThat(Poll.until(() -> registered(orderId) && "15.00".equals(line(orderId, "L-1").get("settledAmount")),
                WAIT)).isTrue();

        assertThat(count("select count(*) from inbound_events where order_id = ?", orderId))
                .as("paid, shipped, shipped again, received").isEqualTo(4);
        assertThat(meters.counter("miaotui.events.consumed", "outcome", "duplicate").count() - duplicatesBefore)
                .isEqualTo(2);
        assertThat(count("select count(*) from audit_log where subject like ?", "order:" + orderId + "%"))
                .as("one audit row each for registered, shipped, receipt").isEqualTo(3);
        assertThat(count("select count(*) from ledger_entries where kind = 'PAYMENT' and order_id = ?", orderId))
                .isEqualTo(1);
        assertThat(api.get("/api/v1/ledger/check").list("violations")).isEmpty();
    }

    @Test
    @Order(3)
    @DisplayName("poison (not JSON, an unknown type, invalid fields, an unknown shop, an intercepted shipment) is dead-lettered with its reason, and the partition goes on")
    void poisonIsDeadLettered() {
        String shopId = shop("TMALL");
        String key = "O-poison-" + run;
        broker.send(key, "{not json");
        broker.send(key, KafkaBroker.event(null, "OrderCancelled", Map.of("orderId", key)));
        var bad = new HashMap<>(orderData(shopId, key, "12.345"));
        bad.put("buyerId", "");
        broker.send(key, KafkaBroker.event(null, "OrderPaid", bad));
        broker.send(key, KafkaBroker.event(null, "OrderPaid", orderData("S-nowhere-" + run, key, "1.00")));
        broker.send(key, KafkaBroker.event(null, "OrderPaid", orderData(shopId, key, "8.00")));
        assertThat(Poll.until(() -> registered(key), WAIT)).as("the good event after the poison").isTrue();
        // a refund of the line (open or paid) intercepts the order system's shipment: not applied, dead-lettered
        assertThat(api.as(api.actors().buyer("B-" + key)).post("/api/v1/refunds", Map.of("orderId", key,
                "lineId", "L-1"), "Idempotency-Key", run).status()).isEqualTo(201);
        broker.send(key, KafkaBroker.event(null, "LineShipped",
                Map.of("orderId", key, "lineId", "L-1", "carrier", "SF", "trackingNo", "late")));

        var letters = broker.readUntil(KafkaBroker.DEAD_LETTERS,
                seen -> seen.stream().filter(r -> key.equals(r.key())).count() >= 5, WAIT).stream()
                .filter(r -> key.equals(r.key())).toList();
        var reasons = letters.stream().map(r -> r.headers().get(OrderEventController.REASON_HEADER)).toList();

        assertThat(reasons).hasSize(5);
        assertThat(reasons.get(0)).startsWith("the value is not JSON");
        assertThat(reasons.get(1)).contains("unknown event type 'OrderCancelled'");
        assertThat(reasons.get(2)).startsWith("invalid: ").contains("buyerId").contains("paidAmount");
        assertThat(reasons.get(3)).startsWith("unknown-shop");
        assertThat(reasons.get(4)).startsWith("refund-in-progress");
        assertThat(letters.getFirst().value()).as("the message as it came").isEqualTo("{not json");
        assertThat(letters.getFirst().headers().get("miaotui-dead-letter-origin")).startsWith(KafkaBroker.ORDERS + "-");
        assertThat(line(key, "L-1")).containsEntry("paidAmount", "8.00").containsEntry("shipment", null);
    }

    /** The refund events on the topic for these orders. */
    private static List<KafkaBroker.Read> eventsOf(List<KafkaBroker.Read> reads, Set<String> orderIds) {
        return reads.stream().filter(r -> orderIds.contains(r.key())).toList();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> data(KafkaBroker.Read read) {
        return (Map<String, Object>) read.json().get("data");
    }

    @Test
    @Order(4)
    @DisplayName("each refund event type and the operator's closing and policy changes are published as CloudEvents keyed by order id")
    void eachOutboundTypeIsPublished() {
        String tmall = shop("TMALL");
        String taobao = shop("TAOBAO");
        String instant = "O-out-i-" + run;
        String reviewed = "O-out-r-" + run;
        assertThat(api.post("/api/v1/orders", orderData(tmall, instant, "10.00", "10.00")).status()).isEqualTo(201);
        assertThat(api.post("/api/v1/orders", orderData(taobao, reviewed, "800.00")).status()).isEqualTo(201);

        String paidId = api.post("/api/v1/refunds", Map.of("orderId", instant, "lineId", "L-1"), "Idempotency-Key",
                "p-" + run).text("refundId");
        assertThat(api.awaitRefund(paidId, r -> "PAID".equals(r.text("status")), WAIT).text("status")).isEqualTo("PAID");
        gateway.declineNext(4);
        String failedId = api.post("/api/v1/refunds", Map.of("orderId", instant, "lineId", "L-2"), "Idempotency-Key",
                "f-" + run).text("refundId");
        assertThat(api.awaitRefund(failedId, r -> "PAYOUT_FAILED".equals(r.text("status")), WAIT).text("status"))
                .isEqualTo("PAYOUT_FAILED");
        assertThat(api.post("/api/v1/refunds/" + failedId + "/close-offline", Map.of("reason", "paid by bank transfer"))
                .status()).isEqualTo(200);
        String rejectedId = api.post("/api/v1/refunds", Map.of("orderId", reviewed, "lineId", "L-1"),
                "Idempotency-Key", "r-" + run).text("refundId");
        assertThat(api.post("/api/v1/refunds/" + rejectedId + "/reject", Map.of("reason", "used")).status())
                .isEqualTo(200);
        Instant now = Instant.now();
        assertThat(api.put("/api/v1/closing-window", Map.of("from", now.toString(),
                "to", now.plus(Duration.ofDays(60)).toString(), "maxDays", 10)).status()).isEqualTo(200);
        assertThat(api.put("/api/v1/policy-routing", Map.of("TAOBAO", "taobao-unshipped", "TMALL", "tmall-unshipped"))
                .status()).isEqualTo(200);

        Set<String> wanted = Set.of("RefundRequested", "RefundApproved", "RefundPaid", "RefundPayoutFailed",
                "RefundClosedOffline", "RefundRejected", "ClosingChanged", "PolicyChanged");
        var reads = broker.readUntil(KafkaBroker.REFUND_EVENTS, seen -> seen.stream()
                .filter(r -> r.key().startsWith("O-out-") && r.key().endsWith(run) || r.key().equals("closing-window")
                        || r.key().startsWith("policy")).map(r -> bareType(r)).collect(Collectors.toSet())
                .containsAll(wanted), WAIT);
        var mine = eventsOf(reads, Set.of(instant, reviewed));
        var byRefund = mine.stream().collect(Collectors.groupingBy(r -> (String) data(r).get("refundId"),
                LinkedHashMap::new, Collectors.mapping(KafkaEventsTest::bareType, Collectors.toList())));

        assertThat(byRefund.get(paidId)).containsExactly("RefundRequested", "RefundApproved", "RefundPaid");
        assertThat(byRefund.get(failedId)).containsExactly("RefundRequested", "RefundApproved", "RefundPayoutFailed",
                "RefundClosedOffline");
        assertThat(byRefund.get(rejectedId)).containsExactly("RefundRequested", "RefundRejected");
        assertThat(reads.stream().map(KafkaEventsTest::bareType).collect(Collectors.toSet())).containsAll(wanted);
        KafkaBroker.Read paidEvent = mine.stream().filter(r -> bareType(r).equals("RefundPaid")).findFirst().orElseThrow();
        Map<String, Object> envelope = paidEvent.json();
        assertThat(envelope).containsEntry("specversion", "1.0").containsEntry("source", "/miaotui")
                .containsEntry("type", "io.miaotui.refund.RefundPaid").containsEntry("subject", "refund/" + paidId)
                .containsEntry("datacontenttype", "application/json").containsKeys("id", "time", "data");
        assertThat(UUID.fromString((String) envelope.get("id"))).isNotNull();
        assertThat(paidEvent.key()).isEqualTo(instant);
        assertThat(paidEvent.headers().get("content-type")).startsWith("application/cloudevents+json");
        assertThat(data(paidEvent)).containsEntry("refundId", paidId).containsEntry("orderId", instant)
                .containsEntry("lineId", "L-1").containsEntry("amount", "10.00").containsEntry("currency", "CNY")
                .containsEntry("step", "PAID").containsEntry("actor", "GATEWAY");
        assertThat(reads.stream().map(r -> r.json().get("id")).distinct().count()).as("every id unique")
                .isEqualTo(reads.size());
    }

    private static String bareType(KafkaBroker.Read read) {
        String type = String.valueOf(read.json().get("type"));
        return type.substring(type.lastIndexOf('.') + 1);
    }

    @Test
    @Order(5)
    @DisplayName("one order's events arrive in the order they happened, all on the order's partition")
    void eventsAreOrderedPerOrder() throws Exception {
        String tmall = shop("TMALL");
        int orders = 12;
        var orderIds = new ArrayList<String>();
        for (int i = 0; i < orders; i++) {
            String orderId = "O-ord-" + i + "-" + run;
            orderIds.add(orderId);
            assertThat(api.post("/api/v1/orders", orderData(tmall, orderId, "5.00", "6.00", "7.00")).status())
                    .isEqualTo(201);
        }
        var refundIds = new java.util.concurrent.ConcurrentLinkedQueue<String>();
        try (var pool = Executors.newFixedThreadPool(8)) {
            for (String orderId : orderIds) {
                for (String lineId : List.of("L-1", "L-2", "L-3")) {
                    pool.submit(() -> refundIds.add(api.post("/api/v1/refunds", Map.of("orderId", orderId,
                            "lineId", lineId), "Idempotency-Key", orderId + lineId).text("refundId")));
                }
            }
        }
        assertThat(Poll.until(() -> count("select count(*) from refunds where status = 'PAID' and order_id like ?",
                "O-ord-%-" + run) == orders * 3L, WAIT)).isTrue();

        var reads = eventsOf(broker.readUntil(KafkaBroker.REFUND_EVENTS, seen -> eventsOf(seen, Set.copyOf(orderIds))
                .size() >= orders * 9, WAIT), Set.copyOf(orderIds));

        assertThat(reads).hasSize(orders * 9);
        for (String orderId : orderIds) {
            var ofOrder = reads.stream().filter(r -> r.key().equals(orderId)).toList();
            assertThat(ofOrder.stream().map(KafkaBroker.Read::partition).distinct()).as(orderId).hasSize(1);
            var inKafka = ofOrder.stream().sorted(java.util.Comparator.comparingLong(KafkaBroker.Read::offset))
                    .collect(Collectors.groupingBy(r -> (String) data(r).get("refundId"), Collectors.mapping(
                            KafkaEventsTest::bareType, Collectors.toList())));
            // each refund's history as the database wrote it (one refund's steps are serialised by its row lock;
            // different lines' refunds are independent and may interleave either way)
            var inDatabase = new HashMap<String, List<String>>();
            jdbc.sql("""
                    select trim(e.refund_id) as refund_id, e.event from refund_events e
                    join refunds r using (refund_id) where r.order_id = ? order by e.event_id""").param(orderId)
                    .query((rs, n) -> {
                        var steps = inDatabase.computeIfAbsent(rs.getString("refund_id"), k -> new ArrayList<>());
                        switch (rs.getString("event")) {
                            case "OPENED" -> steps.addAll(List.of("RefundRequested", "RefundApproved"));
                            case "PAID" -> steps.add("RefundPaid");
                            default -> steps.add(rs.getString("event"));
                        }
                        return n;
                    }).list();
            assertThat(inKafka).as("order " + orderId).isEqualTo(inDatabase);
            assertThat(inKafka.values()).allMatch(steps -> steps.equals(
                    List.of("RefundRequested", "RefundApproved", "RefundPaid")));
        }
    }

    @Test
    @Order(6)
    @Timeout(value = 90, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    @DisplayName("the broker stopping and starting again while refunds are paid loses no event")
    void brokerRestartLosesNothing() throws Exception {
        String tmall = shop("TMALL");
        int refunds = 40;
        var orderIds = new ArrayList<String>();
        for (int i = 0; i < refunds; i++) {
            orderIds.add("O-restart-" + i + "-" + run);
            assertThat(api.post("/api/v1/orders", orderData(tmall, orderIds.getLast(), "3.00")).status())
                    .isEqualTo(201);
        }
        double failuresBefore = meters.counter("miaotui.events.relay.failures").count();
        var pool = Executors.newSingleThreadExecutor();
        var asked = pool.submit(() -> {
            for (String orderId : orderIds) {
                api.post("/api/v1/refunds", Map.of("orderId", orderId, "lineId", "L-1"), "Idempotency-Key", orderId);
                sleepMillis(50);
            }
        });
        Poll.until(() -> count("select count(*) from refunds where order_id like ?", "O-restart-%-" + run) >= 10, WAIT);
        broker.stopBroker();
        boolean waitingWhileDown = Poll.until(() -> count("select count(*) from event_outbox") > 0,
                Duration.ofMillis(1500));
        sleepMillis(500);
        broker.startBroker();
        assertThat(waitingWhileDown).as("events were waiting in the outbox while the broker was down").isTrue();
        asked.get(60, TimeUnit.SECONDS);
        pool.shutdown();
        assertThat(Poll.until(() -> count("select count(*) from refunds where status = 'PAID' and order_id like ?",
                "O-restart-%-" + run) == refunds, WAIT)).isTrue();
        Poll.until(() -> count("select count(*) from event_outbox") == 0, Duration.ofSeconds(45));

        var reads = eventsOf(broker.readUntil(KafkaBroker.REFUND_EVENTS, seen -> eventsOf(seen, Set.copyOf(orderIds))
                .stream().map(r -> r.json().get("id")).distinct().count() >= refunds * 3L, Duration.ofSeconds(30)),
                Set.copyOf(orderIds));
        var seen = new HashSet<String>();
        for (var read : reads) {
            seen.add(data(read).get("refundId") + ":" + bareType(read));
        }
        var expected = new HashSet<String>();
        jdbc.sql("select trim(refund_id) from refunds where order_id like ?").param("O-restart-%-" + run)
                .query(String.class).list().forEach(id -> expected.addAll(
                        List.of(id + ":RefundRequested", id + ":RefundApproved", id + ":RefundPaid")));

        assertThat(expected).hasSize(refunds * 3);
        assertThat(seen).as("every event of every refund, after the restart").containsAll(expected);
        assertThat(count("select count(*) from event_outbox")).isZero();
        System.out.printf("broker restart: %d events expected, %d records read (%d repeats), %.0f relay batches failed%n",
                expected.size(), reads.size(), reads.size() - seen.size(),
                meters.counter("miaotui.events.relay.failures").count() - failuresBefore);
    }

    private static void sleepMillis(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
