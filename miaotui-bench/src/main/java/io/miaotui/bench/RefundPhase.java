package io.miaotui.bench;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * Phase 2: C workers pull order indices from one counter and POST one full refund per order, timing each call.
 * Stops after N requests or at the duration cap, whichever comes first.
 */
public final class RefundPhase {
    static final String APPROVED = "APPROVED";
    static final String PAID = "PAID";
    static final String PENDING_MERCHANT_REVIEW = "PENDING_MERCHANT_REVIEW";

    private final ApiClient api;
    private final OrderPlan plan;
    private final PrintStream log;

    public RefundPhase(ApiClient api, OrderPlan plan, PrintStream log) {
        this.api = api;
        this.plan = plan;
        this.log = log;
    }

    /**
     * What the phase did. Latency covers calls that got a response; {@code instantRefundIds} are the refund ids of
     * APPROVED/PAID answers in order-index order, for the time-to-money sample.
     */
    public record Result(
            int planned,
            long requests,
            Duration elapsed,
            boolean stoppedByCap,
            OutcomeTally tally,
            LatencySnapshot latency,
            long instant,
            long review,
            long otherStatus,
            long expectedInstant,
            List<String> instantRefundIds) {

        public double seconds() {
            return elapsed.toNanos() / 1e9;
        }

        public double perSecond() {
            return requests / Math.max(seconds(), 1e-9);
        }
    }

    public Result run(int orders, int concurrency, Optional<Duration> cap) {
        OutcomeTally tally = new OutcomeTally();
        LatencyRecorder latency = new LatencyRecorder();
        LongAdder instant = new LongAdder();
        LongAdder review = new LongAdder();
        LongAdder other = new LongAdder();
        LongAdder expectedInstant = new LongAdder();
        AtomicReferenceArray<String> instantIds = new AtomicReferenceArray<>(orders);
        AtomicInteger next = new AtomicInteger();

        long start = System.nanoTime();
        long deadline = cap.map(c -> start + c.toNanos()).orElse(Long.MAX_VALUE);
        try (Progress progress = Progress.start("refunds", orders, tally::total, tally::failures, log)) {
            Workers.run(Math.min(concurrency, orders), () -> {
                while (System.nanoTime() - deadline < 0) {
                    int index = next.getAndIncrement();
                    if (index >= orders) {
                        return;
                    }
                    if (plan.expectsInstant(index)) {
                        expectedInstant.increment();
                    }
                    ApiResponse response = api.postRefund(plan.buyerId(index), plan.idempotencyKey(index), plan.refundJson(index));
                    tally.record(response);
                    if (!response.responded()) {
                        continue;
                    }
                    latency.record(response.nanos());
                    if (!response.isSuccess()) {
                        continue;
                    }
                    var body = MiniJson.parseObject(response.body());
                    String status = body.flatMap(o -> MiniJson.stringField(o, "status")).orElse("");
                    switch (status) {
                        case APPROVED, PAID -> {
                            instant.increment();
                            body.flatMap(o -> MiniJson.stringField(o, "refundId")).ifPresent(id -> instantIds.set(index, id));
                        }
                        case PENDING_MERCHANT_REVIEW -> review.increment();
                        default -> other.increment();
                    }
                }
            });
        }
        long end = System.nanoTime();
        Duration elapsed = Duration.ofNanos(end - start);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < orders; i++) {
            String id = instantIds.get(i);
            if (id != null) {
                ids.add(id);
            }
        }
        long requests = tally.total();
        return new Result(orders, requests, elapsed, requests < orders, tally, latency.snapshot(),
                instant.sum(), review.sum(), other.sum(), expectedInstant.sum(), ids);
    }
}
