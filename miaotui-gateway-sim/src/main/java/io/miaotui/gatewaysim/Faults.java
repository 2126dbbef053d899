package io.miaotui.gatewaysim;

/**
 * What goes wrong, and how often. Each refund request draws one number and lands in at most one fault, tried in the
 * order error, decline, lost answer, timeout; so the four rates are disjoint slices of [0, 1) and must add up to at
 * most 1 (otherwise a later fault would silently happen less often than asked).
 *
 * @param errorRate      share of requests answered 500 without being processed
 * @param lostAnswerRate share processed but answered 502, so the caller cannot know the money moved
 * @param timeoutRate    share processed, then held for {@code timeoutDelayMs} before the normal answer
 * @param declineRate    share refused with a business failure, not processed
 * @param latencyMs      added to every gateway request before anything else happens
 * @param timeoutDelayMs how long a timeout-faulted answer is held back
 */
public record Faults(double errorRate, double lostAnswerRate, double timeoutRate, double declineRate,
                     int latencyMs, int timeoutDelayMs) {
    public static final int DEFAULT_TIMEOUT_DELAY_MS = 3000;
    public static final Faults NONE = new Faults(0, 0, 0, 0, 0, DEFAULT_TIMEOUT_DELAY_MS);

    /** Slack for sums such as 0.1 + 0.2 + 0.7, which are 1 on paper but not in binary. */
    private static final double SUM_TOLERANCE = 1e-9;

    public Faults {
        rate("errorRate", errorRate);
        rate("lostAnswerRate", lostAnswerRate);
        rate("timeoutRate", timeoutRate);
        rate("declineRate", declineRate);
        if (latencyMs < 0) {
            throw new InvalidArgument("latencyMs", "must be 0 or more, got " + latencyMs);
        }
        if (timeoutDelayMs < 0) {
            throw new InvalidArgument("timeoutDelayMs", "must be 0 or more, got " + timeoutDelayMs);
        }
        double sum = errorRate + lostAnswerRate + timeoutRate + declineRate;
        if (sum > 1 + SUM_TOLERANCE) {
            throw new InvalidArgument("rates", "errorRate + lostAnswerRate + timeoutRate + declineRate must be at"
                    + " most 1, got " + sum);
        }
    }

    public Faults withErrorRate(double rate) {
        return new Faults(rate, lostAnswerRate, timeoutRate, declineRate, latencyMs, timeoutDelayMs);
    }

    public Faults withLostAnswerRate(double rate) {
        return new Faults(errorRate, rate, timeoutRate, declineRate, latencyMs, timeoutDelayMs);
    }

    public Faults withTimeoutRate(double rate) {
        return new Faults(errorRate, lostAnswerRate, rate, declineRate, latencyMs, timeoutDelayMs);
    }

    public Faults withDeclineRate(double rate) {
        return new Faults(errorRate, lostAnswerRate, timeoutRate, rate, latencyMs, timeoutDelayMs);
    }

    public Faults withLatencyMs(int millis) {
        return new Faults(errorRate, lostAnswerRate, timeoutRate, declineRate, millis, timeoutDelayMs);
    }

    public Faults withTimeoutDelayMs(int millis) {
        return new Faults(errorRate, lostAnswerRate, timeoutRate, declineRate, latencyMs, millis);
    }

    private static void rate(String name, double value) {
        // Written as a negated range so NaN, which fails every comparison, is refused too.
        if (!(value >= 0 && value <= 1)) {
            throw new InvalidArgument(name, "must be between 0 and 1, got " + value);
        }
    }
}
