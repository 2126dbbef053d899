package io.miaotui.server.trust;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.miaotui.server.support.MutableClock;
import io.miaotui.server.web.ApiProblem;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class BuyerRateLimiterTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-11T00:00:00Z"));
    private final BuyerRateLimiter limiter = new BuyerRateLimiter(new RefundLimits(60, 5), clock, new SimpleMeterRegistry());

    @Test
    @DisplayName("a burst of 5, then one a second; the refusal says how long to wait")
    void burstThenSteady() {
        for (int i = 0; i < 5; i++) {
            limiter.acquire("B-1");
        }
        assertThatThrownBy(() -> limiter.acquire("B-1")).isInstanceOfSatisfying(ApiProblem.class,
                p -> assertThat(p.headers()).containsEntry("Retry-After", "1"));
        clock.advance(Duration.ofMillis(999));
        assertThatThrownBy(() -> limiter.acquire("B-1")).isInstanceOf(ApiProblem.class);
        clock.advance(Duration.ofMillis(1));
        limiter.acquire("B-1");
        assertThatThrownBy(() -> limiter.acquire("B-1")).isInstanceOf(ApiProblem.class);
    }

    @Test
    @DisplayName("buyers have their own buckets, and a bucket refills to the burst, not beyond")
    void separateAndCapped() {
        for (int i = 0; i < 5; i++) {
            limiter.acquire("B-1");
        }
        limiter.acquire("B-2");
        clock.advance(Duration.ofHours(1));
        for (int i = 0; i < 5; i++) {
            limiter.acquire("B-1");
        }
        assertThatThrownBy(() -> limiter.acquire("B-1")).isInstanceOf(ApiProblem.class);
    }

    @Test
    @DisplayName("full buckets are forgotten, busy ones kept")
    void forgetsIdleBuyers() {
        limiter.acquire("B-idle");
        for (int i = 0; i < 5; i++) {
            limiter.acquire("B-busy");
        }
        clock.advance(Duration.ofSeconds(2));
        limiter.forgetFullBuckets();
        assertThat(limiter.trackedBuyers()).isEqualTo(1);
    }
}
