package io.miaotui.server.refund;

import static org.assertj.core.api.Assertions.assertThat;

import io.miaotui.refund.RefundId;
import io.miaotui.server.support.Api;
import io.miaotui.server.support.ApiTestBase;
import io.miaotui.server.support.Poll;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Many threads race shipments, refunds, duplicate requests and merchant approvals on the same lines. Whatever
 * order the database serialises them in, the money invariants must hold afterwards.
 */
class RefundRaceTest extends ApiTestBase {
    private static final int THREADS = 32;

    record Call(String kind, String orderId, String key, Api.Reply reply) {
    }

    @Test
    @DisplayName("racing shipments, refunds and duplicates never overpay, never refund a shipped line instantly, pay each approval once")
    void raceOnSameLines() throws Exception {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        String taobao = shop("TAOBAO");
        String tmall = shop("TMALL");
        List<String> orders = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            String shopId = i < 30 ? taobao : tmall;
            String amount = i < 20 ? "100.00" : i < 30 ? "800.00" : "300.00";
            orders.add(order(shopId, "O-" + run + "-" + i, Instant.now(), amount));
        }

        var calls = new ConcurrentLinkedQueue<Call>();
        List<Callable<Void>> tasks = new ArrayList<>();
        for (String orderId : orders) {
            for (int s = 0; s < 3; s++) {
                tasks.add(() -> record(calls, "ship", orderId, null, ship(orderId, "L-1", "SF-" + orderId)));
            }
            for (int r = 0; r < 4; r++) {
                String key = orderId + "-r" + r;
                tasks.add(() -> record(calls, "refund", orderId, key, refund(key, orderId, "L-1", "40.00")));
            }
            for (int d = 0; d < 3; d++) {
                String key = orderId + "-dup";
                tasks.add(() -> record(calls, "dup", orderId, key, refund(key, orderId, "L-1", "30.00")));
            }
        }
        Collections.shuffle(tasks, random);
        runTogether(tasks);

        // Merchants approve every pending refund, each twice at once: one approval wins, the other is a 409.
        List<String> pending = jdbc.sql("select refund_id from refunds where order_id like ? and status = 'PENDING_MERCHANT_REVIEW'")
                .param("O-" + run + "-%").query(String.class).list();
        List<Callable<Void>> approvals = new ArrayList<>();
        for (String refundId : pending) {
            for (int twice = 0; twice < 2; twice++) {
                approvals.add(() -> record(calls, "approve", refundId, refundId,
                        api.post("/api/v1/refunds/" + refundId + "/approve", Map.of())));
            }
        }
        runTogether(approvals);
        awaitPayoutsSettled(Duration.ofSeconds(15));

        String why = "seed " + seed;
        assertThat(calls).as(why).allSatisfy(c -> assertThat(c.reply().status()).as("%s %s", c.kind(), c.reply())
                .isLessThan(500));
        assertDuplicatesMadeOneRefund(calls, why);
        assertApprovalsWonOnce(calls, pending, why);
        assertLineMoneyMatchesRefunds(why);
        assertNoInstantRefundOfAShippedLine(why);
        assertEveryApprovalPaidOnce(why);
        Api.Reply ledger = api.get("/api/v1/ledger/check");
        assertThat(ledger.list("violations")).as("ledger check after the race; %s", why).isEmpty();
        assertThat(calls.stream().filter(c -> c.kind().equals("ship") && c.reply().status() == 201)
                .collect(java.util.stream.Collectors.groupingBy(Call::orderId, java.util.stream.Collectors.counting())))
                .as("at most one shipment per line; %s", why).allSatisfy((order, count) -> assertThat(count).isEqualTo(1));
    }

    private static Void record(ConcurrentLinkedQueue<Call> calls, String kind, String orderId, String key, Api.Reply reply) {
        calls.add(new Call(kind, orderId, key, reply));
        return null;
    }

    private static void runTogether(List<Callable<Void>> tasks) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            var start = new CountDownLatch(1);
            List<Future<Void>> futures = new ArrayList<>();
            for (Callable<Void> task : tasks) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return task.call();
                }));
            }
            start.countDown();
            for (Future<Void> future : futures) {
                future.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private void awaitPayoutsSettled(Duration within) {
        Poll.until(() -> approvedLeft() == 0, within);
        assertThat(approvedLeft()).as("approved refunds still unpaid").isZero();
    }

    private long approvedLeft() {
        return jdbc.sql("select count(*) from refunds where order_id like ? and status = 'APPROVED'")
                .param("O-" + run + "-%").query(Long.class).single();
    }

    private static void assertDuplicatesMadeOneRefund(ConcurrentLinkedQueue<Call> calls, String why) {
        var byKey = calls.stream().filter(c -> c.kind().equals("dup"))
                .collect(java.util.stream.Collectors.groupingBy(Call::key));
        byKey.forEach((key, replies) -> {
            List<Call> accepted = replies.stream().filter(c -> c.reply().status() < 300).toList();
            assertThat(accepted.stream().map(c -> c.reply().text("refundId")).distinct()).as("%s %s", key, why)
                    .hasSizeLessThanOrEqualTo(1);
            assertThat(accepted.stream().filter(c -> c.reply().status() == 201)).as("%s %s", key, why)
                    .hasSizeLessThanOrEqualTo(1);
            if (!accepted.isEmpty()) {
                assertThat(accepted.stream().filter(c -> c.reply().status() == 201)).as("%s %s", key, why).hasSize(1);
            }
        });
    }

    private static void assertApprovalsWonOnce(ConcurrentLinkedQueue<Call> calls, List<String> pending, String why) {
        for (String refundId : pending) {
            List<Integer> statuses = calls.stream().filter(c -> c.kind().equals("approve") && c.key().equals(refundId))
                    .map(c -> c.reply().status()).sorted().toList();
            assertThat(statuses).as("%s %s", refundId, why).containsExactly(200, 409);
        }
    }

    private void assertLineMoneyMatchesRefunds(String why) {
        List<String> mismatches = jdbc.sql("""
                select l.order_id from order_lines l
                left join (select order_id, line_id,
                        coalesce(sum(amount_fen) filter (where status = 'PAID'), 0) as paid_back,
                        coalesce(sum(amount_fen) filter (where status in ('PENDING_MERCHANT_REVIEW', 'APPROVED')), 0) as held,
                        count(*) filter (where status in ('PENDING_MERCHANT_REVIEW', 'APPROVED')) as open
                    from refunds group by order_id, line_id) r
                  on r.order_id = l.order_id and r.line_id = l.line_id
                where l.order_id like ? and (
                    l.refunded_fen + l.reserved_fen > l.paid_fen
                    or l.refunded_fen <> coalesce(r.paid_back, 0)
                    or l.reserved_fen <> coalesce(r.held, 0)
                    or l.open_refunds <> coalesce(r.open, 0))
                """).param("O-" + run + "-%").query(String.class).list();
        assertThat(mismatches).as("lines whose money disagrees with their refunds; %s", why).isEmpty();
        long refundedTotal = jdbc.sql("select coalesce(sum(refunded_fen), 0) from order_lines where order_id like ?")
                .param("O-" + run + "-%").query(Long.class).single();
        assertThat(refundedTotal).as("something was refunded; %s", why).isPositive();
    }

    private void assertNoInstantRefundOfAShippedLine(String why) {
        List<String> violations = jdbc.sql("""
                select r.refund_id from refunds r join order_lines l on l.order_id = r.order_id and l.line_id = r.line_id
                where r.order_id like ? and r.decision_instant and l.shipped_at is not null
                  and (r.paid_at is null or r.paid_at >= l.shipped_at)
                """).param("O-" + run + "-%").query(String.class).list();
        assertThat(violations).as("instant refunds of lines that shipped before the money was back; %s", why).isEmpty();
    }

    private void assertEveryApprovalPaidOnce(String why) {
        List<String> paid = jdbc.sql("select refund_id from refunds where order_id like ? and status = 'PAID'")
                .param("O-" + run + "-%").query(String.class).list();
        assertThat(paid).as(why).isNotEmpty().allSatisfy(id -> assertThat(gateway.hasPaid(new RefundId(id))).isTrue());
        long outbox = jdbc.sql("select count(*) from payout_outbox o join refunds r on r.refund_id = o.refund_id where r.order_id like ?")
                .param("O-" + run + "-%").query(Long.class).single();
        assertThat(outbox).as("outbox drained; %s", why).isZero();
    }
}
