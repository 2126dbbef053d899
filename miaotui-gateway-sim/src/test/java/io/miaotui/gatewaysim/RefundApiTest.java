package io.miaotui.gatewaysim;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RefundApiTest {
    private GatewaySimulator sim;
    private SimClient client;

    @BeforeEach
    void start() {
        sim = GatewaySimulator.start(0, Faults.NONE, 1);
        client = new SimClient(sim);
    }

    @AfterEach
    void stop() {
        // The simulator first: closing it ends any answer still held by a fault, which the client would wait for.
        sim.close();
        client.close();
    }

    @Test
    void aFirstRefundMovesMoneyAndAnswersSuccessWithTheAmountInYuan() {
        SimClient.Answer answer = client.post("/v1/trade/refund",
                SimClient.refundJson("R-1", "T-1", "40", "2088000000000001"));

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/json"));
        assertThat(answer.json()).containsEntry("code", "10000").containsEntry("msg", "Success")
                .containsEntry("out_request_no", "R-1").containsEntry("trade_no", "T-1")
                .containsEntry("refund_fee", "40.00").containsEntry("fund_change", "Y");
        RefundRecord record = sim.records().getFirst();
        assertThat(record.outRequestNo()).isEqualTo("R-1");
        assertThat(record.tradeNo()).isEqualTo("T-1");
        assertThat(record.buyerId()).isEqualTo("2088000000000001");
        assertThat(record.amountFen()).isEqualTo(4000);
        assertThat(Instant.parse(answer.field("gmt_refund_pay"))).isEqualTo(record.gmtRefundPay());
        assertThat(sim.stats()).isEqualTo(new Stats(1, 0, 1, 0, 0, 0, 0));
    }

    @Test
    void aReplayWithTheSameAmountReturnsTheOriginalRefundWithoutMovingMoneyAgain() {
        SimClient.Answer first = client.refund("R-1", "40.5");
        SimClient.Answer replay = client.refund("R-1", "40.50");

        assertThat(replay.status()).isEqualTo(200);
        assertThat(replay.json()).containsEntry("code", "10000").containsEntry("fund_change", "N")
                .containsEntry("refund_fee", "40.50")
                .containsEntry("gmt_refund_pay", first.field("gmt_refund_pay"));
        assertThat(sim.records()).hasSize(1);
        assertThat(sim.requestCount("R-1")).isEqualTo(2);
    }

    @Test
    void aReplayWithADifferentAmountIsRefusedAndNothingMoves() {
        client.refund("R-1", "40.00");
        SimClient.Answer changed = client.refund("R-1", "41.00");

        assertThat(changed.status()).isEqualTo(200);
        assertThat(changed.json()).containsEntry("code", "40004").containsEntry("msg", "Business Failed")
                .containsEntry("sub_code", "ACQ.REQUEST_AMOUNT_CHANGED");
        assertThat(sim.records()).singleElement().extracting(RefundRecord::amountFen).isEqualTo(4000L);
    }

    @Test
    void aQueryFindsAProcessedRefund() {
        client.refund("R-1", "12.3");

        SimClient.Answer answer = client.query("R-1");

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.json()).containsEntry("code", "10000").containsEntry("msg", "Success")
                .containsEntry("out_request_no", "R-1").containsEntry("trade_no", "T-R-1")
                .containsEntry("refund_status", "REFUND_SUCCESS").containsEntry("refund_amount", "12.30")
                .containsKey("gmt_refund_pay");
        assertThat(sim.stats().queries()).isEqualTo(1);
    }

    @Test
    void aQueryForAnUnknownRefundSaysItDoesNotExist() {
        SimClient.Answer answer = client.query("never-sent");

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.json()).containsEntry("code", "40004").containsEntry("msg", "Business Failed")
                .containsEntry("sub_code", "ACQ.REFUND_NOT_EXIST");
    }

    @ParameterizedTest(name = "{0} -> sub_msg {1}")
    @CsvSource(delimiter = '|', value = {
            "{\"trade_no\":\"T\",\"refund_amount\":\"1\",\"buyer_id\":\"B\"}                              | out_request_no",
            "{\"out_request_no\":\"\",\"trade_no\":\"T\",\"refund_amount\":\"1\",\"buyer_id\":\"B\"}       | out_request_no",
            "{\"out_request_no\":\"   \",\"trade_no\":\"T\",\"refund_amount\":\"1\",\"buyer_id\":\"B\"}    | out_request_no",
            "{\"out_request_no\":7,\"trade_no\":\"T\",\"refund_amount\":\"1\",\"buyer_id\":\"B\"}          | out_request_no",
            "{\"out_request_no\":\"R\",\"refund_amount\":\"1\",\"buyer_id\":\"B\"}                         | trade_no",
            "{\"out_request_no\":\"R\",\"trade_no\":null,\"refund_amount\":\"1\",\"buyer_id\":\"B\"}       | trade_no",
            "{\"out_request_no\":\"R\",\"trade_no\":\"T\",\"buyer_id\":\"B\"}                              | refund_amount",
            "{\"out_request_no\":\"R\",\"trade_no\":\"T\",\"refund_amount\":40,\"buyer_id\":\"B\"}         | refund_amount",
            "{\"out_request_no\":\"R\",\"trade_no\":\"T\",\"refund_amount\":\"40.001\",\"buyer_id\":\"B\"} | refund_amount",
            "{\"out_request_no\":\"R\",\"trade_no\":\"T\",\"refund_amount\":\"-40\",\"buyer_id\":\"B\"}    | refund_amount",
            "{\"out_request_no\":\"R\",\"trade_no\":\"T\",\"refund_amount\":\"4e1\",\"buyer_id\":\"B\"}    | refund_amount",
            "{\"out_request_no\":\"R\",\"trade_no\":\"T\",\"refund_amount\":\"0.00\",\"buyer_id\":\"B\"}   | refund_amount",
            "{\"out_request_no\":\"R\",\"trade_no\":\"T\",\"refund_amount\":\"1\"}                         | buyer_id",
            "{\"out_request_no\":\"R\",\"trade_no\":\"T\",\"refund_amount\":\"1\",\"buyer_id\":\"B\"       | body",
            "not json                                                                                      | body",
            "[]                                                                                            | body",
    })
    void anInvalidRefundIsRefusedNamingTheFieldAndNothingMoves(String body, String field) {
        SimClient.Answer answer = client.post("/v1/trade/refund", body);

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.json()).containsEntry("code", "40002").containsEntry("msg", "Invalid Arguments")
                .containsEntry("sub_msg", field).containsKey("detail");
        assertThat(sim.records()).isEmpty();
        assertThat(sim.stats().processed()).isZero();
        assertThat(sim.stats().refundRequests()).isEqualTo(1);
    }

    @Test
    void anOutRequestNoOfSixtyFourCharactersIsAcceptedAndSixtyFiveIsNot() {
        assertThat(client.post("/v1/trade/refund", SimClient.refundJson("x".repeat(64), "T", "1", "B")).status())
                .isEqualTo(200);

        SimClient.Answer tooLong = client.post("/v1/trade/refund", SimClient.refundJson("y".repeat(65), "T", "1", "B"));

        assertThat(tooLong.status()).isEqualTo(400);
        assertThat(tooLong.field("sub_msg")).isEqualTo("out_request_no");
        assertThat(sim.records()).hasSize(1);
    }

    @Test
    void anEmptyBodyIsRefusedAsInvalid() {
        SimClient.Answer answer = client.post("/v1/trade/refund", "");

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.field("sub_msg")).isEqualTo("body");
    }

    @Test
    void anInvalidQueryIsRefusedNamingTheField() {
        SimClient.Answer answer = client.post("/v1/trade/refund/query", "{\"out_request_no\":\"\"}");

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.field("sub_msg")).isEqualTo("out_request_no");
    }
}
