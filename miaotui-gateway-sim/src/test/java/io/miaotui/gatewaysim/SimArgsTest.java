package io.miaotui.gatewaysim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SimArgsTest {
    private static SimOptions parse(String... args) {
        return SimArgs.parse(args, () -> 1234L);
    }

    @Test
    void withoutArgumentsItListensOnAnyPortWithNoFaultsAndAFreshSeed() {
        SimOptions options = parse();

        assertThat(options.port()).isZero();
        assertThat(options.faults()).isEqualTo(Faults.NONE);
        assertThat(options.seed()).isEqualTo(1234L);
        assertThat(options.help()).isFalse();
    }

    @Test
    void everyOptionIsReadInBothSpellings() {
        SimOptions options = parse("--port", "18080", "--error-rate", "0.3", "--lost-answer-rate=0.1",
                "--timeout-rate", "0.05", "--decline-rate", "0.02", "--latency-ms", "5", "--timeout-delay-ms=300",
                "--seed", "42");

        assertThat(options.port()).isEqualTo(18080);
        assertThat(options.faults()).isEqualTo(new Faults(0.3, 0.1, 0.05, 0.02, 5, 300));
        assertThat(options.seed()).isEqualTo(42L);
    }

    @Test
    void aNegativeSeedIsAValueNotAnOption() {
        assertThat(parse("--seed", "-7").seed()).isEqualTo(-7L);
    }

    @Test
    void helpIsRecognisedAnywhere() {
        assertThat(parse("--help").help()).isTrue();
        assertThat(parse("--seed", "1", "-h").help()).isTrue();
        assertThat(SimArgs.usage()).contains("--port", "--error-rate", "--lost-answer-rate", "--timeout-rate",
                "--decline-rate", "--latency-ms", "--timeout-delay-ms", "--seed", "--help");
    }

    @Test
    void badCommandLinesAreRefusedWithAMessageInTheUsersOwnWords() {
        assertThatThrownBy(() -> parse("--colour", "red")).hasMessageContaining("unknown option --colour");
        assertThatThrownBy(() -> parse("--colour=red")).hasMessageContaining("unknown option --colour");
        assertThatThrownBy(() -> parse("--seed")).hasMessageContaining("--seed needs a value");
        assertThatThrownBy(() -> parse("--seed", "--port", "1")).hasMessageContaining("--seed needs a value");
        assertThatThrownBy(() -> parse("42")).hasMessageContaining("unexpected argument '42'");
        assertThatThrownBy(() -> parse("--port", "70000")).hasMessageContaining("--port must be between 0 and 65535");
        assertThatThrownBy(() -> parse("--port", "x")).hasMessageContaining("--port must be a whole number");
        assertThatThrownBy(() -> parse("--error-rate", "lots")).hasMessageContaining("--error-rate must be a number");
        assertThatThrownBy(() -> parse("--error-rate", "1.5")).hasMessageContaining("--error-rate must be between 0 and 1");
        assertThatThrownBy(() -> parse("--latency-ms", "-1")).hasMessageContaining("--latency-ms must be between");
        assertThatThrownBy(() -> parse("--error-rate", "0.7", "--decline-rate", "0.7"))
                .hasMessageContaining("at most 1");
        assertThatThrownBy(() -> parse("--seed", "1", "--seed", "2")).hasMessageContaining("more than once");
    }
}
