package io.miaotui.server.refund;

import static org.assertj.core.api.Assertions.assertThat;

import io.miaotui.order.BuyerId;
import io.miaotui.order.LineId;
import io.miaotui.order.OrderId;
import io.miaotui.server.order.OrderStore;
import io.miaotui.server.support.Api;
import io.miaotui.server.support.LockWaiters;
import io.miaotui.server.support.Poll;
import io.miaotui.server.support.RoundTrips;
import io.miaotui.server.support.WriterService;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Group commit opens a batch's refunds with set-based statements, in rounds that hold each line and each buyer's
 * key once; a buyer's requests on other lines share a round and see the history the earlier ones left. These
 * tests make a real batch: one writer, held busy by a request whose line another connection has locked, while
 * the next requests queue up behind it; released, the writer takes them all in one transaction.
 */
class BatchedOpeningTest {
    private static final Instant PAID_AT = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    private static WriterService service;

    @BeforeAll
    static void start() {
        service = WriterService.start("miaotui-batch-", 1, PAID_AT);
    }

    @AfterAll
    static void stop() {
        service.close();
    }

    @Test
    @DisplayName("a buyer's requests in one batch see what the earlier ones wrote: the hold, the key, the history")
    void oneBuyersRequestsInOneBatch() throws Exception {
        var orders = Orders.place();
        String run = orders.run();
        String held = orders.held();
        String first = orders.first();
        String second = orders.second();
        double batchesBefore = batchCount();
        double rerunBefore = reruns();
        List<Future<Api.Reply>> replies;
        Api.Reply heldReply;
        try (var batch = new Batch(held)) {
            // in queue order; a second request on a line or a key goes to a later round, which reads what was written
            replies = batch.queue(
                    () -> refund(first, "a-" + run, "L-1", "50.00"),
                    () -> refund(first, "b-" + run, "L-1", "50.00"),   // ¥30 left on the line after a: refused
                    () -> refund(first, "c-" + run, "L-2", "60.00"),
                    () -> refund(second, "a-" + run, "L-1", "80.00"),  // the same key, another buyer: a new refund
                    () -> refund(first, "c-" + run, "L-2", "60.00"));  // c's retry in the same batch: a replay
            heldReply = batch.release();
        }

        assertThat(heldReply.status()).as("%s", heldReply).isEqualTo(201);
        var answers = new ArrayList<Api.Reply>();
        for (Future<Api.Reply> reply : replies) {
            answers.add(reply.get());
        }
        assertThat(answers).extracting(Api.Reply::status).as("%s", answers).containsExactly(201, 422, 201, 201, 200);
        assertThat(answers.get(1).problem()).isEqualTo("amount-exceeds-refundable");
        assertThat(answers.get(4).text("refundId")).isEqualTo(answers.get(2).text("refundId"));
        assertThat(batchCount() - batchesBefore).as("the held request alone, then the five together").isEqualTo(2);
        assertThat(batchMax()).isEqualTo(5);
        assertThat(reruns() - rerunBefore).as("the batch committed as one, no request ran again alone").isZero();
        assertThat(service.jdbc().sql("select count(*) from refunds where order_id in (?, ?)").params(first, second)
                .query(Long.class).single()).isEqualTo(3);
        // a and c share a round (other lines, other keys); c was decided on the history a left, as alone
        assertThat(service.jdbc().sql("""
                select r.line_id || ': ' || d.buyer_refunds_90d || ' refunds, ' || d.buyer_instant_30d_fen || ' fen'
                from policy_decisions d join refunds r on r.refund_id = d.refund_id
                where r.order_id = ? order by r.line_id
                """).param(first).query(String.class).list())
                .containsExactly("L-1: 0 refunds, 0 fen", "L-2: 1 refunds, 5000 fen");
        assertPaidOutAndBalanced(first, second);
    }

    @Test
    @DisplayName("a key taken by another transaction while the batch writes sends each request back to run alone")
    void keyTakenMeanwhileRunsEachAlone() throws Exception {
        var orders = Orders.place();
        String run = orders.run();
        String held = orders.held();
        String first = orders.first();
        String second = orders.second();
        Api.Reply earlier = refund(first, "earlier-" + run, "L-1", "10.00");
        assertThat(earlier.status()).as("%s", earlier).isEqualTo(201);
        // paid first: its settlement locks line L-1, which the copy below holds a key-share lock on, and a payout
        // waiting there would be counted as the batch waiting for the key
        assertPaidOut(first);
        String copyId = UUID.randomUUID().toString();
        double rerunBefore = reruns();
        try (Connection taker = service.dataSource().getConnection()) {
            // another instance's transaction inserting the buyer's key "k" (a copy of the earlier refund's row),
            // not committed yet
            taker.setAutoCommit(false);
            try (PreparedStatement copy = taker.prepareStatement(
                    "insert into refunds select " + copiedColumns() + " from refunds where refund_id = ?")) {
                copy.setString(1, copyId);
                copy.setString(2, "k-" + run);
                copy.setString(3, earlier.text("refundId"));
                copy.executeUpdate();
            }
            List<Future<Api.Reply>> replies;
            try (var batch = new Batch(held)) {
                replies = batch.queue(
                        () -> refund(first, "k-" + run, "L-2", "60.00"),
                        () -> refund(second, "k-" + run, "L-1", "80.00"));
                batch.release();
                LockWaiters.await(service.jdbc(), 1); // the batch's insert waits for the key
                taker.commit();
            }
            Api.Reply taken = replies.get(0).get();
            Api.Reply neighbour = replies.get(1).get();
            assertThat(taken.status()).as("%s", taken).isEqualTo(422);
            assertThat(taken.problem()).isEqualTo("idempotency-key-reused");
            assertThat(neighbour.status()).as("%s", neighbour).isEqualTo(201);
        } finally {
            // the copy has no ledger entries of its own; the other test checks the ledger
            service.jdbc().sql("delete from refunds where refund_id = ?").param(copyId).update();
        }
        assertThat(reruns() - rerunBefore).as("the batch failed once and its requests ran alone").isEqualTo(1);
        assertThat(service.jdbc().sql("select count(*) from refunds where order_id = ? and line_id = 'L-2'").param(first)
                .query(Long.class).single()).as("nothing written for the taken key").isZero();
    }

    @Test
    @DisplayName("a batch's start (generic plans, the lines' locks, the first read) is one round trip, as it repeats")
    void aBatchStartsInOneRoundTrip() {
        var orders = Orders.place();
        var store = service.context().getBean(OrderStore.class);
        var transaction = new TransactionTemplate(service.context().getBean(PlatformTransactionManager.class));
        var lookups = List.of(lookup(orders.first(), "k-" + orders.run()), lookup(orders.second(), "k-" + orders.run()));
        var perBatch = new ArrayList<Integer>();
        var found = new ArrayList<Integer>();
        // past the driver's prepare threshold (5), from which it describes statements and may split a pipeline
        for (int batch = 0; batch < 8; batch++) {
            transaction.executeWithoutResult(status -> {
                try (RoundTrips trips = RoundTrips.count()) {
                    var read = store.lockLinesOfBuyersAndRead(lookups, lookups, PAID_AT);
                    perBatch.add(trips.made());
                    found.add((int) read.stream().filter(Optional::isPresent).count());
                }
                status.setRollbackOnly();
            });
        }

        assertThat(perBatch).as("round trips a batch start").containsOnly(1);
        assertThat(found).as("both lines read each time").containsOnly(2);
    }

    @Test
    @DisplayName("a retry in a batch neither takes nor waits for its line's lock: its key already names its refund")
    void aRetryInABatchWaitsForNoLock() throws Exception {
        var orders = Orders.place();
        String run = orders.run();
        Api.Reply original = refund(orders.second(), "r-" + run, "L-1", "20.00");
        assertThat(original.status()).as("%s", original).isEqualTo(201);
        assertPaidOut(orders.second());
        try (Connection settling = service.dataSource().getConnection()) {
            // the line held as the payout worker's settlement holds the lines it pays out
            settling.setAutoCommit(false);
            try (PreparedStatement lock = settling.prepareStatement(
                    "select 1 from order_lines where order_id = ? and line_id = 'L-1' for update")) {
                lock.setString(1, orders.second());
                lock.executeQuery().close();
            }
            try (var batch = new Batch(orders.held())) {
                List<Future<Api.Reply>> replies = batch.queue(
                        () -> refund(orders.second(), "r-" + run, "L-1", "20.00"),
                        () -> refund(orders.first(), "n-" + run, "L-1", "10.00"));
                batch.release();
                Api.Reply retry = replies.get(0).get(20, TimeUnit.SECONDS);
                Api.Reply fresh = replies.get(1).get(20, TimeUnit.SECONDS);
                assertThat(retry.status()).as("%s", retry).isEqualTo(200);
                assertThat(retry.text("refundId")).isEqualTo(original.text("refundId"));
                assertThat(fresh.status()).as("%s", fresh).isEqualTo(201);
            } finally {
                settling.rollback();
            }
        }
    }

    private static OrderStore.RefundLookup lookup(String orderId, String key) {
        return new OrderStore.RefundLookup(new OrderId(orderId), new LineId("L-1"), new BuyerId("B-" + orderId), key);
    }

    /**
     * The refunds columns in table order, the id and the key as parameters (the id's column comes first), less
     * the generated ones (the last: PostgreSQL computes them).
     */
    private static String copiedColumns() {
        return String.join(", ", service.jdbc().sql("""
                select column_name from information_schema.columns
                where table_name = 'refunds' and is_generated = 'NEVER'
                order by ordinal_position
                """).query(String.class).list().stream()
                .map(c -> c.equals("refund_id") || c.equals("idempotency_key") ? "?" : c)
                .toList());
    }

    /**
     * One writer held busy: a request on {@code heldOrder} waits for its line, locked by this test's connection,
     * while the requests queued behind it wait for the writer.
     */
    private static final class Batch implements AutoCloseable {
        private final ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor();
        private final Connection holder;
        private final Future<Api.Reply> heldReply;

        Batch(String heldOrder) throws Exception {
            holder = service.dataSource().getConnection();
            holder.setAutoCommit(false);
            try (PreparedStatement lock = holder.prepareStatement(
                    "select 1 from order_lines where order_id = ? and line_id = 'L-1' for update")) {
                lock.setString(1, heldOrder);
                lock.executeQuery().close();
            }
            heldReply = senders.submit(() -> refund(heldOrder, "held-" + heldOrder, "L-1", "30.00"));
            LockWaiters.await(service.jdbc(), 1);
        }

        @SafeVarargs
        final List<Future<Api.Reply>> queue(java.util.concurrent.Callable<Api.Reply>... requests) {
            var replies = new ArrayList<Future<Api.Reply>>();
            for (var request : requests) {
                replies.add(senders.submit(request));
                int queued = replies.size();
                assertThat(Poll.until(() -> queued() == queued, Duration.ofSeconds(20)))
                        .as("%d requests queued for the writer", queued).isTrue();
            }
            return replies;
        }

        /** Lets the held request go; returns its reply. The queued ones follow in one batch. */
        Api.Reply release() throws Exception {
            holder.rollback();
            return heldReply.get();
        }

        @Override
        public void close() throws Exception {
            holder.close();
            senders.close();
        }
    }

    /** A Tmall shop's orders of three buyers: one to hold the writer with, one of two lines, one of one line. */
    private record Orders(String run, String held, String first, String second) {
        static Orders place() {
            String run = UUID.randomUUID().toString().substring(0, 8);
            String shopId = "S-" + run;
            assertThat(service.api().put("/api/v1/shops/" + shopId, Map.of("name", "Shop", "channel", "TMALL")).status())
                    .isEqualTo(200);
            return new Orders(run, order(shopId, "O-" + run + "-held", "30.00"),
                    order(shopId, "O-" + run + "-1", "80.00", "60.00"), order(shopId, "O-" + run + "-2", "80.00"));
        }
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

    private static Api.Reply refund(String orderId, String key, String lineId, String amount) {
        return service.api().as(service.api().actors().buyer("B-" + orderId)).post("/api/v1/refunds", Map.of("orderId", orderId,
                "lineId", lineId, "amount", amount, "reason", "ordered twice by mistake"), "Idempotency-Key", key);
    }

    private static void assertPaidOut(String orderId) {
        assertThat(Poll.until(() -> service.jdbc().sql("select count(*) from refunds where order_id = ? and status <> 'PAID'")
                .param(orderId).query(Long.class).single() == 0, Duration.ofSeconds(20)))
                .as("every refund of %s paid", orderId).isTrue();
    }

    private static void assertPaidOutAndBalanced(String... orders) {
        for (String orderId : orders) {
            assertPaidOut(orderId);
        }
        assertThat(service.jdbc().sql("""
                select l.line_id || ':' || l.refunded_fen || ':' || l.reserved_fen || ':' || l.open_refunds
                from order_lines l where l.order_id = ? order by l.line_id
                """).param(orders[0]).query(String.class).list()).containsExactly("L-1:5000:0:0", "L-2:6000:0:0");
        assertThat(service.api().get("/api/v1/ledger/check").list("violations")).isEmpty();
    }

    private static double queued() {
        return service.meters().get("miaotui.group_commit.queued").tag("work", "refund requests").gauge().value();
    }

    private static double batchCount() {
        return service.meters().get("miaotui.group_commit.batch_size").tag("work", "refund requests").summary().count();
    }

    private static double batchMax() {
        return service.meters().get("miaotui.group_commit.batch_size").tag("work", "refund requests").summary().max();
    }

    private static double reruns() {
        return service.meters().get("miaotui.group_commit.batches_rerun").tag("work", "refund requests").counter().count();
    }
}
