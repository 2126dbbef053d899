package io.miaotui.bench.storm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The scheduler's accounting on a fake clock: latency counts from when a request was due, not when it was sent. */
class OpenLoopTest {
    private static final long MS = 1_000_000;

    /** Time moves only when a request takes time or a worker waits. */
    static final class FakeTicker implements OpenLoop.Ticker {
        long now = 1_000 * MS;
        final List<Long> sleptUntil = new ArrayList<>();

        @Override
        public long nanoTime() {
            return now;
        }

        @Override
        public void sleepUntil(long deadline) {
            sleptUntil.add(deadline);
            now = Math.max(now, deadline);
        }
    }

    private record Recorded(long index, long latency) {
    }

    @Test
    void aSlowAnswerChargesTheRequestsQueuedBehindItTheirWait() throws Exception {
        FakeTicker ticker = new FakeTicker();
        // 100 requests/s: one due every 10 ms, for 50 ms; each answer takes 25 ms, one worker
        OpenLoop loop = new OpenLoop(ticker, 100, 50 * MS);
        List<Recorded> recorded = new ArrayList<>();
        long start = ticker.nanoTime();
        AtomicLong next = new AtomicLong();

        loop.work(start, next, new AtomicLong(start), index -> ticker.now += 25 * MS,
                (index, latency) -> recorded.add(new Recorded(index, latency)));

        // due at 0, 10, 20, 30, 40 ms; sent at 0, 25, 50, 75, 100; answered 25 ms later each
        assertThat(recorded).containsExactly(new Recorded(0, 25 * MS), new Recorded(1, 40 * MS),
                new Recorded(2, 55 * MS), new Recorded(3, 70 * MS), new Recorded(4, 85 * MS));
        assertThat(ticker.sleptUntil).as("never early, so never waits").isEmpty();
        assertThat(next.get()).as("five sent, the sixth (due at the end) taken and not sent").isEqualTo(6);
    }

    @Test
    void aFastServiceIsSentRequestsOnTheTimelineAndChargedOnlyItsServiceTime() throws Exception {
        FakeTicker ticker = new FakeTicker();
        OpenLoop loop = new OpenLoop(ticker, 100, 30 * MS);
        List<Recorded> recorded = new ArrayList<>();
        long start = ticker.nanoTime();

        loop.work(start, new AtomicLong(), new AtomicLong(start), index -> ticker.now += 2 * MS,
                (index, latency) -> recorded.add(new Recorded(index, latency)));

        assertThat(recorded).containsExactly(new Recorded(0, 2 * MS), new Recorded(1, 2 * MS), new Recorded(2, 2 * MS));
        assertThat(ticker.sleptUntil).containsExactly(start + 10 * MS, start + 20 * MS);
    }

    @Test
    void aClosedLoopSendsBackToBackUntilTheEndAndChargesServiceTime() throws Exception {
        FakeTicker ticker = new FakeTicker();
        OpenLoop loop = new OpenLoop(ticker, 0, 100 * MS);
        List<Recorded> recorded = new ArrayList<>();
        long start = ticker.nanoTime();

        loop.work(start, new AtomicLong(), new AtomicLong(start), index -> ticker.now += 30 * MS,
                (index, latency) -> recorded.add(new Recorded(index, latency)));

        // sent at 0, 30, 60, 90 (all before the end at 100), none waits
        assertThat(recorded).extracting(Recorded::latency).containsExactly(30 * MS, 30 * MS, 30 * MS, 30 * MS);
        assertThat(loop.intendedStart(start, 7)).isEqualTo(-1);
    }

    @Test
    void intendedStartsFollowTheRateExactly() {
        OpenLoop loop = new OpenLoop(new FakeTicker(), 3, 1_000 * MS);
        assertThat(loop.intendedStart(0, 0)).isZero();
        assertThat(loop.intendedStart(0, 1)).isEqualTo(333_333_333L);
        assertThat(loop.intendedStart(0, 3)).isEqualTo(1_000_000_000L);
        assertThat(loop.intendedStart(5, 300)).isEqualTo(100_000_000_005L);
    }

    @Test
    void manyWorkersSendEveryDueRequestOnce() {
        OpenLoop loop = new OpenLoop(OpenLoop.Ticker.SYSTEM, 2_000, 100 * MS);
        var seen = java.util.Collections.synchronizedList(new ArrayList<Long>());
        OpenLoop.Result result = loop.run(8, seen::add, (index, latency) -> assertThat(latency).isNotNegative());
        assertThat(result.requests()).isEqualTo(200);
        assertThat(seen).hasSize(200).doesNotHaveDuplicates();
        assertThat(seen).allMatch(i -> i >= 0 && i < 200);
    }

    /**
     * The generator runs on the cores of the service it measures: waiting for a due time must not burn them.
     * 200 waits of 1 ms each, on a platform thread whose CPU time the JVM reports; a spinning wait costs
     * at least its last stretch of spinning each time (tens of milliseconds in all), a parked one a few.
     */
    @Test
    void waitingForADueTimeParksInsteadOfSpinning() throws Exception {
        var threads = java.lang.management.ManagementFactory.getThreadMXBean();
        var cpuNanos = new AtomicLong();
        var wallNanos = new AtomicLong();
        Thread waiter = Thread.ofPlatform().start(() -> {
            long cpuBefore = threads.getCurrentThreadCpuTime();
            long before = System.nanoTime();
            try {
                for (int i = 0; i < 200; i++) {
                    OpenLoop.Ticker.SYSTEM.sleepUntil(System.nanoTime() + MS);
                }
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            wallNanos.set(System.nanoTime() - before);
            cpuNanos.set(threads.getCurrentThreadCpuTime() - cpuBefore);
        });
        waiter.join();
        assertThat(wallNanos.get()).as("each wait lasts until its due time").isGreaterThanOrEqualTo(200 * MS);
        assertThat(cpuNanos.get()).as("CPU spent waiting 200 ms").isLessThan(20 * MS);
    }
}
