package io.miaotui.gatewaysim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FaultInjectionTest {
    private GatewaySimulator sim;
    private SimClient client;

    private void start(Faults faults) {
        sim = GatewaySimulator.start(0, faults, 99);
        client = new SimClient(sim);
    }

    @AfterEach
    void stop() {
        // The simulator first: closing it ends any answer still held by a fault, which the client would wait for.
        sim.close();
        client.close();
    }

    @Test
    void anInjectedErrorAnswers500AndProcessesNothing() {
        start(Faults.NONE.withErrorRate(1.0));

        SimClient.Answer answer = client.refund("R-1", "40.00");

        assertThat(answer.status()).isEqualTo(500);
        assertThat(answer.json()).containsEntry("code", "20000").containsEntry("msg", "Service Currently Unavailable");
        assertThat(sim.records()).isEmpty();
        assertThat(sim.stats()).isEqualTo(new Stats(1, 0, 0, 1, 0, 0, 0));
        assertThat(sim.requestCount("R-1")).isEqualTo(1);
    }

    @Test
    void anInjectedErrorAlsoStrikesQueries() {
        start(Faults.NONE);
        client.refund("R-1", "40.00");
        sim.setFaults(Faults.NONE.withErrorRate(1.0));

        SimClient.Answer answer = client.query("R-1");

        assertThat(answer.status()).isEqualTo(500);
        assertThat(answer.field("code")).isEqualTo("20000");
        assertThat(sim.stats().errors()).isEqualTo(1);
    }

    @Test
    void aDeclineRefusesTheRefundAsABusinessFailureAndProcessesNothing() {
        start(Faults.NONE.withDeclineRate(1.0));

        SimClient.Answer answer = client.refund("R-1", "40.00");

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.json()).containsEntry("code", "40004").containsEntry("msg", "Business Failed")
                .containsEntry("sub_code", "ACQ.SELLER_BALANCE_NOT_ENOUGH");
        assertThat(sim.records()).isEmpty();
        assertThat(sim.stats()).isEqualTo(new Stats(1, 0, 0, 0, 1, 0, 0));
    }

    @Test
    void aLostAnswerMovesTheMoneyButTheCallerOnlySeesA502() {
        start(Faults.NONE.withLostAnswerRate(1.0));

        SimClient.Answer answer = client.refund("R-1", "40.00");

        assertThat(answer.status()).isEqualTo(502);
        assertThat(answer.json()).containsEntry("code", "20000").containsEntry("msg", "answer lost");
        assertThat(sim.records()).singleElement().extracting(RefundRecord::outRequestNo).isEqualTo("R-1");
        SimClient.Answer query = client.query("R-1");
        assertThat(query.status()).isEqualTo(200);
        assertThat(query.json()).containsEntry("refund_status", "REFUND_SUCCESS")
                .containsEntry("refund_amount", "40.00");
        assertThat(sim.stats()).isEqualTo(new Stats(1, 1, 1, 0, 0, 1, 0));
    }

    @Test
    void aRetryAfterALostAnswerFindsTheRefundAlreadyMade() {
        start(Faults.NONE.withLostAnswerRate(1.0));
        client.refund("R-1", "40.00");
        sim.setFaults(Faults.NONE);

        SimClient.Answer retry = client.refund("R-1", "40.00");

        assertThat(retry.json()).containsEntry("code", "10000").containsEntry("fund_change", "N");
        assertThat(sim.records()).hasSize(1);
    }

    @Test
    void aTimeoutProcessesTheRefundWhileTheCallerGivesUpWaiting() throws InterruptedException {
        start(Faults.NONE.withTimeoutRate(1.0).withTimeoutDelayMs(300));

        assertThatThrownBy(() -> client.post("/v1/trade/refund",
                SimClient.refundJson("R-1", "T-1", "40.00", "B-1"), Duration.ofMillis(100)))
                .isInstanceOf(HttpTimeoutException.class);

        // The refund is processed before the answer is held back, so it exists by the time the client gave up;
        // the short poll only absorbs a slow first request on a loaded machine.
        awaitRecords(1);
        assertThat(sim.records()).singleElement().extracting(RefundRecord::outRequestNo).isEqualTo("R-1");
        assertThat(sim.stats().timeouts()).isEqualTo(1);
    }

    @Test
    void aPatientCallerGetsTheNormalAnswerAfterATimeoutFault() {
        start(Faults.NONE.withTimeoutRate(1.0).withTimeoutDelayMs(300));

        SimClient.Answer answer = client.refund("R-1", "40.00");

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.json()).containsEntry("code", "10000").containsEntry("fund_change", "Y");
    }

    @Test
    void aRequestHeldByATimeoutFaultDoesNotHoldUpOtherRequests() throws Exception {
        start(Faults.NONE.withTimeoutRate(1.0).withTimeoutDelayMs(5_000));
        CompletableFuture<SimClient.Answer> held = CompletableFuture.supplyAsync(() -> client.refund("R-1", "1"));
        awaitRecords(1);

        SimClient.Answer stats = client.get("/sim/stats", Duration.ofSeconds(2));

        assertThat(stats.status()).isEqualTo(200);
        assertThat(held).isNotDone();
    }

    private void awaitRecords(int count) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (sim.records().size() < count && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
    }
}
