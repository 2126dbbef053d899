package io.miaotui.bench;

import java.util.Arrays;

/**
 * Records every latency in nanoseconds, from many threads, so percentiles are exact rather than bucketed.
 * Eight bytes a request: a million requests cost 8 MB, and a lock held for an array store is no bottleneck
 * next to an HTTP round trip.
 */
public final class LatencyRecorder {
    private long[] values = new long[1024];
    private int size;

    public synchronized void record(long nanos) {
        if (nanos < 0) {
            throw new IllegalArgumentException("a latency is not negative: " + nanos);
        }
        if (size == values.length) {
            values = Arrays.copyOf(values, values.length * 2);
        }
        values[size++] = nanos;
    }

    public synchronized int count() {
        return size;
    }

    /** The values recorded so far, sorted; recording may go on. */
    public synchronized LatencySnapshot snapshot() {
        return LatencySnapshot.of(Arrays.copyOf(values, size));
    }
}
