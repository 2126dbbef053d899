package io.miaotui.bench.storm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.miaotui.bench.BenchArgs;
import org.junit.jupiter.api.Test;

class StormCommandTest {
    @Test
    void aDatabaseGrownByEarlierStormsIsNamed() {
        assertThat(StormCommand.grownByEarlierRuns(0)).as("a fresh database").isEmpty();
        assertThat(StormCommand.grownByEarlierRuns(40)).as("a smoke test's refunds").isEmpty();
        // the data directory of session 7's runs
        assertThat(StormCommand.grownByEarlierRuns(1_763_932)).hasValueSatisfying(warning -> assertThat(warning)
                .contains("1,763,932 refunds").contains("fresh databases"));
    }

    @Test
    void theLoadCurvesFractionsAreSortedAndEachAboveZeroAndAtMostOne() {
        assertThat(StormCommand.fractions(null)).as("not asked: no curve").isEmpty();
        assertThat(StormCommand.fractions("0.6, 0.2,0.4")).containsExactly(0.2, 0.4, 0.6);
        assertThat(StormCommand.fractions("1")).containsExactly(1.0);
        assertThatThrownBy(() -> StormCommand.fractions("0.2,0")).isInstanceOf(BenchArgs.UsageException.class)
                .hasMessageContaining("got 0");
        assertThatThrownBy(() -> StormCommand.fractions("1.5")).isInstanceOf(BenchArgs.UsageException.class);
        assertThatThrownBy(() -> StormCommand.fractions("NaN")).isInstanceOf(BenchArgs.UsageException.class);
    }
}
