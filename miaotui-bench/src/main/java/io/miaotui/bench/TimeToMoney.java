package io.miaotui.bench;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Phase 3: for a sample of instant refunds, poll GET /api/v1/refunds/{id} until it is PAID (at most 10 s each,
 * every 20 ms) and measure the server's own paidAt - createdAt: how long the buyer waited for the money.
 */
public final class TimeToMoney {
    static final int MAX_SAMPLES = 200;
    static final Duration PER_REFUND_LIMIT = Duration.ofSeconds(10);
    static final Duration POLL_INTERVAL = Duration.ofMillis(20);

    private final ApiClient api;
    private final PrintStream log;

    public TimeToMoney(ApiClient api, PrintStream log) {
        this.api = api;
        this.log = log;
    }

    /**
     * What the sample showed. {@code endedOtherwise} reached a final status other than PAID (REJECTED);
     * {@code missingTimestamps} were PAID but lacked a parsable createdAt or paidAt.
     */
    public record Result(
            int sampled,
            long paid,
            long notPaidInTime,
            long endedOtherwise,
            long missingTimestamps,
            LatencySnapshot createdToPaid,
            OutcomeTally tally) {
    }

    public Result measure(List<String> instantRefundIds, int concurrency) {
        List<String> sample = evenlySpaced(instantRefundIds, MAX_SAMPLES);
        OutcomeTally tally = new OutcomeTally();
        LatencyRecorder createdToPaid = new LatencyRecorder();
        LongAdder paid = new LongAdder();
        LongAdder notPaid = new LongAdder();
        LongAdder other = new LongAdder();
        LongAdder missing = new LongAdder();
        AtomicInteger next = new AtomicInteger();
        AtomicInteger finished = new AtomicInteger();
        if (!sample.isEmpty()) {
            try (Progress progress = Progress.start("time-to-money", sample.size(), finished::get, notPaid::sum, log)) {
                Workers.run(Math.min(concurrency, sample.size()), () -> {
                    int index;
                    while ((index = next.getAndIncrement()) < sample.size()) {
                        switch (poll(sample.get(index), tally, createdToPaid)) {
                            case PAID -> paid.increment();
                            case PAID_WITHOUT_TIMESTAMPS -> {
                                paid.increment();
                                missing.increment();
                            }
                            case ENDED_OTHERWISE -> other.increment();
                            case TIMED_OUT -> notPaid.increment();
                        }
                        finished.incrementAndGet();
                    }
                });
            }
        }
        return new Result(sample.size(), paid.sum(), notPaid.sum(), other.sum(), missing.sum(),
                createdToPaid.snapshot(), tally);
    }

    private enum Outcome { PAID, PAID_WITHOUT_TIMESTAMPS, ENDED_OTHERWISE, TIMED_OUT }

    private Outcome poll(String refundId, OutcomeTally tally, LatencyRecorder createdToPaid) {
        long deadline = System.nanoTime() + PER_REFUND_LIMIT.toNanos();
        while (true) {
            ApiResponse response = api.getRefund(refundId);
            tally.record(response);
            if (response.isSuccess()) {
                Optional<Map<String, Object>> body = MiniJson.parseObject(response.body());
                String status = body.flatMap(o -> MiniJson.stringField(o, "status")).orElse("");
                if (status.equals(RefundPhase.PAID)) {
                    Optional<Duration> waited = between(body.get(), "createdAt", "paidAt");
                    if (waited.isEmpty()) {
                        return Outcome.PAID_WITHOUT_TIMESTAMPS;
                    }
                    createdToPaid.record(Math.max(0, waited.get().toNanos()));
                    return Outcome.PAID;
                }
                if (status.equals("REJECTED")) {
                    return Outcome.ENDED_OTHERWISE;
                }
            }
            if (System.nanoTime() - deadline >= 0) {
                return Outcome.TIMED_OUT;
            }
            try {
                Thread.sleep(POLL_INTERVAL);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Outcome.TIMED_OUT;
            }
        }
    }

    private static Optional<Duration> between(Map<String, Object> body, String from, String to) {
        try {
            Optional<Instant> start = MiniJson.stringField(body, from).map(Instant::parse);
            Optional<Instant> end = MiniJson.stringField(body, to).map(Instant::parse);
            return start.isPresent() && end.isPresent()
                    ? Optional.of(Duration.between(start.get(), end.get()))
                    : Optional.empty();
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** Up to {@code limit} items spread evenly over {@code items}, first item included. */
    static <T> List<T> evenlySpaced(List<T> items, int limit) {
        if (items.size() <= limit) {
            return List.copyOf(items);
        }
        List<T> sample = new ArrayList<>(limit);
        for (int k = 0; k < limit; k++) {
            sample.add(items.get((int) ((long) k * items.size() / limit)));
        }
        return sample;
    }
}
