package io.miaotui.bench.storm;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.ArrayList;
import java.util.List;

/**
 * Sends requests on a fixed timeline: request {@code i} is due at {@code start + i / rate}, and its latency is
 * measured from that intended start, not from when a worker got round to sending it. When the service falls
 * behind, the requests queued behind a slow one are charged the wait they would have had in front of a real
 * storm of buyers (no coordinated omission: a closed loop would simply have sent fewer requests).
 *
 * <p>At most {@code workers} requests are in flight (the concurrency of the sweep); each worker takes the next
 * request number, waits for its due time if it is early, and sends it at once if it is late. A rate of 0 means
 * as fast as the workers go (a closed loop: each request's latency is then its service time), which is how the
 * sustained maximum is found.
 */
public final class OpenLoop {
    /** Where time comes from: the system's monotonic clock, or a fake one in tests. */
    public interface Ticker {
        long nanoTime();

        /** Returns at or after {@code deadline} (as {@link #nanoTime()} counts). */
        void sleepUntil(long deadline) throws InterruptedException;

        Ticker SYSTEM = new Ticker() {
            @Override
            public long nanoTime() {
                return System.nanoTime();
            }

            /**
             * Parks until the deadline, never spins: the generator shares the cores with the service it measures,
             * and a spinning virtual thread would also hold one of the few carrier threads that deliver the other
             * requests' answers. Waking late only delays a send, and latency counts from the due time, so it can
             * make the service look slower, never faster.
             */
            @Override
            public void sleepUntil(long deadline) throws InterruptedException {
                long left;
                while ((left = deadline - System.nanoTime()) > 0) {
                    Thread.sleep(Duration.ofNanos(left));
                }
            }
        };
    }

    /** One request: number {@code index}; returns when it is answered. */
    @FunctionalInterface
    public interface Request {
        void send(long index) throws Exception;
    }

    /** Receives each request's latency (from its intended start to its answer) in nanoseconds. */
    @FunctionalInterface
    public interface LatencySink {
        void record(long index, long latencyNanos);
    }

    /** What a run did: requests sent, and the time from the start to the last answer. */
    public record Result(long requests, long elapsedNanos) {
        public double perSecond() {
            return requests / Math.max(elapsedNanos / 1e9, 1e-9);
        }
    }

    private final Ticker ticker;
    private final double ratePerSecond;
    private final long durationNanos;

    /** {@code ratePerSecond} 0: closed loop. Requests are due during {@code durationNanos} from the start. */
    public OpenLoop(Ticker ticker, double ratePerSecond, long durationNanos) {
        if (ratePerSecond < 0 || Double.isNaN(ratePerSecond)) {
            throw new IllegalArgumentException("a rate is 0 (closed loop) or positive, got " + ratePerSecond);
        }
        this.ticker = ticker;
        this.ratePerSecond = ratePerSecond;
        this.durationNanos = durationNanos;
    }

    /** When request {@code index} is due, counted from {@code start}; -1 in a closed loop. */
    public long intendedStart(long start, long index) {
        if (ratePerSecond == 0) {
            return -1;
        }
        return start + (long) Math.floor(index * 1e9 / ratePerSecond);
    }

    /** Runs {@code workers} workers (virtual threads) until no request is due before the end. */
    public Result run(int workers, Request request, LatencySink sink) {
        long start = ticker.nanoTime();
        AtomicLong next = new AtomicLong();
        AtomicLong lastAnswer = new AtomicLong(start);
        List<Future<?>> futures = new ArrayList<>();
        try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int w = 0; w < workers; w++) {
                futures.add(executor.submit(() -> {
                    work(start, next, lastAnswer, request, sink);
                    return null;
                }));
            }
        }
        for (Future<?> future : futures) {
            try {
                future.get();
            } catch (ExecutionException e) {
                throw new IllegalStateException("a storm worker failed: " + e.getCause(), e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        return new Result(next.get() - workers, lastAnswer.get() - start);
    }

    /**
     * One worker's loop; also what a test drives on one thread with a fake ticker. Takes request numbers from
     * {@code next} until one is due at or after the end (that number is taken and not sent: each worker takes
     * exactly one such number, so requests sent = numbers taken − workers).
     */
    void work(long start, AtomicLong next, AtomicLong lastAnswer, Request request, LatencySink sink)
            throws Exception {
        long end = start + durationNanos;
        while (true) {
            long index = next.getAndIncrement();
            long due = intendedStart(start, index);
            if (due < 0) {
                due = ticker.nanoTime();
                if (due - end >= 0) {
                    return;
                }
            } else if (due - end >= 0) {
                return;
            } else if (ticker.nanoTime() - due < 0) {
                ticker.sleepUntil(due);
            }
            request.send(index);
            long answered = ticker.nanoTime();
            sink.record(index, answered - due);
            lastAnswer.accumulateAndGet(answered, Math::max);
        }
    }
}
