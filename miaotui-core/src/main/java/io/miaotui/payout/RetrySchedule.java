package io.miaotui.payout;

import java.time.Duration;

/** Exponential backoff for payout attempts, capped, so a sick gateway is not hammered and a healthy one is not waited on. */
public record RetrySchedule(Duration first, Duration max) {

    public Duration delayAfter(int attempts) {
        int doublings = Math.min(Math.max(attempts - 1, 0), 20);
        Duration delay = first.multipliedBy(1L << doublings);
        return delay.compareTo(max) > 0 ? max : delay;
    }
}
