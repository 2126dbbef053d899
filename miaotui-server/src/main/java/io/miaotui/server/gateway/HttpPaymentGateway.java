package io.miaotui.server.gateway;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.miaotui.money.Currency;
import io.miaotui.money.Money;
import io.miaotui.payout.GatewayRefund;
import io.miaotui.payout.PaymentGateway;
import io.miaotui.payout.PayoutInstruction;
import io.miaotui.payout.PayoutOutcome;
import io.miaotui.refund.RefundId;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Pays refunds through an Alipay-style HTTP API: {@code POST /v1/trade/refund} with the refund id as
 * {@code out_request_no} (the gateway's idempotency key) and {@code POST /v1/trade/refund/query}. A timeout, a
 * 5xx or a lost answer is ambiguous (the money may have moved), so the adapter asks the gateway before it
 * concludes anything, and a later attempt queries before it sends again: a buyer is never paid twice.
 */
public final class HttpPaymentGateway implements PaymentGateway {
    private static final Logger log = LoggerFactory.getLogger(HttpPaymentGateway.class);
    private static final String SUCCESS = "10000";

    private final URI base;
    private final HttpClient http;
    private final GatewayProperties properties;
    private final JsonMapper json = JsonMapper.builder().build();
    private final MeterRegistry meters;

    public HttpPaymentGateway(GatewayProperties properties, MeterRegistry meters) {
        this.base = URI.create(properties.url().endsWith("/") ? properties.url() : properties.url() + "/");
        this.properties = properties;
        this.meters = meters;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(properties.connectTimeout()).build();
    }

    /** What a query said. */
    sealed interface Query {
        record Found(PayoutOutcome.Paid paid) implements Query {
        }

        record NotFound() implements Query {
        }

        record Unavailable(String why) implements Query {
        }
    }

    @Override
    public PayoutOutcome pay(PayoutInstruction instruction) {
        if (instruction.attempt() > 1) {
            // An earlier attempt may have moved the money without our hearing of it: ask before sending again.
            switch (query(instruction.refundId())) {
                case Query.Found found -> {
                    return record("paid_on_query", found.paid());
                }
                case Query.Unavailable u -> {
                    return record("unknown", new PayoutOutcome.Unknown("query before retry failed: " + u.why()));
                }
                case Query.NotFound notFound -> {
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
        if (response.statusCode() == 200 && answer != null && SUCCESS.equals(text(answer, "code"))) {
            return record("paid", paid(answer));
        }
        if (response.statusCode() == 200 && answer != null) {
            return record("declined", new PayoutOutcome.Declined(text(answer, "sub_code") + " " + text(answer, "msg")));
        }
        if (response.statusCode() >= 400 && response.statusCode() < 500) {
            return record("declined", new PayoutOutcome.Declined("gateway refused the request: HTTP "
                    + response.statusCode() + " " + (answer == null ? "" : text(answer, "sub_msg"))));
        }
        return afterAmbiguity(instruction, "HTTP " + response.statusCode());
    }

    /** The call's outcome is unknown: the gateway's own record decides. */
    private PayoutOutcome afterAmbiguity(PayoutInstruction instruction, String what) {
        return switch (query(instruction.refundId())) {
            case Query.Found found -> record("paid_on_query", found.paid());
            case Query.NotFound notFound -> record("unknown", new PayoutOutcome.Unknown(what + "; the gateway has no"
                    + " record yet, so the next attempt asks again before sending"));
            case Query.Unavailable u -> record("unknown", new PayoutOutcome.Unknown(what + "; query failed: " + u.why()));
        };
    }

    Query query(RefundId refundId) {
        try {
            HttpResponse<String> response = post("v1/trade/refund/query", Map.of("out_request_no", refundId.value()));
            JsonNode answer = parse(response.body());
            if (response.statusCode() != 200 || answer == null) {
                return new Query.Unavailable("HTTP " + response.statusCode());
            }
            if (SUCCESS.equals(text(answer, "code")) && "REFUND_SUCCESS".equals(text(answer, "refund_status"))) {
                return new Query.Found(paid(answer));
            }
            return new Query.NotFound();
        } catch (Exception e) {
            return new Query.Unavailable(e.getClass().getSimpleName());
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
                    Money.parse(text(r, "refund_amount"), Currency.CNY), Instant.parse(text(r, "gmt_refund_pay"))))
                    .toList();
        } catch (java.io.IOException e) {
            throw new IllegalStateException("the gateway's statement could not be read: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading the gateway's statement", e);
        }
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

    private PayoutOutcome.Paid paid(JsonNode answer) {
        String at = text(answer, "gmt_refund_pay");
        return new PayoutOutcome.Paid("gw:" + text(answer, "out_request_no"), at == null ? Instant.now() : Instant.parse(at));
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
