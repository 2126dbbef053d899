package io.miaotui.report;

import java.util.Map;
import java.util.TreeMap;

/**
 * A distribution of durations in milliseconds, as counts per value, so a report's figures can be merged from
 * the database's grouped rows (per channel, per policy version, per minute) without holding one row per refund.
 * Values are kept to three significant digits ({@link #rounded}): the database groups by the rounded value,
 * which bounds the rows it returns (at most about 900 values per decade) and keeps every percentile within
 * 0.5 % of the exact one; under a second every millisecond is exact.
 */
public final class DurationCounts {
    private final TreeMap<Long, Long> counts = new TreeMap<>();
    private long total;

    /**
     * {@code ms} kept to three significant digits, half up: 999 → 999, 1234 → 1230, 1235 → 1240,
     * 7_212_345 → 7_210_000. Negative values (a clock that stepped back) count as 0. The report's SQL computes the
     * same with {@code round(ms, 2 - floor(log(ms)))}; {@code ReportStore} names it.
     */
    public static long rounded(long ms) {
        if (ms < 1000) {
            return Math.max(0, ms);
        }
        long unit = 1;
        for (long v = ms; v >= 1000; v /= 10) {
            unit *= 10;
        }
        return Math.floorDiv(ms + unit / 2, unit) * unit;
    }

    /** Adds {@code count} durations of {@code ms} (already rounded by whoever grouped them). */
    public DurationCounts add(long ms, long count) {
        if (count < 0) {
            throw new IllegalArgumentException("count " + count + " < 0");
        }
        if (count > 0) {
            counts.merge(ms, count, Long::sum);
            total += count;
        }
        return this;
    }

    public DurationCounts addAll(DurationCounts other) {
        other.counts.forEach(this::add);
        return this;
    }

    public long total() {
        return total;
    }

    /**
     * The nearest-rank percentile: the smallest value at or below which at least {@code percent} % of the
     * durations lie (rank ⌈percent/100 × n⌉, from 1). Of 1, 2, ..., 10 the 50th is 5, the 90th 9 and the 99th 10.
     * Null when there is no duration.
     */
    public Long percentile(double percent) {
        if (!(percent > 0 && percent <= 100)) {
            throw new IllegalArgumentException("percent " + percent + " not in (0, 100]");
        }
        if (total == 0) {
            return null;
        }
        long rank = (long) Math.ceil(percent / 100.0 * total - 1e-9);
        rank = Math.max(1, Math.min(total, rank));
        long seen = 0;
        for (Map.Entry<Long, Long> e : counts.entrySet()) {
            seen += e.getValue();
            if (seen >= rank) {
                return e.getKey();
            }
        }
        throw new IllegalStateException("unreachable: rank " + rank + " of " + total);
    }

    /** How many durations are at most {@code ms}. */
    public long atMost(long ms) {
        return counts.headMap(ms, true).values().stream().mapToLong(Long::longValue).sum();
    }
}
