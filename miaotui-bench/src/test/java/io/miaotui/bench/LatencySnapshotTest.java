package io.miaotui.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LatencySnapshotTest {

    @Test
    void nearestRankPercentilesOfOneToAThousand() {
        List<Long> values = new ArrayList<>();
        for (long i = 1; i <= 1000; i++) {
            values.add(i);
        }
        Collections.shuffle(values, new Random(42));
        LatencyRecorder recorder = new LatencyRecorder();
        values.forEach(recorder::record);

        LatencySnapshot snapshot = recorder.snapshot();

        assertThat(snapshot.count()).isEqualTo(1000);
        assertThat(snapshot.percentile(0)).isEqualTo(1);
        assertThat(snapshot.percentile(50)).isEqualTo(500);
        assertThat(snapshot.percentile(90)).isEqualTo(900);
        assertThat(snapshot.percentile(99)).isEqualTo(990);
        assertThat(snapshot.percentile(99.9)).isEqualTo(999);
        assertThat(snapshot.percentile(100)).isEqualTo(1000);
        assertThat(snapshot.min()).isEqualTo(1);
        assertThat(snapshot.max()).isEqualTo(1000);
        assertThat(snapshot.mean()).isEqualTo(500.5);
    }

    @Test
    void percentilesPickRecordedValuesNotInterpolations() {
        LatencySnapshot snapshot = LatencySnapshot.of(10, 20, 30, 40);

        assertThat(snapshot.percentile(25)).isEqualTo(10);
        assertThat(snapshot.percentile(26)).isEqualTo(20);
        assertThat(snapshot.percentile(50)).isEqualTo(20);
        assertThat(snapshot.percentile(75)).isEqualTo(30);
        assertThat(snapshot.percentile(99.9)).isEqualTo(40);
    }

    @Test
    void aSingleValueIsEveryPercentile() {
        LatencySnapshot snapshot = LatencySnapshot.of(7);

        assertThat(snapshot.percentile(0)).isEqualTo(7);
        assertThat(snapshot.percentile(50)).isEqualTo(7);
        assertThat(snapshot.percentile(100)).isEqualTo(7);
    }

    @Test
    void countsValuesInHalfOpenRanges() {
        LatencySnapshot snapshot = LatencySnapshot.of(1, 2, 2, 3, 5, 8);

        assertThat(snapshot.countBetween(0, 2)).isEqualTo(1);
        assertThat(snapshot.countBetween(2, 3)).isEqualTo(2);
        assertThat(snapshot.countBetween(2, 9)).isEqualTo(5);
        assertThat(snapshot.countBetween(9, 100)).isZero();
    }

    @Test
    void anEmptySnapshotHasNoPercentiles() {
        LatencySnapshot snapshot = new LatencyRecorder().snapshot();

        assertThat(snapshot.isEmpty()).isTrue();
        assertThatThrownBy(() -> snapshot.percentile(50)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void rejectsImpossibleInput() {
        assertThatThrownBy(() -> LatencySnapshot.of(1).percentile(100.5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new LatencyRecorder().record(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void recordsFromManyThreadsWithoutLosingValues() {
        LatencyRecorder recorder = new LatencyRecorder();

        Workers.run(16, () -> {
            for (int i = 1; i <= 10_000; i++) {
                recorder.record(i);
            }
        });

        LatencySnapshot snapshot = recorder.snapshot();
        assertThat(snapshot.count()).isEqualTo(160_000);
        assertThat(snapshot.max()).isEqualTo(10_000);
        assertThat(snapshot.percentile(50)).isEqualTo(5_000);
    }
}
