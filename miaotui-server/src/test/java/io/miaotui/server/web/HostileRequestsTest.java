package io.miaotui.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.miaotui.server.support.ApiTestBase;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A generator of hostile requests across the whole API: ids that break the id rule, malformed and oversized
 * bodies, wrong JSON types, unknown fields, odd query strings. Every request carries at least one thing that
 * makes it invalid, so none may change anything. Nine in ten carry the token of the caller who may make the
 * request, so they get past authentication to the checks behind it; the tenth carries a hostile token or none.
 * The seed is printed; set -Dmiaotui.fuzz.seed to replay.
 */
class HostileRequestsTest extends ApiTestBase {
    private static final int REQUESTS = 10_000;

    /** Ids that break the id rule: too long, control or invisible characters, surrounding blanks, empty. */
    private static final List<String> BAD_IDS = List.of("x".repeat(65), "a\u0000b", "a\nb", " lead", "trail ",
            "zero\u200Bwidth", "\u00A0nbsp", "tab\tid", "\u007fdel", "".concat("y".repeat(300)));
    /** Ids that are valid in form but name nothing: fine in a path that only reads, or where the body is bad. */
    private static final List<String> ODD_IDS = List.of("' or 1=1 --", "../../etc/passwd", "%00", "<script>", "订单-1",
            "O-does-not-exist", "null", "0", "-1", "{{7*7}}", "${jndi:ldap://x}", "a;drop table refunds");
    /** Tokens that name no caller: garbage, unsigned ("alg": "none"), truncated; plus no token at all. */
    private static final List<String> HOSTILE_TOKENS = java.util.Arrays.asList(null, "", "x", "a.b.c",
            "eyJhbGciOiJub25lIn0.eyJzdWIiOiJCLTEiLCJyb2xlIjoiT1BFUkFUT1IifQ.", "' or 1=1 --", "x".repeat(4000));
    /** Policy expressions that must never compile: broken syntax, unknown facts, wrong types, not a bool, too long. */
    private static final List<String> BAD_EXPRESSIONS = List.of("(".repeat(300) + "true", "line.paidAmount",
            "line.paidAmount <= \"500\"", "line.nosuch", "1 +", "\u0000", "\"a\" * 100000 == \"\"",
            "true" + " && true".repeat(600), "buyer.id.size()", "now > 5", "shop.closed == 1", "");
    private static final List<String> BAD_BODIES = List.of("", "{", "[]", "null", "\"text\"", "{\"a\":}", "{,}",
            "{\"orderId\":NaN}", "{\"amount\":1e400}", "{\"lines\":[" + "[".repeat(2000) + "]}", "\u0000\u0001",
            "{\"orderId\":\"O\",\"orderId\":\"P\",\"__x\":1}");

    @Test
    @DisplayName("10,000 hostile requests: no 5xx, every error problem+json, the database unchanged")
    void hostileRequestsChangeNothing() throws Exception {
        long seed = Long.getLong("miaotui.fuzz.seed", System.nanoTime());
        System.out.println("HostileRequestsTest seed " + seed);
        Random random = new Random(seed);
        String shopId = shop("TAOBAO");
        String orderId = order(shopId, "O-" + run, java.time.Instant.now(), "800.00");
        String refundId = refund(run, orderId, "L-1", "100").text("refundId");
        awaitQuiet();
        Map<String, String> before = snapshot();
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

        var failures = new ArrayList<String>();
        for (int i = 0; i < REQUESTS && failures.size() < 20; i++) {
            HttpRequest request = hostile(random, shopId, orderId, refundId);
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            String type = response.headers().firstValue("Content-Type").orElse("");
            boolean ok = response.statusCode() < 500
                    && (response.statusCode() < 400 || type.startsWith("application/problem+json"))
                    && !response.body().contains("Exception") && !response.body().contains("SQL");
            ok &= response.statusCode() != 401 || response.headers().firstValue("WWW-Authenticate").isPresent();
            if (!ok) {
                failures.add(request.method() + " " + request.uri() + " -> " + response.statusCode() + " " + type + " "
                        + response.body().substring(0, Math.min(200, response.body().length())));
            }
        }

        assertThat(failures).as("seed %d", seed).isEmpty();
        assertThat(snapshot()).as("the database after the hostile requests, seed %d", seed).isEqualTo(before);
    }

    private HttpRequest hostile(Random random, String shopId, String orderId, String refundId) {
        String badId = pick(random, BAD_IDS);
        String anyId = random.nextBoolean() ? badId : pick(random, ODD_IDS);
        String body = hostileBody(random);
        String path = switch (random.nextInt(25)) {
            case 0 -> "PUT /api/v1/shops/" + badId;
            case 1 -> "PUT /api/v1/shops/" + anyId + "#body";
            case 2 -> "GET /api/v1/shops/" + anyId;
            case 3 -> "POST /api/v1/orders#body";
            case 4 -> "GET /api/v1/orders/" + anyId;
            case 5 -> "POST /api/v1/orders/" + orderId + "/lines/L-1/shipment#body";
            case 6 -> "POST /api/v1/orders/" + anyId + "/lines/" + anyId + "/shipment";
            case 7 -> "POST /api/v1/orders/" + badId + "/confirm-receipt";
            case 8 -> "POST /api/v1/refunds#body";
            case 9 -> "GET /api/v1/refunds/" + anyId + (random.nextBoolean() ? "/history" : "");
            case 10 -> "POST /api/v1/refunds/" + anyId + "/"
                    + pick(random, List.of("approve", "retry-payout", "close-offline#body", "cancel#body"));
            case 11 -> "POST /api/v1/refunds/" + refundId + "/reject#body";
            case 12 -> "GET /api/v1/ledger/accounts/" + anyId + "?page=" + pick(random, List.of("-1", "x", "1e9", "99999999"))
                    + "&size=" + pick(random, List.of("0", "-5", "100000", "abc"));
            case 13 -> "GET /api/v1/reconciliation?from=" + anyId + "&to=" + pick(random, List.of("", "yesterday", "2026-13-40"));
            case 14 -> "PUT /api/v1/closing-window#body";
            case 15 -> "PUT /api/v1/shops/" + shopId + "/closing#body";
            case 16 -> "DELETE /api/v1/shops/" + badId + "/closing";
            case 17 -> "GET /api/v1/shops/" + anyId + "/refunds?status=" + pick(random, List.of("LOST", "", "paid", "'; --"));
            case 18 -> "POST /api/v1/shops/" + shopId + "/refunds/bulk-" + pick(random, List.of("approve", "reject")) + "#body";
            case 19 -> "POST /api/v1/policies/" + pick(random, List.of("taobao-unshipped", anyId)) + "/versions#body";
            case 20 -> "PUT /api/v1/policies/taobao-unshipped/versions/" + pick(random, List.of("1", "0", "-1", "x", anyId))
                    + "/rollout#body";
            case 21 -> "POST /api/v1/policies/" + anyId + "/versions/1/" + pick(random, List.of("promote", "rollback"));
            case 22 -> "PUT /api/v1/policy-routing#body";
            case 23 -> "POST /api/v1/policies/taobao-unshipped/what-if#body";
            default -> "GET /api/v1/shops/" + anyId + "/metrics?from=" + anyId;
        };
        boolean withBody = path.endsWith("#body");
        String[] methodAndPath = path.replace("#body", "").split(" ", 2);
        var builder = HttpRequest.newBuilder(uri(methodAndPath[1])).timeout(Duration.ofSeconds(30))
                .header("Content-Type", random.nextInt(10) == 0 ? "text/plain" : "application/json");
        if (random.nextBoolean()) {
            builder.header("Idempotency-Key", random.nextBoolean() ? "k-" + random.nextInt(1000) : badId.replaceAll("[^\\x21-\\x7e]", "x"));
        }
        boolean sendsBody = withBody || random.nextInt(4) == 0;
        String token = random.nextInt(10) == 0 ? pick(random, HOSTILE_TOKENS)
                : api.actors().tokenFor(methodAndPath[0], methodAndPath[1], sendsBody ? body : "");
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        HttpRequest.BodyPublisher publisher = sendsBody
                ? HttpRequest.BodyPublishers.ofString(body) : HttpRequest.BodyPublishers.noBody();
        return builder.method(methodAndPath[0], publisher).build();
    }

    /** A body that is never acceptable: malformed, of the wrong shape, or carrying a field no endpoint knows. */
    private static String hostileBody(Random random) {
        return switch (random.nextInt(5)) {
            case 0 -> pick(random, BAD_BODIES);
            case 4 -> io.miaotui.server.support.Api.toJson(Map.of("expression", pick(random, BAD_EXPRESSIONS),
                    "description", "fuzz", "from", "2026-01-01T00:00:00Z", "to", "2026-01-02T00:00:00Z",
                    "percent", pick(random, List.of(-1, 101, 1_000_000))));
            case 1 -> "{\"orderId\":" + pick(random, List.of("1", "true", "[]", "{}")) + ",\"lineId\":\"L-1\",\"amount\":"
                    + pick(random, List.of("100", "-1", "\"-1\"", "\"0\"", "\"1.001\"", "\"1e3\"", "\"１\"", "null")) + "}";
            case 2 -> {
                var fields = new LinkedHashMap<String, Object>();
                fields.put("name", "x".repeat(random.nextInt(400)));
                fields.put("channel", pick(random, List.of("TAOBAO", "JD", "tmall")));
                fields.put("refundIds", List.of("x".repeat(random.nextInt(80))));
                fields.put("surprise_" + random.nextInt(100), random.nextInt());
                yield io.miaotui.server.support.Api.toJson(fields);
            }
            default -> "{\"from\":\"" + random.nextInt() + "\",\"to\":\"then\",\"maxDays\":\"ten\",\"shipBy\":[]"
                    + ",\"extra\":{\"deep\":" + "[".repeat(random.nextInt(50)) + "]".repeat(0) + "}";
        };
    }

    private URI uri(String pathAndQuery) {
        int query = pathAndQuery.indexOf('?');
        String path = query < 0 ? pathAndQuery : pathAndQuery.substring(0, query);
        StringBuilder encoded = new StringBuilder();
        for (String segment : path.split("/", -1)) {
            if (!encoded.isEmpty() || !segment.isEmpty()) {
                encoded.append('/');
            }
            encoded.append(URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20"));
        }
        String q = query < 0 ? "" : "?" + encodeQuery(pathAndQuery.substring(query + 1));
        return URI.create("http://127.0.0.1:" + port + encoded.toString().replaceFirst("^/+", "/") + q);
    }

    private static String encodeQuery(String query) {
        var parts = new ArrayList<String>();
        for (String pair : query.split("&")) {
            String[] kv = pair.split("=", 2);
            parts.add(URLEncoder.encode(kv[0], StandardCharsets.UTF_8) + "="
                    + (kv.length > 1 ? URLEncoder.encode(kv[1], StandardCharsets.UTF_8) : ""));
        }
        return String.join("&", parts);
    }

    private static <T> T pick(Random random, List<T> options) {
        return options.get(random.nextInt(options.size()));
    }
}
