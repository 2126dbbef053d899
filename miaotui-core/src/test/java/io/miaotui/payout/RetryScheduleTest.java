package io.miaotui.payout;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetryScheduleTest {

    private final RetrySchedule schedule = new RetrySchedule(Duration.ofSeconds(1), Duration.ofMinutes(5));

    @Test
    void the_first_retry_waits_the_first_delay() {
        assertThat(schedule.delayAfter(1)).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void each_further_attempt_doubles_the_delay() {
        assertThat(schedule.delayAfter(2)).isEqualTo(Duration.ofSeconds(2));
        assertThat(schedule.delayAfter(3)).isEqualTo(Duration.ofSeconds(4));
        assertThat(schedule.delayAfter(9)).isEqualTo(Duration.ofSeconds(256));
    }

    @Test
    void the_delay_is_capped_at_the_maximum() {
        assertThat(schedule.delayAfter(10)).isEqualTo(Duration.ofMinutes(5));
        assertThat(schedule.delayAfter(1_000)).isEqualTo(Duration.ofMinutes(5));
        assertThat(schedule.delayAfter(Integer.MAX_VALUE)).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void zero_or_negative_attempts_wait_the_first_delay() {
        assertThat(schedule.delayAfter(0)).isEqualTo(Duration.ofSeconds(1));
        assertThat(schedule.delayAfter(-5)).isEqualTo(Duration.ofSeconds(1));
    }
}
