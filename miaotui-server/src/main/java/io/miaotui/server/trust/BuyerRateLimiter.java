package io.miaotui.server.trust;

import io.miaotui.server.web.ApiProblem;
import io.miaotui.server.web.ProblemType;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * A token bucket per buyer for refund requests, in this instance's memory: {@code burst} requests at once, then
 * {@code perMinute}. Several instances each keep their own buckets, so a buyer's ceiling is per instance — a
 * deliberate trade: no shared hot row or network hop on the refund path at peak. Full buckets are forgotten
 * every minute so the map holds only buyers active lately.
 */
@Component
public class BuyerRateLimiter {
    private final RefundLimits limits;
    private final Clock clock;
    private final Counter refused;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    public BuyerRateLimiter(RefundLimits limits, Clock clock, MeterRegistry meters) {
        this.limits = limits;
        this.clock = clock;
        this.refused = Counter.builder("miaotui.refunds.rate_limited").description("Refund requests refused with 429")
                .register(meters);
        meters.gauge("miaotui.refunds.rate_limit_buckets", buckets, Map::size);
    }

    /** Takes one request from the buyer's bucket, or throws a 429 problem saying when to come back. */
    public void acquire(String buyerId) {
        long nowNanos = nanos();
        Bucket bucket = buckets.computeIfAbsent(buyerId, id -> new Bucket(limits.burst(), nowNanos));
        long waitNanos;
        synchronized (bucket) {
            waitNanos = bucket.take(nowNanos, limits.burst(), nanosPerToken());
        }
        if (waitNanos > 0) {
            refused.increment();
            long seconds = Math.max(1, Duration.ofNanos(waitNanos).toSeconds() + (waitNanos % 1_000_000_000L > 0 ? 1 : 0));
            throw new ApiProblem(ProblemType.RATE_LIMITED, "Buyer " + buyerId + " sent more than " + limits.burst()
                    + " refund requests at once or more than " + limits.perMinute() + " a minute; retry in "
                    + seconds + " s.", Map.of("retryAfterSeconds", seconds)).withHeader("Retry-After", Long.toString(seconds));
        }
    }

    @Scheduled(fixedDelay = 60_000)
    void forgetFullBuckets() {
        long nowNanos = nanos();
        buckets.entrySet().removeIf(e -> {
            synchronized (e.getValue()) {
                return e.getValue().isFull(nowNanos, limits.burst(), nanosPerToken());
            }
        });
    }

    /** How many buyers have a bucket now. */
    int trackedBuyers() {
        return buckets.size();
    }

    private long nanosPerToken() {
        return 60_000_000_000L / limits.perMinute();
    }

    private long nanos() {
        var now = clock.instant();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    /** Tokens as of {@code at}; guarded by its own monitor. */
    private static final class Bucket {
        private double tokens;
        private long at;

        Bucket(int burst, long at) {
            this.tokens = burst;
            this.at = at;
        }

        /** Takes a token and returns 0, or returns how long until one is there. */
        long take(long now, int burst, long nanosPerToken) {
            refill(now, burst, nanosPerToken);
            if (tokens >= 1) {
                tokens -= 1;
                return 0;
            }
            return (long) Math.ceil((1 - tokens) * nanosPerToken);
        }

        boolean isFull(long now, int burst, long nanosPerToken) {
            refill(now, burst, nanosPerToken);
            return tokens >= burst;
        }

        private void refill(long now, int burst, long nanosPerToken) {
            if (now > at) {
                tokens = Math.min(burst, tokens + (double) (now - at) / nanosPerToken);
                at = now;
            }
        }
    }
}
