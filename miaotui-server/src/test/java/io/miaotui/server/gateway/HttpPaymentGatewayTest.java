package io.miaotui.server.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.miaotui.money.Currency;
import io.miaotui.money.Money;
import io.miaotui.order.BuyerId;
import io.miaotui.order.OrderId;
import io.miaotui.payout.PayoutInstruction;
import io.miaotui.payout.PayoutOutcome;
import io.miaotui.refund.RefundId;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The HTTP adapter against a gateway that answers what the test says, on loopback: which of Alipay's answers
 * are a payment, a decline, or unknown (and then asked about), and what a paid answer's time may look like.
 */
class HttpPaymentGatewayTest {
    private static final String NOT_FOUND = "200 {\"code\":\"40004\",\"msg\":\"Business Failed\",\"sub_code\":\"ACQ.REFUND_NOT_EXIST\"}";
    private static final String QUERY_PAID = "200 {\"code\":\"10000\",\"msg\":\"Success\",\"out_request_no\":\"%s\","
            + "\"refund_status\":\"REFUND_SUCCESS\",\"refund_amount\":\"9.00\",\"gmt_refund_pay\":\"2026-12-01T10:00:00Z\"}";

    private HttpServer server;
    private final List<String> refundAnswers = new CopyOnWriteArrayList<>();
    private final List<String> queryAnswers = new CopyOnWriteArrayList<>();
    private final List<String> calls = new CopyOnWriteArrayList<>();
    private HttpPaymentGateway gateway;
    private final RefundId refund = new RefundId(UUID.randomUUID().toString());

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v1/trade/refund", exchange -> {
            String path = exchange.getRequestURI().getPath();
            calls.add(path);
            List<String> script = path.endsWith("/query") ? queryAnswers : refundAnswers;
            String answer = script.isEmpty() ? "500 {\"code\":\"20000\"}" : script.size() == 1 ? script.getFirst() : script.removeFirst();
            int status = Integer.parseInt(answer.substring(0, 3));
            byte[] body = answer.substring(4).formatted(refund.value()).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
            if (body.length > 0) {
                exchange.getResponseBody().write(body);
            }
            exchange.close();
        });
        server.start();
        gateway = new HttpPaymentGateway(new GatewayProperties("http://127.0.0.1:" + server.getAddress().getPort(),
                Duration.ofSeconds(2), Duration.ofSeconds(2), 1), new SimpleMeterRegistry(), java.time.Clock.systemUTC());
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private PayoutOutcome pay(int attempt) {
        return gateway.pay(new PayoutInstruction(refund, new OrderId("O-1"), new BuyerId("B-1"),
                Money.of(900, Currency.CNY), attempt));
    }

    @ParameterizedTest(name = "refund answered {0}: unknown, and the query's \"no such refund\" does not make it a decline")
    @CsvSource(delimiter = '|', value = {
            "200 {\"code\":\"20000\",\"msg\":\"Service Currently Unavailable\",\"sub_code\":\"isp.unknow-error\"}",
            "200 {\"code\":\"40004\",\"msg\":\"Business Failed\",\"sub_code\":\"ACQ.SYSTEM_ERROR\"}",
            "200 {\"code\":\"40004\",\"msg\":\"Business Failed\",\"sub_code\":\"ACQ.SOMETHING_NEW\"}",
            "200 {\"code\":\"40004\",\"msg\":\"Business Failed\"}",
            "200 {\"code\":\"ACQ.TRADE_IN_PROCESS\"}",
            "408 {\"code\":\"20000\"}",
            "429 {\"code\":\"20000\"}",
            "503 {\"code\":\"20000\"}",
            "200 not json"})
    void unknownAnswers(String answer) {
        refundAnswers.add(answer);
        queryAnswers.add(NOT_FOUND);

        assertThat(pay(1)).isInstanceOf(PayoutOutcome.Unknown.class);
    }

    @ParameterizedTest(name = "refund answered {0}: declined")
    @CsvSource(delimiter = '|', value = {
            "ACQ.SELLER_BALANCE_NOT_ENOUGH", "ACQ.TRADE_NOT_EXIST", "ACQ.REFUND_AMT_NOT_EQUAL_TOTAL",
            "ACQ.TRADE_STATUS_ERROR", "ACQ.TRADE_HAS_FINISHED"})
    void definiteDeclines(String subCode) {
        refundAnswers.add("200 {\"code\":\"40004\",\"msg\":\"Business Failed\",\"sub_code\":\"" + subCode + "\"}");

        assertThat(pay(1)).isInstanceOfSatisfying(PayoutOutcome.Declined.class,
                d -> assertThat(d.reason()).contains(subCode));
    }

    @Test
    @DisplayName("a 20000 whose refund the gateway's record shows paid is paid")
    void systemErrorThenPaidOnQuery() {
        refundAnswers.add("200 {\"code\":\"20000\",\"msg\":\"Service Currently Unavailable\"}");
        queryAnswers.add(QUERY_PAID);

        assertThat(pay(1)).isInstanceOf(PayoutOutcome.Paid.class);
    }

    @Test
    @DisplayName("a query answering 20000 is not \"no such refund\": the retry does not send the refund again")
    void failedQueryIsNotNotFound() {
        queryAnswers.add("200 {\"code\":\"20000\",\"msg\":\"Service Currently Unavailable\"}");
        refundAnswers.add("200 {\"code\":\"10000\",\"fund_change\":\"Y\",\"gmt_refund_pay\":\"2026-12-01T10:00:00Z\"}");

        assertThat(pay(2)).isInstanceOf(PayoutOutcome.Unknown.class);
        assertThat(calls).containsExactly("/v1/trade/refund/query");
    }

    @Test
    @DisplayName("a paid answer whose gmt_refund_pay does not parse is paid at the time it was received")
    void unparsableTimeStillSettles() {
        refundAnswers.add("200 {\"code\":\"10000\",\"fund_change\":\"Y\",\"gmt_refund_pay\":\"yesterday-ish\"}");
        Instant before = Instant.now();

        PayoutOutcome outcome = pay(1);

        assertThat(outcome).isInstanceOfSatisfying(PayoutOutcome.Paid.class,
                paid -> assertThat(paid.at()).isBetween(before, Instant.now()));
    }

    @Test
    @DisplayName("Alipay's own time format (Beijing time, no zone) is read as such")
    void alipayTimeFormat() {
        refundAnswers.add("200 {\"code\":\"10000\",\"fund_change\":\"Y\",\"gmt_refund_pay\":\"2026-12-01 18:00:00\"}");

        assertThat(pay(1)).isInstanceOfSatisfying(PayoutOutcome.Paid.class,
                paid -> assertThat(paid.at()).isEqualTo(Instant.parse("2026-12-01T10:00:00Z")));
    }
}
