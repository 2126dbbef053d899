package io.miaotui.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class AsciiHistogramTest {
    private static final long MS = 1_000_000;

    @Test
    void bucketsFollowTheOneTwoFiveSeriesAndCountEveryValue() {
        LatencySnapshot snapshot = LatencySnapshot.of(MS, MS, 3 * MS, 40 * MS);

        List<AsciiHistogram.Bucket> buckets = AsciiHistogram.buckets(snapshot);

        assertThat(buckets).extracting(AsciiHistogram.Bucket::toNanos).startsWith(
                10_000L, 20_000L, 50_000L, 100_000L, 200_000L, 500_000L, MS, 2 * MS, 5 * MS);
        assertThat(buckets.getLast().toNanos()).isEqualTo(50 * MS);
        assertThat(buckets.stream().mapToInt(AsciiHistogram.Bucket::count).sum()).isEqualTo(4);
        assertThat(buckets).filteredOn(b -> b.fromNanos() == MS).singleElement()
                .extracting(AsciiHistogram.Bucket::count).isEqualTo(2);
    }

    @Test
    void drawsOnlyFromTheFirstToTheLastNonEmptyBucketWithTheTallestBarFullWidth() {
        LatencySnapshot snapshot = LatencySnapshot.of(MS, MS, MS, MS, 3 * MS, 40 * MS);

        String[] lines = AsciiHistogram.render(snapshot).split("\\R");

        assertThat(lines[0]).contains("latency (ms)");
        assertThat(lines).hasSize(1 + 5); // 1..2, 2..5, 5..10, 10..20, 20..50
        assertThat(lines[1]).contains("1 .. 2 |" + "#".repeat(AsciiHistogram.BAR_WIDTH) + " ").contains("66.67%");
        assertThat(lines[2]).contains("2 .. 5 |" + "#".repeat(13) + " "); // 1 of the tallest 4, over 50 columns
        assertThat(lines[3]).contains("5 .. 10 | ").doesNotContain("#");
        assertThat(lines[5]).contains("20 .. 50 |" + "#".repeat(13) + " ");
    }

    @Test
    void nothingRecordedDrawsNothing() {
        assertThat(AsciiHistogram.render(LatencySnapshot.of())).isEmpty();
    }

    @Test
    void formatsMillisecondsWithoutTrailingZeros() {
        assertThat(AsciiHistogram.millis(10_000)).isEqualTo("0.01");
        assertThat(AsciiHistogram.millis(2 * MS)).isEqualTo("2");
        assertThat(AsciiHistogram.millis(0)).isEqualTo("0");
    }
}
