package io.miaotui.gatewaysim;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class GatewaySimulatorMainTest {
    @Test
    void startingPrintsExactlyOneLineWithTheUrlAndTheSeedOnceTheSimulatorAnswers() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        SimOptions options = SimArgs.parse(new String[] {"--seed", "42", "--error-rate", "0"}, () -> 0L);

        try (GatewaySimulator sim = GatewaySimulatorMain.start(options, new PrintStream(bytes, true,
                StandardCharsets.UTF_8)); SimClient client = new SimClient(sim)) {
            String out = bytes.toString(StandardCharsets.UTF_8);

            assertThat(out).isEqualTo("miaotui-gateway-sim listening on http://127.0.0.1:" + sim.port()
                    + " (seed 42)" + System.lineSeparator());
            assertThat(sim.port()).isPositive();
            assertThat(client.get("/sim/stats").status()).isEqualTo(200);
        }
    }
}
