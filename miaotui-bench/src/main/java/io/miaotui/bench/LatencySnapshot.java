package io.miaotui.bench;

import java.util.Arrays;

/** Sorted latencies in nanoseconds, with exact nearest-rank percentiles. */
public final class LatencySnapshot {
    private final long[] sorted;

    private LatencySnapshot(long[] sorted) {
        this.sorted = sorted;
    }

    /** Copies and sorts {@code nanos}. */
    public static LatencySnapshot of(long... nanos) {
        long[] copy = nanos.clone();
        Arrays.sort(copy);
        return new LatencySnapshot(copy);
    }

    public int count() {
        return sorted.length;
    }

    public boolean isEmpty() {
        return sorted.length == 0;
    }

    /**
     * The nearest-rank percentile: the smallest recorded value with at least {@code percent}% of all values at or
     * below it. 0 gives the minimum, 100 the maximum.
     */
    public long percentile(double percent) {
        if (percent < 0 || percent > 100 || Double.isNaN(percent)) {
            throw new IllegalArgumentException("a percentile is between 0 and 100, got " + percent);
        }
        requireValues();
        // The small slack keeps e.g. 99.9% of 1000 at rank 999 despite binary floating point.
        long rank = (long) Math.ceil(percent / 100.0 * sorted.length - 1e-7);
        int index = (int) Math.min(Math.max(rank, 1), sorted.length) - 1;
        return sorted[index];
    }

    public long min() {
        requireValues();
        return sorted[0];
    }

    public long max() {
        requireValues();
        return sorted[sorted.length - 1];
    }

    public double mean() {
        requireValues();
        double sum = 0;
        for (long value : sorted) {
            sum += value;
        }
        return sum / sorted.length;
    }

    /** How many values are in {@code [fromInclusive, toExclusive)}. */
    public int countBetween(long fromInclusive, long toExclusive) {
        return Math.max(0, firstIndexAtLeast(toExclusive) - firstIndexAtLeast(fromInclusive));
    }

    private int firstIndexAtLeast(long value) {
        int low = 0;
        int high = sorted.length;
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (sorted[mid] < value) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return low;
    }

    private void requireValues() {
        if (sorted.length == 0) {
            throw new IllegalStateException("no latencies were recorded");
        }
    }
}
