package io.miaotui.server.order;

import static org.assertj.core.api.Assertions.assertThat;

import io.miaotui.server.support.Api;
import io.miaotui.server.support.LockWaiters;
import io.miaotui.server.support.Poll;
import io.miaotui.server.support.WriterService;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Concurrent shipments are committed in groups, each keeping its own answer. The test makes a real batch: one
 * writer, held busy by a shipment whose line another connection has locked, while the next shipments queue up
 * behind it; released, the writer takes them all in one transaction.
 */
class BatchedShipmentTest {
    private static final Instant PAID_AT = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    private static WriterService service;

    @BeforeAll
    static void start() {
        service = WriterService.start("miaotui-ship-batch-", 1, PAID_AT);
    }

    @AfterAll
    static void stop() {
        service.close();
    }

    @Test
    @DisplayName("shipments in one batch: each its own answer, a second parcel sees the first, a refused one writes nothing")
    void shipmentsInOneBatch() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String shopId = "S-" + run;
        assertThat(service.api().put("/api/v1/shops/" + shopId, Map.of("name", "Shop", "channel", "TAOBAO")).status())
                .isEqualTo(200);
        String held = order(shopId, "O-" + run + "-held", "20.00");
        String order = order(shopId, "O-" + run, "20.00", "30.00", "900.00");
        var review = service.api().as(service.api().actors().buyer("B-" + order)).post("/api/v1/refunds", Map.of("orderId", order,
                "lineId", "L-3", "amount", "900.00", "reason", "changed my mind"), "Idempotency-Key", "k-" + run);
        assertThat(review.text("status")).as("%s", review).isEqualTo("PENDING_MERCHANT_REVIEW");
        double batchesBefore = batches();
        List<Future<Api.Reply>> replies;
        Api.Reply heldReply;
        try (var senders = Executors.newVirtualThreadPerTaskExecutor();
                Connection holder = service.dataSource().getConnection()) {
            holder.setAutoCommit(false);
            try (PreparedStatement lock = holder.prepareStatement(
                    "select 1 from order_lines where order_id = ? and line_id = 'L-1' for update")) {
                lock.setString(1, held);
                lock.executeQuery().close();
            }
            Future<Api.Reply> heldShipment = senders.submit(() -> ship(held, "L-1", "SF-held"));
            LockWaiters.await(service.jdbc(), 1);
            replies = queue(senders,
                    () -> ship(order, "L-1", "SF1"),
                    () -> ship(order, "L-1", "SF1"),   // the same parcel again: a replay of the one before it
                    () -> ship(order, "L-1", "SF9"),   // another parcel for the line: refused
                    () -> ship(order, "L-2", "SF2"),
                    () -> ship(order, "L-3", "SF3"),   // a refund awaits review: intercepted
                    () -> ship(order, "L-7", "SF7"));  // no such line
            holder.rollback();
            heldReply = heldShipment.get();
        }

        assertThat(heldReply.status()).as("%s", heldReply).isEqualTo(201);
        var answers = new ArrayList<Api.Reply>();
        for (Future<Api.Reply> reply : replies) {
            answers.add(reply.get());
        }
        assertThat(answers).extracting(Api.Reply::status).as("%s", answers).containsExactly(201, 200, 409, 201, 409, 404);
        assertThat(answers).extracting(Api.Reply::problem).containsExactly(null, null, "already-shipped", null,
                "refund-in-progress", "line-not-found");
        assertThat(batches() - batchesBefore).as("the held shipment alone, then the six together").isEqualTo(2);
        assertThat(service.meters().get("miaotui.group_commit.batch_size").tag("work", "shipments").summary().max())
                .isEqualTo(6);
        assertThat(service.jdbc().sql("""
                select line_id || ':' || coalesce(carrier || ' ' || tracking_no, '-') from order_lines
                where order_id = ? order by line_id
                """).param(order).query(String.class).list()).containsExactly("L-1:SF SF1", "L-2:SF SF2", "L-3:-");
        assertThat(service.jdbc().sql("select subject || ' ' || detail from audit_log where subject like ? order by audit_id")
                .param("order:" + order + "/%").query(String.class).list())
                .as("one audit row for each parcel recorded, none for the refused")
                .containsExactly("order:" + order + "/L-1 SF SF1", "order:" + order + "/L-2 SF SF2");
    }

    @SafeVarargs
    private static List<Future<Api.Reply>> queue(ExecutorService senders, Callable<Api.Reply>... shipments) {
        var replies = new ArrayList<Future<Api.Reply>>();
        for (var shipment : shipments) {
            replies.add(senders.submit(shipment));
            int queued = replies.size();
            assertThat(Poll.until(() -> service.meters().get("miaotui.group_commit.queued").tag("work", "shipments").gauge()
                    .value() == queued, Duration.ofSeconds(20))).as("%d shipments queued", queued).isTrue();
        }
        return replies;
    }

    private static String order(String shopId, String orderId, String... paid) {
        var lines = new ArrayList<Map<String, Object>>();
        for (int i = 0; i < paid.length; i++) {
            lines.add(Map.of("lineId", "L-" + (i + 1), "sku", "SKU-" + i, "quantity", 1, "paidAmount", paid[i]));
        }
        assertThat(service.api().post("/api/v1/orders", Map.of("orderId", orderId, "shopId", shopId, "buyerId", "B-" + orderId,
                "paidAt", PAID_AT.toString(), "currency", "CNY", "lines", lines)).status()).isEqualTo(201);
        return orderId;
    }

    private static Api.Reply ship(String orderId, String lineId, String trackingNo) {
        return service.api().post("/api/v1/orders/" + orderId + "/lines/" + lineId + "/shipment",
                Map.of("carrier", "SF", "trackingNo", trackingNo));
    }

    private static double batches() {
        return service.meters().get("miaotui.group_commit.batch_size").tag("work", "shipments").summary().count();
    }
}
