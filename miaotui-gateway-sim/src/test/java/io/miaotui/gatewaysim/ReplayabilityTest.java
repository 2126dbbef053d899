package io.miaotui.gatewaysim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReplayabilityTest {
    private static final Faults MIXED = new Faults(0.3, 0.2, 0, 0.2, 0, 0);

    @Test
    void twoSimulatorsWithTheSameSeedAndFaultsAnswerTheSameRequestsWithTheSameStatusCodes() {
        List<String> first = run(42);
        List<String> second = run(42);

        assertThat(first).isEqualTo(second);
        // Not vacuous: the run saw every kind of answer the faults can give.
        assertThat(first).contains("200/10000", "500/20000", "502/20000", "200/40004");
    }

    @Test
    void aDifferentSeedGivesADifferentSequence() {
        assertThat(run(42)).isNotEqualTo(run(43));
    }

    /** Forty refunds, some retried, with queries in between: status and code of each refund answer. */
    private static List<String> run(long seed) {
        List<String> outcomes = new ArrayList<>();
        try (GatewaySimulator sim = GatewaySimulator.start(0, MIXED, seed); SimClient client = new SimClient(sim)) {
            for (int i = 0; i < 40; i++) {
                String outRequestNo = "R-" + (i % 30);
                SimClient.Answer answer = client.refund(outRequestNo, "10.00");
                outcomes.add(answer.status() + "/" + answer.field("code"));
                client.query(outRequestNo);
            }
        }
        return outcomes;
    }
}
