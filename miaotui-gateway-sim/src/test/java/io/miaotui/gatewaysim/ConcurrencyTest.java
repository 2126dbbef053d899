package io.miaotui.gatewaysim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class ConcurrencyTest {
    private static final int CALLERS = 50;

    @Test
    void fiftyIdenticalRequestsArrivingTogetherCreateExactlyOneRecord() throws Exception {
        // Latency holds every request at the door, so they reach the books as close together as possible.
        try (GatewaySimulator sim = GatewaySimulator.start(0, Faults.NONE.withLatencyMs(100), 11);
             SimClient client = new SimClient(sim);
             ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<SimClient.Answer>> answers = new ArrayList<>();
            for (int i = 0; i < CALLERS; i++) {
                answers.add(callers.submit(() -> {
                    go.await();
                    return client.refund("same", "40.00");
                }));
            }
            go.countDown();

            List<String> fundChanges = new ArrayList<>();
            for (Future<SimClient.Answer> answer : answers) {
                SimClient.Answer done = answer.get();
                assertThat(done.status()).isEqualTo(200);
                fundChanges.add(done.field("fund_change"));
            }

            assertThat(sim.records()).hasSize(1);
            assertThat(fundChanges).containsOnlyOnce("Y").filteredOn("N"::equals).hasSize(CALLERS - 1);
            assertThat(sim.requestCount("same")).isEqualTo(CALLERS);
            assertThat(sim.stats().processed()).isEqualTo(CALLERS);
        }
    }
}
