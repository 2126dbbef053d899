package io.miaotui.server.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The code table: what each of the gateway's answers means, including the ones it does not know. */
class AlipayAnswersTest {

    @ParameterizedTest(name = "HTTP {0}, code {1}, sub code {2}, fund_change {3}: {4}")
    @CsvSource(nullValues = "-", value = {
            "200, 10000, -, Y, PAID",
            "200, 10000, -, N, CONFIRM_BY_QUERY",
            "200, 10000, -, -, CONFIRM_BY_QUERY",
            "200, 20000, isp.unknow-error, -, UNKNOWN",
            "200, 40004, ACQ.SYSTEM_ERROR, -, UNKNOWN",
            "200, 40004, ACQ.TRADE_IN_PROCESS, -, UNKNOWN",
            "200, 40004, ACQ.DISCORDANT_REPEAT_REQUEST, -, UNKNOWN",
            "200, 40004, ACQ.REQUEST_AMOUNT_CHANGED, -, UNKNOWN",
            "200, 40004, ACQ.NEVER_HEARD_OF_IT, -, UNKNOWN",
            "200, 40004, -, -, UNKNOWN",
            "200, 40004, ACQ.TRADE_NOT_EXIST, -, DECLINED",
            "200, 40004, ACQ.REFUND_AMT_NOT_EQUAL_TOTAL, -, DECLINED",
            "200, 40004, ACQ.SELLER_BALANCE_NOT_ENOUGH, -, DECLINED",
            "400, 40002, -, -, DECLINED",
            "200, 40002, isv.invalid-signature, -, DECLINED",
            "400, -, -, -, UNKNOWN",
            "404, NOT_FOUND, -, -, UNKNOWN",
            "408, -, -, -, UNKNOWN",
            "429, 40004, ACQ.SELLER_BALANCE_NOT_ENOUGH, -, UNKNOWN",
            "500, 20000, -, -, UNKNOWN",
            "502, 20000, -, -, UNKNOWN",
            "503, 10000, -, Y, UNKNOWN",
            "200, -, -, -, UNKNOWN"})
    void refundAnswers(int http, String code, String subCode, String fundChange, AlipayAnswers.Refund meaning) {
        assertThat(AlipayAnswers.ofRefund(http, code, subCode, fundChange)).isEqualTo(meaning);
    }

    @ParameterizedTest(name = "query HTTP {0}, code {1}, sub code {2}, refund_status {3}: {4}")
    @CsvSource(nullValues = "-", value = {
            "200, 10000, -, REFUND_SUCCESS, PAID",
            "200, 10000, -, -, NO_SUCH_REFUND",
            "200, 10000, -, REFUND_PROCESSING, UNKNOWN",
            "200, 40004, ACQ.REFUND_NOT_EXIST, -, NO_SUCH_REFUND",
            "200, 40004, ACQ.TRADE_NOT_EXIST, -, NO_SUCH_REFUND",
            "200, 40004, ACQ.SYSTEM_ERROR, -, UNKNOWN",
            "200, 20000, -, -, UNKNOWN",
            "500, 20000, -, -, UNKNOWN",
            "429, 10000, -, REFUND_SUCCESS, UNKNOWN"})
    void queryAnswers(int http, String code, String subCode, String refundStatus, AlipayAnswers.Query meaning) {
        assertThat(AlipayAnswers.ofQuery(http, code, subCode, refundStatus)).isEqualTo(meaning);
    }

    @Test
    @DisplayName("gmt_refund_pay is read as ISO-8601 or as Alipay's Beijing time, and otherwise not at all")
    void refundTimes() {
        assertThat(AlipayAnswers.refundTime("2026-12-01T10:00:00Z")).contains(Instant.parse("2026-12-01T10:00:00Z"));
        assertThat(AlipayAnswers.refundTime("2026-12-01 18:00:00")).contains(Instant.parse("2026-12-01T10:00:00Z"));
        assertThat(AlipayAnswers.refundTime("2026-13-01 18:00:00")).isEmpty();
        assertThat(AlipayAnswers.refundTime("")).isEmpty();
        assertThat(AlipayAnswers.refundTime(null)).isEmpty();
    }
}
