package io.miaotui.server.gateway;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.miaotui.money.Currency;
import io.miaotui.money.Money;
import io.miaotui.payout.GatewayRefund;
import io.miaotui.payout.PaymentGateway;
import io.miaotui.payout.PayoutLookup;
import io.miaotui.payout.PayoutInstruction;
import io.miaotui.payout.PayoutOutcome;
import io.miaotui.refund.RefundId;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Pays refunds through an Alipay-style HTTP API: {@code POST /v1/trade/refund} with the refund id as
 * {@code out_request_no} (the gateway's idempotency key) and {@code POST /v1/trade/refund/query}. A timeout, a
 * 5xx or a lost answer is ambiguous (the money may have moved), so the adapter asks the gateway before it
 * concludes anything, and a later attempt queries before it sends again: a buyer is never paid twice. Which
 * answers are paid, declined or unknown is {@link AlipayAnswers}' table.
 */
public final class HttpPaymentGateway implements PaymentGateway {
    private static final Logger log = LoggerFactory.getLogger(HttpPaymentGateway.class);

    private final URI base;
    private final HttpClient http;
    private final GatewayProperties properties;
    private final JsonMapper json = JsonMapper.builder().build();
    private final MeterRegistry meters;
    private final Clock clock;

    public HttpPaymentGateway(GatewayProperties properties, MeterRegistry meters, Clock clock) {
        this.clock = clock;
        this.base = URI.create(properties.url().endsWith("/") ? properties.url() : properties.url() + "/");
        this.properties = properties;
        this.meters = meters;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(properties.connectTimeout()).build();
    }

    @Override
    public PayoutOutcome pay(PayoutInstruction instruction) {
        if (instruction.attempt() > 1) {
            // An earlier attempt may have moved the money without our hearing of it: ask before sending again.
            switch (lookUp(instruction.refundId())) {
                case PayoutLookup.Found found -> {
                    return record("paid_on_query", found.paid());
                }
                case PayoutLookup.Unavailable u -> {
                    return record("unknown", new PayoutOutcome.Unknown("query before retry failed: " + u.why()));
                }
                case PayoutLookup.NotFound notFound -> {
                    // not paid yet: send it
                }
            }
        }
        Map<String, String> body = Map.of(
                "out_request_no", instruction.refundId().value(),
                "trade_no", instruction.orderId().value(),
                "refund_amount", instruction.amount().toDecimalString(),
                "buyer_id", instruction.buyerId().value());
        HttpResponse<String> response;
        try {
            response = post("v1/trade/refund", body);
        } catch (Exception e) {
            return afterAmbiguity(instruction, "no answer: " + e.getClass().getSimpleName());
        }
        JsonNode answer = parse(response.body());
        String code = answer == null ? null : text(answer, "code");
        String subCode = answer == null ? null : text(answer, "sub_code");
        return switch (AlipayAnswers.ofRefund(response.statusCode(), code, subCode,
                answer == null ? null : text(answer, "fund_change"))) {
            case PAID -> record("paid", paid(answer));
            case DECLINED -> record("declined", new PayoutOutcome.Declined(code + " " + subCode + " "
                    + (answer == null ? "" : text(answer, "sub_msg"))));
            case CONFIRM_BY_QUERY -> afterAmbiguity(instruction, "success without a fund change");
            case UNKNOWN -> afterAmbiguity(instruction, "HTTP " + response.statusCode() + " " + code + " " + subCode);
        };
    }

    /** The call's outcome is unknown: the gateway's own record decides. */
    private PayoutOutcome afterAmbiguity(PayoutInstruction instruction, String what) {
        return switch (lookUp(instruction.refundId())) {
            case PayoutLookup.Found found -> record("paid_on_query", found.paid());
            case PayoutLookup.NotFound notFound -> record("unknown", new PayoutOutcome.Unknown(what + "; the gateway has no"
                    + " record yet, so the next attempt asks again before sending"));
            case PayoutLookup.Unavailable u -> record("unknown", new PayoutOutcome.Unknown(what + "; query failed: " + u.why()));
        };
    }

    @Override
    public PayoutLookup lookUp(RefundId refundId) {
        try {
            HttpResponse<String> response = post("v1/trade/refund/query", Map.of("out_request_no", refundId.value()));
            JsonNode answer = parse(response.body());
            String code = answer == null ? null : text(answer, "code");
            String subCode = answer == null ? null : text(answer, "sub_code");
            return switch (AlipayAnswers.ofQuery(response.statusCode(), code, subCode,
                    answer == null ? null : text(answer, "refund_status"))) {
                case PAID -> new PayoutLookup.Found(paid(answer));
                case NO_SUCH_REFUND -> new PayoutLookup.NotFound();
                case UNKNOWN -> new PayoutLookup.Unavailable("HTTP " + response.statusCode() + " " + code + " " + subCode);
            };
        } catch (Exception e) {
            return new PayoutLookup.Unavailable(e.getClass().getSimpleName());
        }
    }

    @Override
    public List<GatewayRefund> refundsBetween(Instant from, Instant to) {
        String path = "v1/bill/refunds?from=" + URLEncoder.encode(from.toString(), StandardCharsets.UTF_8)
                + "&to=" + URLEncoder.encode(to.toString(), StandardCharsets.UTF_8);
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(base.resolve(path))
                    .timeout(properties.requestTimeout().multipliedBy(10)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("the gateway's statement answered HTTP " + response.statusCode());
            }
            JsonNode refunds = json.readTree(response.body()).get("refunds");
            return refunds.valueStream().map(r -> new GatewayRefund(text(r, "out_request_no"), text(r, "trade_no"),
                    Money.parse(text(r, "refund_amount"), Currency.CNY), statementTime(r)))
                    .toList();
        } catch (java.io.IOException e) {
            throw new IllegalStateException("the gateway's statement could not be read: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading the gateway's statement", e);
        }
    }

    /** A statement row must say when it was paid: reconciliation places it in its window by that time. */
    private static Instant statementTime(JsonNode row) {
        String at = text(row, "gmt_refund_pay");
        return AlipayAnswers.refundTime(at).orElseThrow(() -> new IllegalStateException(
                "the gateway's statement has refund " + text(row, "out_request_no") + " at an unreadable time '" + at + "'"));
    }

    private HttpResponse<String> post(String path, Map<String, String> body) throws Exception {
        Timer.Sample sample = Timer.start(meters);
        String outcome = "error";
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(base.resolve(path))
                    .timeout(properties.requestTimeout())
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)))
                    .build(), HttpResponse.BodyHandlers.ofString());
            outcome = String.valueOf(response.statusCode());
            return response;
        } finally {
            sample.stop(meters.timer("miaotui.gateway.calls", "path", path, "status", outcome));
        }
    }

    /** The time is informational: one that does not parse must not keep a paid refund from settling. */
    private PayoutOutcome.Paid paid(JsonNode answer) {
        String at = text(answer, "gmt_refund_pay");
        Optional<Instant> time = AlipayAnswers.refundTime(at);
        if (time.isEmpty() && at != null) {
            log.warn("gateway paid {} at an unreadable time '{}'; recorded at the time of receipt",
                    text(answer, "out_request_no"), at);
        }
        return new PayoutOutcome.Paid("gw:" + text(answer, "out_request_no"), time.orElseGet(clock::instant));
    }

    private PayoutOutcome record(String outcome, PayoutOutcome result) {
        meters.counter("miaotui.gateway.outcomes", "outcome", outcome).increment();
        if (result instanceof PayoutOutcome.Unknown unknown) {
            log.warn("gateway outcome unknown: {}", unknown.detail());
        }
        return result;
    }

    private JsonNode parse(String body) {
        try {
            return body == null || body.isBlank() ? null : json.readTree(body);
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asString();
    }
}
