package io.miaotui.gatewaysim;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ControlApiTest {
    private GatewaySimulator sim;
    private SimClient client;

    @BeforeEach
    void start() {
        sim = GatewaySimulator.start(0, Faults.NONE, 3);
        client = new SimClient(sim);
    }

    @AfterEach
    void stop() {
        sim.close();
        client.close();
    }

    @Test
    void statsCountEveryRequestAndEveryFaultByKind() {
        client.refund("R-1", "1");
        client.refund("R-1", "1");
        client.post("/v1/trade/refund", "{}");
        client.query("R-1");
        sim.setFaults(Faults.NONE.withErrorRate(1.0));
        client.refund("R-2", "1");
        client.query("R-2");
        sim.setFaults(Faults.NONE.withDeclineRate(1.0));
        client.refund("R-3", "1");
        sim.setFaults(Faults.NONE.withLostAnswerRate(1.0));
        client.refund("R-4", "1");
        sim.setFaults(Faults.NONE.withTimeoutRate(1.0).withTimeoutDelayMs(0));
        client.refund("R-5", "1");

        SimClient.Answer answer = client.get("/sim/stats");

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.json()).isEqualTo(Map.of("refundRequests", n(7), "queries", n(2), "processed", n(4),
                "errors", n(2), "declines", n(1), "lostAnswers", n(1), "timeouts", n(1)));
        assertThat(sim.stats()).isEqualTo(new Stats(7, 2, 4, 2, 1, 1, 1));
    }

    @Test
    void faultsCanBeReadAndReplacedOverHttp() {
        SimClient.Answer put = client.put("/sim/faults", "{\"errorRate\":0.25,\"lostAnswerRate\":0.1,"
                + "\"timeoutRate\":0,\"declineRate\":0.05,\"latencyMs\":7,\"timeoutDelayMs\":250}");

        assertThat(put.status()).isEqualTo(200);
        assertThat(put.json()).containsEntry("errorRate", new BigDecimal("0.25")).containsEntry("latencyMs", n(7))
                .containsEntry("timeoutDelayMs", n(250));
        assertThat(sim.faults()).isEqualTo(new Faults(0.25, 0.1, 0, 0.05, 7, 250));
        assertThat(client.get("/sim/faults").body()).isEqualTo(put.body());
    }

    @Test
    void fieldsLeftOutOfAFaultSettingTakeTheirNoFaultValues() {
        sim.setFaults(new Faults(0.5, 0.5, 0, 0, 9, 100));

        client.put("/sim/faults", "{\"declineRate\":0.5}");

        assertThat(sim.faults()).isEqualTo(Faults.NONE.withDeclineRate(0.5));
    }

    @Test
    void anInvalidFaultSettingIsRefusedNamingTheFieldAndChangesNothing() {
        assertInvalidFaults("{\"errorRate\":1.5}", "errorRate");
        assertInvalidFaults("{\"errorRate\":\"0.5\"}", "errorRate");
        assertInvalidFaults("{\"latencyMs\":-1}", "latencyMs");
        assertInvalidFaults("{\"latencyMs\":1.5}", "latencyMs");
        assertInvalidFaults("{\"timeoutDelayMs\":99999999999}", "timeoutDelayMs");
        assertInvalidFaults("{\"error_rate\":0.5}", "error_rate");
        assertInvalidFaults("{\"errorRate\":0.6,\"declineRate\":0.6}", "rates");
        assertInvalidFaults("errorRate=1", "body");
        assertThat(sim.faults()).isEqualTo(Faults.NONE);
    }

    @Test
    void recordsListEveryStatementLineWithHowManyRequestsItsOutRequestNoGot() {
        client.refund("R-1", "1");
        client.refund("R-1", "1");
        client.refund("R-1", "1");
        client.refund("R-2", "2");
        sim.inject(new RefundRecord("R-2", "T-R-2", "B", 200, sim.records().get(1).gmtRefundPay()));

        SimClient.Answer answer = client.get("/sim/records");

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.rows("refunds")).extracting(row -> row.get("out_request_no"), row -> row.get("requests"))
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("R-1", n(3)),
                        org.assertj.core.groups.Tuple.tuple("R-2", n(1)),
                        org.assertj.core.groups.Tuple.tuple("R-2", n(1)));
        assertThat(answer.rows("refunds").getFirst()).containsKeys("trade_no", "buyer_id", "refund_amount",
                "gmt_refund_pay");
    }

    @Test
    void anUnknownPathIsA404InJson() {
        SimClient.Answer answer = client.get("/v1/trade/refunds");

        assertThat(answer.status()).isEqualTo(404);
        assertThat(answer.field("code")).isEqualTo("NOT_FOUND");
    }

    @Test
    void aWrongMethodIsA405InJsonThatSaysWhichMethodsAreAllowed() {
        SimClient.Answer answer = client.get("/v1/trade/refund");

        assertThat(answer.status()).isEqualTo(405);
        assertThat(answer.field("code")).isEqualTo("METHOD_NOT_ALLOWED");
        assertThat(answer.headers().firstValue("Allow")).contains("POST");
        assertThat(client.send("DELETE", "/sim/faults", "").headers().firstValue("Allow")).contains("GET, PUT");
    }

    @Test
    void anOversizedBodyIsRefusedWithoutAStackTrace() {
        String huge = "{\"out_request_no\":\"" + "x".repeat(HttpFront.MAX_BODY_BYTES) + "\"}";

        SimClient.Answer answer = client.post("/v1/trade/refund", huge);

        assertThat(answer.status()).isEqualTo(413);
        assertThat(answer.field("sub_msg")).isEqualTo("body");
        assertThat(answer.body()).doesNotContain("Exception", "at io.");
    }

    private void assertInvalidFaults(String body, String field) {
        SimClient.Answer answer = client.put("/sim/faults", body);
        assertThat(answer.status()).as(body).isEqualTo(400);
        assertThat(answer.field("sub_msg")).as(body).isEqualTo(field);
    }

    private static BigDecimal n(long value) {
        return BigDecimal.valueOf(value);
    }
}
