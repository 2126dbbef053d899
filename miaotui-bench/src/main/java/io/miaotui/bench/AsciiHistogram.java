package io.miaotui.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Draws latencies as rows of '#' over log-scale buckets on the 1-2-5 series (0.01 ms, 0.02 ms, 0.05 ms, 0.1 ms,
 * ... ), showing only the rows from the fastest to the slowest non-empty bucket.
 */
public final class AsciiHistogram {
    static final int BAR_WIDTH = 50;
    private static final long FIRST_BOUND_NANOS = 10_000; // 0.01 ms

    private AsciiHistogram() {
    }

    /** One bucket: values in {@code [fromNanos, toNanos)}. */
    public record Bucket(long fromNanos, long toNanos, int count) {
    }

    /** The 1-2-5 buckets from 0 up to the first bound above {@code max}, with their counts. */
    public static List<Bucket> buckets(LatencySnapshot latencies) {
        List<Bucket> buckets = new ArrayList<>();
        if (latencies.isEmpty()) {
            return buckets;
        }
        long max = latencies.max();
        long from = 0;
        long decade = FIRST_BOUND_NANOS;
        int step = 0;
        while (true) {
            long to = decade * (step == 0 ? 1 : step == 1 ? 2 : 5);
            buckets.add(new Bucket(from, to, latencies.countBetween(from, to)));
            if (to > max || to > Long.MAX_VALUE / 10) {
                break;
            }
            from = to;
            if (++step == 3) {
                step = 0;
                decade *= 10;
            }
        }
        return buckets;
    }

    /** The histogram as text lines; empty when nothing was recorded. */
    public static String render(LatencySnapshot latencies) {
        List<Bucket> buckets = buckets(latencies);
        int first = 0;
        while (first < buckets.size() && buckets.get(first).count() == 0) {
            first++;
        }
        int last = buckets.size() - 1;
        while (last >= first && buckets.get(last).count() == 0) {
            last--;
        }
        if (first > last) {
            return "";
        }
        int tallest = 0;
        for (int i = first; i <= last; i++) {
            tallest = Math.max(tallest, buckets.get(i).count());
        }
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "  %21s  %-" + BAR_WIDTH + "s %9s %7s%n", "latency (ms)", "", "count", "%"));
        for (int i = first; i <= last; i++) {
            Bucket bucket = buckets.get(i);
            int width = bucket.count() == 0 ? 0 : Math.max(1, (int) Math.round((double) bucket.count() * BAR_WIDTH / tallest));
            String range = millis(bucket.fromNanos()) + " .. " + millis(bucket.toNanos());
            out.append(String.format(Locale.ROOT, "  %21s |%-" + BAR_WIDTH + "s %9d %6.2f%%%n",
                    range, "#".repeat(width), bucket.count(), 100.0 * bucket.count() / latencies.count()));
        }
        return out.toString();
    }

    /** Nanoseconds as milliseconds without trailing zeros: 10000 -> "0.01", 2000000 -> "2". */
    static String millis(long nanos) {
        return java.math.BigDecimal.valueOf(nanos, 6).stripTrailingZeros().toPlainString();
    }
}
