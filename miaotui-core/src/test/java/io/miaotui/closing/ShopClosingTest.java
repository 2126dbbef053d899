package io.miaotui.closing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ShopClosingTest {
    private static final Instant T = Instant.parse("2027-01-28T00:00:00Z");
    private static final ClosingWindow WINDOW = new ClosingWindow(T, T.plus(Duration.ofDays(15)), 10);
    private static final Instant BEFORE = T.minus(Duration.ofDays(5));

    private static ShopClosing days(int fromDay, int toDay) {
        return new ShopClosing(T.plus(Duration.ofDays(fromDay)), T.plus(Duration.ofDays(toDay)));
    }

    @Test
    void a_closing_of_exactly_max_days_at_the_window_start_keeps_every_rule() {
        assertThat(days(0, 10).brokenRule(Optional.of(WINDOW), BEFORE)).isEmpty();
        assertThat(days(5, 15).brokenRule(Optional.of(WINDOW), BEFORE)).isEmpty();
    }

    @Test
    void each_broken_rule_is_named() {
        assertThat(days(0, 3).brokenRule(Optional.empty(), BEFORE)).contains(ShopClosing.Rule.NO_WINDOW);
        assertThat(days(3, 3).brokenRule(Optional.of(WINDOW), BEFORE)).contains(ShopClosing.Rule.ENDS_BEFORE_IT_STARTS);
        assertThat(days(0, 3).brokenRule(Optional.of(WINDOW), T)).contains(ShopClosing.Rule.STARTS_IN_THE_PAST);
        assertThat(days(-1, 3).brokenRule(Optional.of(WINDOW), BEFORE.minus(Duration.ofDays(1))))
                .contains(ShopClosing.Rule.OUTSIDE_WINDOW);
        assertThat(days(10, 16).brokenRule(Optional.of(WINDOW), BEFORE)).contains(ShopClosing.Rule.OUTSIDE_WINDOW);
        assertThat(new ShopClosing(T, T.plus(Duration.ofDays(10)).plusSeconds(1)).brokenRule(Optional.of(WINDOW), BEFORE))
                .contains(ShopClosing.Rule.TOO_LONG);
    }

    @Test
    void a_deadline_keeps_its_open_time_around_a_closing() {
        ShopClosing closing = days(1, 6);
        Instant start = T;
        Instant deadline = T.plus(Duration.ofHours(48));

        assertThat(closing.extend(start, deadline)).isEqualTo(T.plus(Duration.ofDays(6)).plus(Duration.ofHours(24)));
        assertThat(closing.extend(T.plus(Duration.ofDays(2)), T.plus(Duration.ofDays(4))))
                .as("set while closed: all of it after the closing").isEqualTo(T.plus(Duration.ofDays(8)));
        assertThat(closing.extend(T.minus(Duration.ofDays(3)), T.minus(Duration.ofDays(1))))
                .as("ends before the closing: unchanged").isEqualTo(T.minus(Duration.ofDays(1)));
        assertThat(closing.extend(T.plus(Duration.ofDays(7)), T.plus(Duration.ofDays(9))))
                .as("after the closing: unchanged").isEqualTo(T.plus(Duration.ofDays(9)));
    }

    @Test
    void a_deadline_is_pushed_back_by_each_closing_it_spans_and_keeps_its_open_time() {
        Instant start = T;
        Instant deadline = T.plus(Duration.ofHours(48));
        ShopClosing first = days(1, 3);
        ShopClosing second = new ShopClosing(T.plus(Duration.ofHours(84)), T.plus(Duration.ofHours(96)));

        Instant extended = ShopClosing.extendAcross(List.of(second, first), start, deadline);

        assertThat(extended).as("24 h, 2 closed days, 12 h, 12 closed hours, 12 h")
                .isEqualTo(T.plus(Duration.ofHours(108)));
        Duration closed = first.overlapWith(start, extended).plus(second.overlapWith(start, extended));
        assertThat(Duration.between(start, extended).minus(closed)).isEqualTo(Duration.ofHours(48));
        assertThat(ShopClosing.extendAcross(List.of(), start, deadline)).isEqualTo(deadline);
        assertThat(ShopClosing.extendAcross(List.of(days(3, 5)), start, deadline)).as("after the deadline").isEqualTo(deadline);
    }

    @Test
    void closed_time_is_half_open_and_overlaps_are_measured() {
        ShopClosing closing = days(1, 6);
        assertThat(closing.isClosedAt(T.plus(Duration.ofDays(1)))).isTrue();
        assertThat(closing.isClosedAt(T.plus(Duration.ofDays(6)))).isFalse();
        assertThat(closing.overlapWith(T, T.plus(Duration.ofDays(2)))).isEqualTo(Duration.ofDays(1));
        assertThat(closing.overlapWith(T.plus(Duration.ofDays(7)), T.plus(Duration.ofDays(8)))).isZero();
    }

    @Test
    void a_window_must_end_after_it_starts_and_allow_1_to_60_days() {
        assertThatThrownBy(() -> new ClosingWindow(T, T, 5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ClosingWindow(T, T.plusSeconds(1), 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ClosingWindow(T, T.plusSeconds(1), 61)).isInstanceOf(IllegalArgumentException.class);
    }
}
