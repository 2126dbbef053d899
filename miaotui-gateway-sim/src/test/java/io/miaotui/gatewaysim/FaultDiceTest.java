package io.miaotui.gatewaysim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FaultDiceTest {
    private static final Faults MIXED = new Faults(0.2, 0.2, 0.2, 0.2, 0, 0);

    @Test
    void theSlicesAreLaidOutErrorThenDeclineThenLostAnswerThenTimeout() {
        assertThat(Fault.forRefund(0.00, MIXED)).isEqualTo(Fault.ERROR);
        assertThat(Fault.forRefund(0.19, MIXED)).isEqualTo(Fault.ERROR);
        assertThat(Fault.forRefund(0.20, MIXED)).isEqualTo(Fault.DECLINE);
        assertThat(Fault.forRefund(0.41, MIXED)).isEqualTo(Fault.LOST_ANSWER);
        assertThat(Fault.forRefund(0.61, MIXED)).isEqualTo(Fault.TIMEOUT);
        assertThat(Fault.forRefund(0.81, MIXED)).isEqualTo(Fault.NONE);
    }

    @Test
    void aRateOfOneAlwaysStrikesAndARateOfZeroNever() {
        assertThat(Fault.forRefund(0.999999, Faults.NONE.withTimeoutRate(1))).isEqualTo(Fault.TIMEOUT);
        assertThat(Fault.forRefund(0.0, Faults.NONE)).isEqualTo(Fault.NONE);
    }

    @Test
    void queriesOnlyEverSufferTheErrorFault() {
        Faults allButErrors = new Faults(0, 0.5, 0.25, 0.25, 0, 0);

        assertThat(Fault.forQuery(0.1, allButErrors)).isEqualTo(Fault.NONE);
        assertThat(Fault.forQuery(0.1, Faults.NONE.withErrorRate(0.5))).isEqualTo(Fault.ERROR);
    }

    @Test
    void theSameSeedDrawsTheSameFaults() {
        assertThat(draws(new FaultDice(42), 200)).isEqualTo(draws(new FaultDice(42), 200));
        assertThat(draws(new FaultDice(42), 200)).isNotEqualTo(draws(new FaultDice(43), 200));
    }

    @Test
    void queriesDrawFromTheirOwnStreamSoTheyDoNotShiftWhichRefundsFail() {
        FaultDice withQueries = new FaultDice(7);
        List<Fault> refunds = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            withQueries.forQuery(MIXED);
            refunds.add(withQueries.forRefund(MIXED));
        }

        assertThat(refunds).isEqualTo(draws(new FaultDice(7), 100));
    }

    private static List<Fault> draws(FaultDice dice, int n) {
        List<Fault> faults = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            faults.add(dice.forRefund(MIXED));
        }
        return faults;
    }
}
