package io.miaotui.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ReportArithmeticTest {
    private static final Instant T = Instant.parse("2027-03-01T00:00:00Z");

    @Test
    void durations_keep_three_significant_digits_and_every_millisecond_under_a_second() {
        assertThat(DurationCounts.rounded(0)).isZero();
        assertThat(DurationCounts.rounded(-5)).isZero();
        assertThat(DurationCounts.rounded(999)).isEqualTo(999);
        assertThat(DurationCounts.rounded(1000)).isEqualTo(1000);
        assertThat(DurationCounts.rounded(1234)).isEqualTo(1230);
        assertThat(DurationCounts.rounded(1235)).isEqualTo(1240);
        assertThat(DurationCounts.rounded(9996)).isEqualTo(10000);
        assertThat(DurationCounts.rounded(7_212_345)).isEqualTo(7_210_000);
        assertThat(DurationCounts.rounded(172_800_000)).isEqualTo(173_000_000);
        assertThat(DurationCounts.rounded(86_400_000)).isEqualTo(86_400_000);
    }

    @Test
    void percentiles_are_nearest_rank() {
        var d = new DurationCounts();
        for (long v = 1; v <= 10; v++) {
            d.add(v * 100, 1);
        }
        assertThat(d.percentile(50)).isEqualTo(500);
        assertThat(d.percentile(90)).isEqualTo(900);
        assertThat(d.percentile(99)).isEqualTo(1000);
        assertThat(d.percentile(10)).isEqualTo(100);
        assertThat(d.percentile(11)).isEqualTo(200);
        assertThat(new DurationCounts().percentile(50)).isNull();
        // counts, not rows: 3 × 100 and 1 × 5000; rank ⌈0.5 × 4⌉ = 2 → 100, rank ⌈0.99 × 4⌉ = 4 → 5000
        var weighted = new DurationCounts().add(5000, 1).add(100, 3);
        assertThat(weighted.percentile(50)).isEqualTo(100);
        assertThat(weighted.percentile(75)).isEqualTo(100);
        assertThat(weighted.percentile(99)).isEqualTo(5000);
        assertThat(weighted.total()).isEqualTo(4);
        assertThatThrownBy(() -> weighted.percentile(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void merged_distributions_answer_as_one() {
        var a = new DurationCounts().add(100, 1).add(300, 1);
        var b = new DurationCounts().add(200, 2);
        assertThat(a.addAll(b).percentile(50)).isEqualTo(200);
        assertThat(a.atMost(200)).isEqualTo(3);
    }

    @Test
    void shares_have_four_decimals_half_up_and_none_of_nothing() {
        assertThat(Share.of(1, 3)).isEqualByComparingTo("0.3333");
        assertThat(Share.of(2, 3)).isEqualByComparingTo("0.6667");
        assertThat(Share.of(2, 3).scale()).isEqualTo(4);
        assertThat(Share.of(3, 3)).isEqualTo(new BigDecimal("1.0000"));
        assertThat(Share.of(0, 0)).isNull();
        assertThatThrownBy(() -> Share.of(4, 3)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void histogram_buckets_count_above_the_previous_bound_up_to_their_own() {
        var d = new DurationCounts().add(1000, 2).add(1001, 1).add(5000, 1).add(200_000_000, 1);
        List<TimeToMoneyHistogram.Bucket> buckets = TimeToMoneyHistogram.of(d);
        assertThat(buckets).hasSize(TimeToMoneyHistogram.BOUNDS_MS.size() + 1);
        assertThat(buckets.get(0)).isEqualTo(new TimeToMoneyHistogram.Bucket(1000L, 2));
        assertThat(buckets.get(1)).isEqualTo(new TimeToMoneyHistogram.Bucket(2000L, 1));
        assertThat(buckets.get(2)).isEqualTo(new TimeToMoneyHistogram.Bucket(5000L, 1));
        assertThat(buckets.getLast()).isEqualTo(new TimeToMoneyHistogram.Bucket(null, 1));
        assertThat(buckets.stream().mapToLong(TimeToMoneyHistogram.Bucket::count).sum()).isEqualTo(5);
    }

    @Test
    void the_old_rule_reads_the_lines_paid_amount_and_two_hours_inclusive() {
        Instant paid = T;
        assertThat(LegacyRule.wouldBeInstant(false, paid, paid.plus(Duration.ofHours(2)), 20_000)).isTrue();
        assertThat(LegacyRule.wouldBeInstant(false, paid, paid.plus(Duration.ofHours(2)).plusMillis(1), 20_000)).isFalse();
        assertThat(LegacyRule.wouldBeInstant(false, paid, paid, 20_001)).isFalse();
        assertThat(LegacyRule.wouldBeInstant(true, paid, paid, 100)).isFalse();
        assertThat(LegacyRule.reviewAvoided(true, false, paid, paid.plus(Duration.ofHours(3)), 100)).isTrue();
        assertThat(LegacyRule.reviewAvoided(false, false, paid, paid.plus(Duration.ofHours(3)), 100)).isFalse();
        assertThat(LegacyRule.reviewAvoided(true, false, paid, paid.plus(Duration.ofHours(1)), 100)).isFalse();
    }

    @Test
    void a_buyer_is_repurchased_once_per_scope_when_any_paid_refund_is_followed_within_seven_days() {
        Instant paid = T;
        var counts = Repurchase.tally(List.of(
                // B-1: instant, back after 3 days; a second instant refund with no order after: still one buyer, back
                new Repurchase.PaidRefund("B-1", true, paid, Optional.of(paid.plus(Duration.ofDays(3)))),
                new Repurchase.PaidRefund("B-1", true, paid, Optional.empty()),
                // B-2: instant, back exactly 7 days later (inclusive)
                new Repurchase.PaidRefund("B-2", true, paid, Optional.of(paid.plus(Repurchase.WINDOW))),
                // B-3: instant, back 7 days and 1 ms later: too late
                new Repurchase.PaidRefund("B-3", true, paid, Optional.of(paid.plus(Repurchase.WINDOW).plusMillis(1))),
                // B-4: reviewed, never back; B-2 also had a reviewed refund, not followed
                new Repurchase.PaidRefund("B-4", false, paid, Optional.empty()),
                new Repurchase.PaidRefund("B-2", false, paid.plus(Duration.ofDays(10)), Optional.empty())));
        assertThat(counts).isEqualTo(new Repurchase.Counts(4, 2, 3, 2, 2, 0));
        assertThat(counts.rate()).isEqualByComparingTo("0.5000");
        assertThat(counts.instantRate()).isEqualByComparingTo("0.6667");
        assertThat(counts.reviewedRate()).isEqualByComparingTo("0.0000");
        assertThat(Repurchase.within(paid, paid)).as("an order at the very instant of the refund is not after it").isFalse();
    }

    @Test
    void figures_merge_tallies_and_compute_shares_and_percentiles_once() {
        var taobao = new Tally().addRefunds(3, 2, 30_000, 10_000, 3, 1, 1, 1).addTimeToMoney(500, 2).addTimeToMoney(4000, 1);
        var tmall = new Tally().addRefunds(1, 1, 10_000, 10_000, 0, 0, 0, 0);
        Figures f = Figures.of(new Tally().add(taobao).add(tmall), Repurchase.Counts.NONE);
        assertThat(f.refundsRequested()).isEqualTo(4);
        assertThat(f.instantShare()).isEqualByComparingTo("0.7500");
        assertThat(f.instantAmountShare()).isEqualByComparingTo("0.5000");
        assertThat(f.timeToMoneyP50Ms()).isEqualTo(500);
        assertThat(f.timeToMoneyP99Ms()).isEqualTo(4000);
        assertThat(f.merchantResponseP50Ms()).isNull();
        assertThat(f.repurchaseRate7d()).isNull();
        assertThatThrownBy(() -> new Tally().addRefunds(1, 2, 0, 0, 0, 0, 0, 0))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
