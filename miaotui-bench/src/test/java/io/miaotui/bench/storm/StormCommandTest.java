package io.miaotui.bench.storm;

import static org.assertj.core.api.Assertions.assertThat;

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
}
