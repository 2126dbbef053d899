package io.miaotui.report;

import java.util.ArrayList;
import java.util.List;

/**
 * Time to money in buckets a person reads at a glance: up to 1 s, 2 s, 5 s, 10 s, 30 s, 1 min, 5 min, 1 h,
 * 1 day, and beyond. Each bucket counts the durations above the previous bound and at most its own
 * ({@code upToMs} inclusive); the last has no bound (null) and counts the rest. The first buckets are where
 * instant refunds land, the hours and days where merchant reviews (48 h by default) do. Every bound has at most
 * three significant digits, so the rounding of {@link DurationCounts} never moves a duration across one.
 */
public final class TimeToMoneyHistogram {
    public static final List<Long> BOUNDS_MS = List.of(1_000L, 2_000L, 5_000L, 10_000L, 30_000L, 60_000L, 300_000L,
            3_600_000L, 86_400_000L);

    /** One bucket: durations above the previous bound and at most {@code upToMs} (null: no bound). */
    public record Bucket(Long upToMs, long count) {
    }

    private TimeToMoneyHistogram() {
    }

    /** Every bucket, empty ones included, so charts of different windows line up. */
    public static List<Bucket> of(DurationCounts durations) {
        List<Bucket> buckets = new ArrayList<>();
        long below = 0;
        for (long bound : BOUNDS_MS) {
            long atMost = durations.atMost(bound);
            buckets.add(new Bucket(bound, atMost - below));
            below = atMost;
        }
        buckets.add(new Bucket(null, durations.total() - below));
        return buckets;
    }
}
