package io.miaotui.server.payout;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.miaotui.payout.PayoutLookup;
import io.miaotui.payout.PayoutOutcome;
import io.miaotui.server.MiaotuiApplication;
import io.miaotui.server.ledger.LedgerCheck;
import io.miaotui.server.support.Api;
import io.miaotui.server.support.Poll;
import io.miaotui.server.support.TestDirs;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The payout worker's hard cases. Payout leases have an owner, and a decline is checked with the gateway before
 * a payout is given up. The service's own workers are off; the test runs workers of its own against a
 * gateway it holds, so "the first worker's answer arrives after a second worker took the payout over" happens
 * exactly, without sleeping. The second worker runs on a clock a minute ahead, which is how it sees the first
 * worker's lease as run out.
 */
class PayoutWorkerTest {
    private static ConfigurableApplicationContext context;
    private static Api api;
    private static JdbcClient jdbc;

    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final List<PayoutWorker> workers = new java.util.ArrayList<>();
    private final HeldGateway gateway = new HeldGateway();

    @BeforeAll
    static void start() {
        Path dataDir = TestDirs.fresh("miaotui-lease-");
        context = new SpringApplicationBuilder(MiaotuiApplication.class).run(
                "--miaotui.data-dir=" + dataDir, "--miaotui.durable=false", "--server.port=0",
                "--miaotui.payout.worker-enabled=false", "--logging.level.io.miaotui=ERROR");
        api = Api.of(context);
        jdbc = context.getBean(JdbcClient.class);
    }

    @AfterAll
    static void stop() {
        context.close();
    }

    @AfterEach
    void stopWorkers() {
        threads.shutdownNow();
        workers.forEach(PayoutWorker::stop);
    }

    @Test
    @DisplayName("a decline that comes back after the lease passed to another worker gives nothing up: that worker's payment settles")
    void lateDeclineOnTheLastAttemptChangesNothing() throws Exception {
        String refund = approvedRefund("31.00");
        var first = gateway.on(refund, 1, HeldGateway.Attempt.held(false,
                new PayoutOutcome.Declined("ACQ.SELLER_BALANCE_NOT_ENOUGH")));
        var second = gateway.on(refund, 2, HeldGateway.Attempt.held(true,
                new PayoutOutcome.Paid("HELD-" + refund, Instant.now())));
        PayoutWorker a = worker(1, Clock.systemUTC());
        PayoutWorker b = worker(1, Clock.offset(Clock.systemUTC(), Duration.ofMinutes(1)));

        Future<Integer> aPass = threads.submit(a::payBatch);
        first.awaitArrival();
        Future<Integer> bPass = threads.submit(b::payBatch);
        second.awaitArrival();
        first.letAnswer();
        aPass.get(10, TimeUnit.SECONDS);
        Map<String, Object> afterLateAnswer = refundRow(refund);
        second.letAnswer();
        bPass.get(10, TimeUnit.SECONDS);

        assertThat(afterLateAnswer).as("the first worker's late decline, on its last attempt").containsEntry("status", "APPROVED");
        assertThat(gateway.hasMoved(refund)).isTrue();
        assertThat(refundRow(refund)).containsEntry("status", "PAID");
        assertThat(ledgerKinds(refund)).containsExactly("REFUND_APPROVED", "PAYOUT_CONFIRMED");
        assertThat(events(refund)).containsExactly("OPENED", "PAID");
        assertThat(outboxRows(refund)).isZero();
        assertThat(context.getBean(LedgerCheck.class).run().violations()).isEmpty();
    }

    @Test
    @DisplayName("a late decline does not move the payout's next attempt while another worker holds its lease")
    void lateDeclineLeavesTheNewLeaseAlone() throws Exception {
        String refund = approvedRefund("32.00");
        var first = gateway.on(refund, 1, HeldGateway.Attempt.held(false, new PayoutOutcome.Declined("ACQ.SYSTEM_BUSY")));
        var second = gateway.on(refund, 2, HeldGateway.Attempt.held(true,
                new PayoutOutcome.Paid("HELD-" + refund, Instant.now())));
        PayoutWorker a = worker(5, Clock.systemUTC());
        PayoutWorker b = worker(5, Clock.offset(Clock.systemUTC(), Duration.ofMinutes(1)));

        Future<Integer> aPass = threads.submit(a::payBatch);
        first.awaitArrival();
        Future<Integer> bPass = threads.submit(b::payBatch);
        second.awaitArrival();
        Map<String, Object> leasedByB = outboxRow(refund);
        first.letAnswer();
        aPass.get(10, TimeUnit.SECONDS);
        Map<String, Object> afterLateAnswer = outboxRow(refund);
        second.letAnswer();
        bPass.get(10, TimeUnit.SECONDS);

        assertThat(afterLateAnswer).isEqualTo(leasedByB);
        assertThat(refundRow(refund)).containsEntry("status", "PAID");
        assertThat(ledgerKinds(refund)).containsExactly("REFUND_APPROVED", "PAYOUT_CONFIRMED");
        assertThat(context.getBean(LedgerCheck.class).run().violations()).isEmpty();
    }

    @Test
    @DisplayName("a batch starts no gateway call after half its lease and puts the payouts it did not start back, attempt uncounted")
    void slowBatchStopsStartingCallsBeforeTheLeaseEnds() throws Exception {
        List<String> refunds = List.of(approvedRefund("1.00"), approvedRefund("2.00"), approvedRefund("3.00"));
        // The first call outlasts half the lease, so the two queued behind it (one gateway thread) start too late;
        // it still ends a second before the lease does, so it settles.
        Duration lease = Duration.ofSeconds(3);
        gateway.otherwise(i -> {
            sleep(2_000);
            return new PayoutOutcome.Paid("HELD-" + i.refundId(), Instant.now());
        });
        PayoutWorker slow = worker(new PayoutProperties(10, Duration.ofMillis(200), lease, Duration.ofSeconds(1),
                Duration.ofSeconds(5), 5, 1, 1, true, Duration.ZERO, Duration.ZERO, 1), Clock.systemUTC());

        int claimed = slow.payBatch();

        assertThat(claimed).isEqualTo(3);
        assertThat(gateway.calls()).as("gateway calls started").isEqualTo(1);
        assertThat(refunds.stream().map(r -> refundRow(r).get("status"))).containsExactlyInAnyOrder("PAID", "APPROVED", "APPROVED");
        List<String> putBack = refunds.stream().filter(r -> "APPROVED".equals(refundRow(r).get("status"))).toList();
        for (String refund : putBack) {
            Map<String, Object> row = outboxRow(refund);
            assertThat(row).containsEntry("attempts", 0);
            assertThat(((java.sql.Timestamp) row.get("available_at")).toInstant()).isBefore(Instant.now().plusMillis(1));
        }
        assertThat(context.getBean(LedgerCheck.class).run().violations()).isEmpty();
    }

    @Test
    @DisplayName("a decline on the last attempt of a refund the gateway did pay settles it: the gateway is asked before giving up")
    void lastDeclineOfAPaidRefundSettles() {
        String refund = approvedRefund("41.00");
        gateway.on(refund, 1, HeldGateway.Attempt.now(true, new PayoutOutcome.Declined("ACQ.SELLER_BALANCE_NOT_ENOUGH")));

        worker(1, Clock.systemUTC()).payBatch();

        assertThat(gateway.lookUps()).isEqualTo(1);
        assertThat(refundRow(refund)).containsEntry("status", "PAID");
        assertThat(ledgerKinds(refund)).containsExactly("REFUND_APPROVED", "PAYOUT_CONFIRMED");
        assertThat(context.getBean(LedgerCheck.class).run().violations()).isEmpty();
    }

    @Test
    @DisplayName("a decline on the last attempt is not given up while the gateway cannot say whether it paid")
    void lastDeclineIsKeptWhileTheQueryFails() {
        String refund = approvedRefund("42.00");
        gateway.on(refund, 1, HeldGateway.Attempt.now(false, new PayoutOutcome.Declined("ACQ.SELLER_BALANCE_NOT_ENOUGH")));
        gateway.lookUpAnswers(new PayoutLookup.Unavailable("HTTP 503"));

        worker(1, Clock.systemUTC()).payBatch();

        assertThat(refundRow(refund)).containsEntry("status", "APPROVED");
        assertThat(outboxRow(refund)).containsEntry("attempts", 1);
        assertThat((String) outboxRow(refund).get("last_error")).contains("HTTP 503");
        assertThat(ledgerKinds(refund)).containsExactly("REFUND_APPROVED");
        assertThat(context.getBean(LedgerCheck.class).run().violations()).isEmpty();
    }

    @Test
    @DisplayName("a decline on the last attempt that the gateway confirms it has no record of ends PAYOUT_FAILED, back in escrow")
    void confirmedDeclineGivesUp() {
        String refund = approvedRefund("43.00");
        gateway.on(refund, 1, HeldGateway.Attempt.now(false, new PayoutOutcome.Declined("ACQ.SELLER_BALANCE_NOT_ENOUGH")));

        worker(1, Clock.systemUTC()).payBatch();

        assertThat(gateway.lookUps()).isEqualTo(1);
        assertThat(refundRow(refund)).containsEntry("status", "PAYOUT_FAILED");
        assertThat(ledgerKinds(refund)).containsExactly("REFUND_APPROVED", "PAYOUT_FAILED");
        assertThat(outboxRows(refund)).isZero();
        assertThat(context.getBean(LedgerCheck.class).run().violations()).isEmpty();
    }

    @Test
    @DisplayName("two refunds of one line paid in one batch both settle on the line: held money to refunded, counted once each")
    void twoRefundsOfOneLineSettleInOneBatch() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        api.put("/api/v1/shops/S-" + run, Map.of("name", "Twice " + run, "channel", "TMALL"));
        String orderId = "O-" + run;
        assertThat(api.post("/api/v1/orders", Map.of("orderId", orderId, "shopId", "S-" + run, "buyerId", "B-" + run,
                "paidAt", Instant.now().toString(), "currency", "CNY", "lines", List.of(Map.of("lineId", "L-1",
                        "sku", "SKU", "quantity", 2, "paidAmount", "100.00")))).status()).isEqualTo(201);
        var refunds = new java.util.ArrayList<String>();
        for (String amount : List.of("30.00", "45.50")) {
            var refund = api.post("/api/v1/refunds", Map.of("orderId", orderId, "lineId", "L-1", "amount", amount,
                    "reason", "twice"), "Idempotency-Key", "twice-" + amount + "-" + run);
            assertThat(refund.text("status")).isEqualTo("APPROVED");
            refunds.add(refund.text("refundId"));
        }

        worker(new PayoutProperties(50, Duration.ofMillis(200), Duration.ofSeconds(1), Duration.ofSeconds(1),
                Duration.ofSeconds(5), 3, 1, 4, true, Duration.ZERO, Duration.ZERO, 1), Clock.systemUTC()).payBatch();

        refunds.forEach(refund -> assertThat(refundRow(refund)).containsEntry("status", "PAID"));
        assertThat(jdbc.sql("select refunded_fen, reserved_fen, open_refunds from order_lines where order_id = ?")
                .param(orderId).query().singleRow())
                .containsEntry("refunded_fen", 7550L).containsEntry("reserved_fen", 0L).containsEntry("open_refunds", 0);
        refunds.forEach(refund -> assertThat(events(refund)).containsExactly("OPENED", "PAID"));
        assertThat(context.getBean(LedgerCheck.class).run().violations()).isEmpty();
    }

    @Test
    @DisplayName("approvals that arrive while a woken worker lingers are paid and settled in its one batch")
    void approvalsArrivingTogetherArePaidInOneBatch() {
        // polls only when woken (the 10 s poll never comes), lingers up to a second after a wake-up
        PayoutWorker lingering = worker(new PayoutProperties(10, Duration.ofSeconds(10), Duration.ofSeconds(30),
                Duration.ofSeconds(1), Duration.ofSeconds(5), 3, 1, 4, true, Duration.ofSeconds(1),
                Duration.ofSeconds(1), 1), Clock.systemUTC());
        Instant started = Instant.now();
        lingering.start();
        assertThat(Poll.until(() -> lingering.lastLoopAt().isAfter(started), Duration.ofSeconds(10)))
                .as("the worker's first look, at an outbox without these refunds").isTrue();

        assertPaidInOneSettlement(threeApprovalsWakingOnTheFirst(lingering, "1", "LINGER-"));
    }

    @Test
    @DisplayName("after a big claim a woken worker lingers the busy linger, so a storm's approvals share a batch")
    void aBusyWorkerLingersLonger() {
        // no linger while approvals come a few at a time, a second once a claim took two or more
        PayoutWorker worker = worker(new PayoutProperties(10, Duration.ofSeconds(10), Duration.ofSeconds(30),
                Duration.ofSeconds(1), Duration.ofSeconds(5), 3, 1, 4, true, Duration.ZERO, Duration.ofSeconds(1), 2),
                Clock.systemUTC());
        List<String> busy = List.of(approvedRefundTheGatewayPays("20.00", "BUSY-"),
                approvedRefundTheGatewayPays("21.00", "BUSY-"));
        Instant started = Instant.now();
        worker.start();
        assertThat(allPaid(busy)).as("the first claim, of two").isTrue();
        assertThat(Poll.until(() -> worker.lastLoopAt().isAfter(started), Duration.ofSeconds(10))).isTrue();

        // a quiet worker would claim the first alone at once
        assertPaidInOneSettlement(threeApprovalsWakingOnTheFirst(worker, "3", "BUSY-"));
    }

    /**
     * Three approved refunds (amounts {@code tens}0.00, {@code tens}1.00, {@code tens}2.00), the gateway paying each;
     * the first approval wakes the worker, the other two arrive while it lingers.
     */
    private List<String> threeApprovalsWakingOnTheFirst(PayoutWorker worker, String tens, String reference) {
        var refunds = new java.util.ArrayList<String>();
        for (int i = 0; i < 3; i++) {
            refunds.add(approvedRefundTheGatewayPays(tens + i + ".00", reference));
            if (i == 0) {
                worker.approvedRefundsWaiting();
            }
        }
        return refunds;
    }

    /** An approved refund of {@code amount}, which the gateway pays at the first attempt under {@code reference}. */
    private String approvedRefundTheGatewayPays(String amount, String reference) {
        String refund = approvedRefund(amount);
        gateway.on(refund, 1, HeldGateway.Attempt.now(true, new PayoutOutcome.Paid(reference + refund, Instant.now())));
        return refund;
    }

    /** Whether every one of {@code refunds} is PAID within 10 s. */
    private boolean allPaid(List<String> refunds) {
        return Poll.until(() -> refunds.stream().allMatch(r -> "PAID".equals(refundRow(r).get("status"))),
                Duration.ofSeconds(10));
    }

    private void assertPaidInOneSettlement(List<String> refunds) {
        assertThat(allPaid(refunds)).isTrue();
        assertThat(jdbc.sql("""
                select count(distinct at) from refund_events where event = 'PAID' and refund_id = any(?::char(36)[])
                """).param(refunds.toArray(String[]::new)).query(Long.class).single())
                .as("one settlement for the three").isEqualTo(1);
    }

    private PayoutWorker worker(int maxAttempts, Clock clock) {
        return worker(new PayoutProperties(10, Duration.ofMillis(200), Duration.ofSeconds(1), Duration.ofSeconds(1),
                Duration.ofSeconds(5), maxAttempts, 1, 4, true, Duration.ZERO, Duration.ZERO, 1), clock);
    }

    private PayoutWorker worker(PayoutProperties properties, Clock clock) {
        PayoutWorker worker = new PayoutWorker(context.getBean(PayoutOutbox.class), gateway,
                context.getBean(PayoutDatabase.class), clock, properties, context.getBean(MeterRegistry.class));
        workers.add(worker);
        return worker;
    }

    /** A paid one-line order in a TMALL shop and an instant refund of all of it; the refund's id. */
    private static String approvedRefund(String amount) {
        String run = UUID.randomUUID().toString().substring(0, 8);
        api.put("/api/v1/shops/S-" + run, Map.of("name", "Lease " + run, "channel", "TMALL"));
        String orderId = "O-" + run;
        var order = api.post("/api/v1/orders", Map.of("orderId", orderId, "shopId", "S-" + run, "buyerId", "B-" + run,
                "paidAt", Instant.now().toString(), "currency", "CNY", "lines", List.of(Map.of("lineId", "L-1",
                        "sku", "SKU", "quantity", 1, "paidAmount", amount))));
        assertThat(order.status()).isEqualTo(201);
        var refund = api.post("/api/v1/refunds", Map.of("orderId", orderId, "lineId", "L-1", "reason", "lease"),
                "Idempotency-Key", "lease-" + run);
        assertThat(refund.text("status")).isEqualTo("APPROVED");
        return refund.text("refundId");
    }

    private static Map<String, Object> refundRow(String refund) {
        return jdbc.sql("select status, payout_error from refunds where refund_id = ?").param(refund)
                .query().singleRow();
    }

    private static Map<String, Object> outboxRow(String refund) {
        return jdbc.sql("select * from payout_outbox where refund_id = ?").param(refund).query().singleRow();
    }

    private static long outboxRows(String refund) {
        return jdbc.sql("select count(*) from payout_outbox where refund_id = ?").param(refund).query(Long.class).single();
    }

    private static List<String> ledgerKinds(String refund) {
        return jdbc.sql("select kind from ledger_entries where refund_id = ? order by created_at, kind").param(refund)
                .query(String.class).list();
    }

    private static List<String> events(String refund) {
        return jdbc.sql("select event from refund_events where refund_id = ? order by event_id").param(refund)
                .query(String.class).list();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
