package io.miaotui.bench.storm;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Stalls of the machine itself, seen by a thread of the load generator that only sleeps 1 ms at a time: when it
 * wakes 10 ms or more late, nothing on the machine ran for that long (a paused virtual machine, a host
 * hiccup; on a saturated machine, also the scheduler's queue). A storm's p99 over 30 s can be made by one such
 * pause whatever the service does, so the bench reports them beside the latencies (like jHiccup).
 */
final class MachineStalls implements AutoCloseable {
    /** Lateness below this is ordinary scheduling, not a stall. */
    static final long STALL_NANOS = 10_000_000;
    private static final long NAP_NANOS = 1_000_000;

    /** A wake-up {@code lateNanos} late, at {@code wokeAt} (System.nanoTime). */
    record Stall(long wokeAt, long lateNanos) {
    }

    /** The stalls that ended in a window: how many, the longest, and their sum. */
    record Summary(int count, long longestNanos, long totalNanos) {
        double longestMs() {
            return longestNanos / 1e6;
        }

        double totalMs() {
            return totalNanos / 1e6;
        }
    }

    private final ConcurrentLinkedQueue<Stall> stalls = new ConcurrentLinkedQueue<>();
    private final Thread watcher;

    private MachineStalls(boolean watch) {
        watcher = watch ? Thread.ofPlatform().daemon().name("machine-stalls").start(this::watch) : null;
    }

    /** Starts watching the machine. */
    static MachineStalls start() {
        return new MachineStalls(true);
    }

    /** Records what it is told only (for tests). */
    static MachineStalls unwatched() {
        return new MachineStalls(false);
    }

    private void watch() {
        while (!Thread.currentThread().isInterrupted()) {
            long before = System.nanoTime();
            try {
                Thread.sleep(Duration.ofNanos(NAP_NANOS));
            } catch (InterruptedException e) {
                return;
            }
            long woke = System.nanoTime();
            noteWakeUp(woke, woke - before - NAP_NANOS);
        }
    }

    /** One wake-up of the watcher, {@code lateNanos} after it was due. */
    void noteWakeUp(long wokeAt, long lateNanos) {
        if (lateNanos >= STALL_NANOS) {
            stalls.add(new Stall(wokeAt, lateNanos));
        }
    }

    /** The stalls that ended at or after {@code from} (System.nanoTime). */
    Summary since(long from) {
        List<Stall> window = stalls.stream().filter(s -> s.wokeAt() - from >= 0).toList();
        return new Summary(window.size(), window.stream().mapToLong(Stall::lateNanos).max().orElse(0),
                window.stream().mapToLong(Stall::lateNanos).sum());
    }

    @Override
    public void close() {
        if (watcher != null) {
            watcher.interrupt();
        }
    }
}
