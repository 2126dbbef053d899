package io.miaotui.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TriesTest {

    @AfterEach
    void clearProperties() {
        System.clearProperty(Tries.SEED_PROPERTY);
        System.clearProperty(Tries.TRIES_PROPERTY);
    }

    @Test
    void a_failing_try_names_its_seed_and_that_seed_with_one_try_replays_the_same_values() {
        System.setProperty(Tries.SEED_PROPERTY, "42");
        List<Long> drawn = new ArrayList<>();
        String message = failureOf(() -> Tries.check(1_000, gen -> {
            long value = gen.longs(0, 1_000_000);
            drawn.add(value);
            assertThat(value).isLessThan(900_000);
        }));
        assertThat(message).contains("base seed 42", "-Dmiaotui.seed=42", "to be less than",
                "try " + drawn.size() + " of 1000");
        long failing = drawn.getLast();
        String trySeed = message.replaceAll("(?s).*\\(try seed (-?\\d+),.*", "$1");

        System.setProperty(Tries.SEED_PROPERTY, trySeed);
        System.setProperty(Tries.TRIES_PROPERTY, "1");
        List<Long> replayed = new ArrayList<>();
        assertThatThrownBy(() -> Tries.check(1_000, gen -> {
            long value = gen.longs(0, 1_000_000);
            replayed.add(value);
            assertThat(value).isLessThan(900_000);
        })).hasMessageContaining("try 1 of 1");
        assertThat(replayed).containsExactly(failing);
    }

    @Test
    void the_same_base_seed_draws_the_same_values() {
        System.setProperty(Tries.SEED_PROPERTY, "7");
        List<Long> first = new ArrayList<>();
        List<Long> second = new ArrayList<>();
        Tries.check(200, gen -> first.add(gen.longs(Long.MIN_VALUE, Long.MAX_VALUE)));
        Tries.check(200, gen -> second.add(gen.longs(Long.MIN_VALUE, Long.MAX_VALUE)));
        assertThat(second).hasSize(200).isEqualTo(first);
    }

    @Test
    void boundaries_and_small_values_of_a_huge_range_come_up_in_a_thousand_tries() {
        Set<Long> drawn = new HashSet<>();
        Tries.check(1_000, gen -> drawn.add(gen.longs(-3_000_000_000L, 100_000_000_000_000L)));
        assertThat(drawn).contains(-3_000_000_000L, -2_999_999_999L, -1L, 0L, 1L, 99_999_999_999_999L,
                100_000_000_000_000L);
        assertThat(drawn.stream().filter(v -> v > 1 && v < 10_000)).isNotEmpty();
    }

    @Test
    void boundaries_stay_in_range_at_the_edges_of_long() {
        assertThat(Gen.boundaries(Long.MIN_VALUE, Long.MAX_VALUE))
                .containsExactly(Long.MIN_VALUE, Long.MIN_VALUE + 1, -1L, 0L, 1L, Long.MAX_VALUE - 1, Long.MAX_VALUE);
        assertThat(Gen.boundaries(5, 5)).containsExactly(5L);
        Tries.check(2_000, gen -> assertThat(gen.longs(Long.MAX_VALUE - 2, Long.MAX_VALUE))
                .isGreaterThan(Long.MAX_VALUE - 3));
    }

    private static String failureOf(Runnable run) {
        try {
            run.run();
        } catch (AssertionError expected) {
            return expected.getMessage();
        }
        throw new AssertionError("the property did not fail");
    }
}
