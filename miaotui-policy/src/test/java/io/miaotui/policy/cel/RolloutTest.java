package io.miaotui.policy.cel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class RolloutTest {

    private static final String KEY = "taobao-unshipped";
    private static final int BUYERS = 100_000;

    private static String buyer(int i) {
        return "B-" + i;
    }

    @Test
    void the_same_buyer_always_lands_in_the_same_bucket() {
        for (int i = 0; i < 1_000; i++) {
            assertThat(Rollout.bucket(buyer(i), KEY)).isEqualTo(Rollout.bucket(buyer(i), KEY)).isBetween(0, 99);
        }
    }

    @Test
    void buckets_are_pinned_so_a_change_of_hash_cannot_slip_through() {
        // Computed independently: Python hashlib, SHA-256 of key + NUL + buyer, first 8 bytes big-endian mod 100.
        assertThat(Rollout.bucket("B-1", "taobao-unshipped")).isEqualTo(67);
        assertThat(Rollout.bucket("B-42", "taobao-unshipped")).isEqualTo(68);
        assertThat(Rollout.bucket("B-1", "legacy-2h-200")).isEqualTo(61);
        assertThat(Rollout.bucket("买家-7", "tmall-unshipped")).isEqualTo(9);
    }

    @Test
    void ten_percent_covers_ten_percent_of_100_000_buyers_within_one_point() {
        Rollout tenPercent = Rollout.percent(10);

        long covered = IntStream.range(0, BUYERS).filter(i -> tenPercent.covers(KEY, buyer(i), "S-1")).count();

        assertThat(covered).isBetween(9_000L, 11_000L);
    }

    @Test
    void ramping_from_10_to_20_percent_keeps_every_buyer_who_was_in() {
        Rollout ten = Rollout.percent(10);
        Rollout twenty = Rollout.percent(20);

        long kept = IntStream.range(0, BUYERS).filter(i -> ten.covers(KEY, buyer(i), "S-1"))
                .filter(i -> twenty.covers(KEY, buyer(i), "S-1")).count();
        long wasIn = IntStream.range(0, BUYERS).filter(i -> ten.covers(KEY, buyer(i), "S-1")).count();
        long nowIn = IntStream.range(0, BUYERS).filter(i -> twenty.covers(KEY, buyer(i), "S-1")).count();

        assertThat(kept).isEqualTo(wasIn);
        assertThat(nowIn).isBetween(19_000L, 21_000L);
    }

    @Test
    void zero_percent_covers_nobody_and_100_percent_covers_everybody() {
        assertThat(IntStream.range(0, 10_000).noneMatch(i -> Rollout.percent(0).covers(KEY, buyer(i), "S-1"))).isTrue();
        assertThat(IntStream.range(0, 10_000).allMatch(i -> Rollout.percent(100).covers(KEY, buyer(i), "S-1"))).isTrue();
    }

    @Test
    void two_policies_pick_their_buyers_independently() {
        int[] a = IntStream.range(0, BUYERS).map(i -> Rollout.bucket(buyer(i), "taobao-unshipped")).toArray();
        int[] b = IntStream.range(0, BUYERS).map(i -> Rollout.bucket(buyer(i), "legacy-2h-200")).toArray();

        long bothInFirstTenPercent = IntStream.range(0, BUYERS).filter(i -> a[i] < 10 && b[i] < 10).count();

        assertThat(Math.abs(correlation(a, b))).isLessThan(0.02);
        assertThat(bothInFirstTenPercent).as("independent: about 1%% of buyers").isBetween(700L, 1_300L);
    }

    @Test
    void an_allow_listed_buyer_or_shop_is_covered_whatever_the_bucket() {
        String outside = IntStream.range(0, BUYERS).mapToObj(RolloutTest::buyer)
                .filter(b -> Rollout.bucket(b, KEY) >= 5).findFirst().orElseThrow();
        var rollout = new Rollout(5, Set.of("S-trial"), Set.of(outside));

        assertThat(rollout.covers(KEY, outside, "S-1")).isTrue();
        assertThat(rollout.covers(KEY, "someone-else-" + outside, "S-trial")).isTrue();
        assertThat(Rollout.percent(5).covers(KEY, outside, "S-1")).isFalse();
    }

    @Test
    void a_percentage_outside_0_to_100_is_refused() {
        assertThatThrownBy(() -> Rollout.percent(101)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Rollout.percent(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    private static double correlation(int[] x, int[] y) {
        double mx = IntStream.of(x).average().orElseThrow();
        double my = IntStream.of(y).average().orElseThrow();
        double sxy = 0;
        double sxx = 0;
        double syy = 0;
        for (int i = 0; i < x.length; i++) {
            sxy += (x[i] - mx) * (y[i] - my);
            sxx += (x[i] - mx) * (x[i] - mx);
            syy += (y[i] - my) * (y[i] - my);
        }
        return sxy / Math.sqrt(sxx * syy);
    }
}
