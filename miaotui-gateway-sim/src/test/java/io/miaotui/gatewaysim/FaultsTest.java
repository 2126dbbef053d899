package io.miaotui.gatewaysim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class FaultsTest {
    @Test
    void noneMeansNothingGoesWrongAndTimeoutsWouldLastThreeSeconds() {
        assertThat(Faults.NONE).isEqualTo(new Faults(0, 0, 0, 0, 0, 3000));
    }

    @Test
    void eachWitherChangesOnlyItsOwnSetting() {
        Faults faults = Faults.NONE.withErrorRate(0.1).withLostAnswerRate(0.2).withTimeoutRate(0.3)
                .withDeclineRate(0.4).withLatencyMs(5).withTimeoutDelayMs(300);

        assertThat(faults).isEqualTo(new Faults(0.1, 0.2, 0.3, 0.4, 5, 300));
    }

    @Test
    void aRateOutsideZeroToOneIsRefusedAndNamed() {
        assertThatThrownBy(() -> Faults.NONE.withErrorRate(1.5))
                .isInstanceOfSatisfying(InvalidArgument.class, e -> assertThat(e.field()).isEqualTo("errorRate"));
        assertThatThrownBy(() -> Faults.NONE.withDeclineRate(-0.1))
                .isInstanceOfSatisfying(InvalidArgument.class, e -> assertThat(e.field()).isEqualTo("declineRate"));
        assertThatThrownBy(() -> Faults.NONE.withTimeoutRate(Double.NaN))
                .isInstanceOfSatisfying(InvalidArgument.class, e -> assertThat(e.field()).isEqualTo("timeoutRate"));
    }

    @Test
    void negativeDelaysAreRefused() {
        assertThatThrownBy(() -> Faults.NONE.withLatencyMs(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Faults.NONE.withTimeoutDelayMs(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void ratesThatAddUpToMoreThanOneAreRefusedBecauseTheSlicesWouldOverlap() {
        assertThatThrownBy(() -> Faults.NONE.withErrorRate(0.6).withDeclineRate(0.6))
                .isInstanceOf(InvalidArgument.class).hasMessageContaining("at most 1");
    }

    @Test
    void ratesThatAddUpToOneOnPaperAreAcceptedDespiteBinaryRounding() {
        Faults faults = Faults.NONE.withErrorRate(0.1).withDeclineRate(0.2).withLostAnswerRate(0.7);

        assertThat(faults.lostAnswerRate()).isEqualTo(0.7);
    }
}
