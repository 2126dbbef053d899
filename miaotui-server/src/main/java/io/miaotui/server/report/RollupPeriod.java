package io.miaotui.server.report;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/**
 * A stretch of time the report's rollup keeps (V23): a UTC day ({@code hours} 24) or a UTC hour (1), [start, end).
 * Days keep a window of whole days to a few thousand rows; hours keep what is left at a window's edges (a window
 * cut at any minute) to minutes read live.
 */
public record RollupPeriod(Instant start, int hours) {
    public static final int DAY = 24;
    public static final int HOUR = 1;

    public RollupPeriod {
        if (hours != DAY && hours != HOUR || !start.truncatedTo(hours == DAY ? ChronoUnit.DAYS : ChronoUnit.HOURS)
                .equals(start)) {
            throw new IllegalArgumentException("not a UTC day or hour: " + start + " + " + hours + " h");
        }
    }

    public static RollupPeriod day(LocalDate day) {
        return new RollupPeriod(day.atStartOfDay(ZoneOffset.UTC).toInstant(), DAY);
    }

    public static RollupPeriod hour(Instant start) {
        return new RollupPeriod(start, HOUR);
    }

    public Instant end() {
        return start.plus(Duration.ofHours(hours));
    }

    public boolean isDay() {
        return hours == DAY;
    }

    public boolean within(Instant from, Instant to) {
        return !start.isBefore(from) && !end().isAfter(to);
    }

    @Override
    public String toString() {
        return isDay() ? "day " + start.atOffset(ZoneOffset.UTC).toLocalDate() : "hour " + start;
    }
}
