package io.miaotui.server.trust;

import static org.assertj.core.api.Assertions.assertThat;

import io.miaotui.server.support.Api;
import io.miaotui.server.support.ApiTestBase;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Every endpoint against every kind of caller: the order's own buyer and another buyer, the shop's own merchant
 * and another shop's, an operator, the order system. Allowed callers get through (each on a fresh shop, order
 * and refund, since allowed calls change things); denied ones get 403, or 404 where a 403 would tell them the
 * order or refund exists, and all the denied calls together change nothing in the database.
 */
class AccessMatrixTest extends ApiTestBase {

    enum Who { OWN_BUYER, OTHER_BUYER, OWN_MERCHANT, OTHER_MERCHANT, OPERATOR, ORDER_SYSTEM }

    /** A shop with an order of two lines: L-1 (800.00) has a refund pending review, L-2 (100.00) nothing yet. */
    record Fixture(String shopId, String orderId, String buyerId, String refundId) {
    }

    /**
     * One endpoint: how to call it on a fixture, who may, and how the others are turned away: 404 with
     * {@code hiddenAs} for callers of the right role but not the owner, 403 for everyone else.
     */
    record Endpoint(String name, String method, Function<Fixture, String> path, Function<Fixture, Object> body,
            Set<Who> allowed, Set<Who> hidden, String hiddenAs, Set<Integer> refusals) {
    }

    /** An endpoint whose allowed call the handler refuses on its merits (the fixture has nothing to act on). */
    private static Endpoint refusing(Endpoint endpoint, Integer... statuses) {
        return new Endpoint(endpoint.name(), endpoint.method(), endpoint.path(), endpoint.body(), endpoint.allowed(),
                endpoint.hidden(), endpoint.hiddenAs(), Set.of(statuses));
    }

    private static final Set<Who> NONE = EnumSet.noneOf(Who.class);

    private static List<Endpoint> endpoints() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        String from = now.plus(2, ChronoUnit.DAYS).toString();
        String to = now.plus(3, ChronoUnit.DAYS).toString();
        return List.of(
                e("register shop", "PUT", f -> "/api/v1/shops/" + f.shopId(), f -> Map.of("name", "Tea", "channel", "TAOBAO"),
                        EnumSet.of(Who.ORDER_SYSTEM)),
                e("read shop", "GET", f -> "/api/v1/shops/" + f.shopId(), f -> null,
                        EnumSet.of(Who.OWN_MERCHANT, Who.OPERATOR, Who.ORDER_SYSTEM)),
                e("shop metrics", "GET", f -> "/api/v1/shops/" + f.shopId() + "/metrics", f -> null,
                        EnumSet.of(Who.OWN_MERCHANT, Who.OPERATOR)),
                e("review queue", "GET", f -> "/api/v1/shops/" + f.shopId() + "/refunds", f -> null,
                        EnumSet.of(Who.OWN_MERCHANT, Who.OPERATOR)),
                e("bulk approve", "POST", f -> "/api/v1/shops/" + f.shopId() + "/refunds/bulk-approve",
                        f -> Map.of("refundIds", List.of(f.refundId())), EnumSet.of(Who.OWN_MERCHANT)),
                e("bulk reject", "POST", f -> "/api/v1/shops/" + f.shopId() + "/refunds/bulk-reject",
                        f -> Map.of("refundIds", List.of(f.refundId()), "reason", "sent already"), EnumSet.of(Who.OWN_MERCHANT)),
                e("close shop", "PUT", f -> "/api/v1/shops/" + f.shopId() + "/closing", f -> Map.of("from", from, "to", to),
                        EnumSet.of(Who.OWN_MERCHANT)),
                e("read closing", "GET", f -> "/api/v1/shops/" + f.shopId() + "/closing", f -> null,
                        EnumSet.of(Who.OWN_MERCHANT, Who.OPERATOR)),
                e("cancel closing", "DELETE", f -> "/api/v1/shops/" + f.shopId() + "/closing", f -> null,
                        EnumSet.of(Who.OWN_MERCHANT)),
                e("set closing window", "PUT", f -> "/api/v1/closing-window",
                        f -> Map.of("from", now.toString(), "to", now.plus(30, ChronoUnit.DAYS).toString(), "maxDays", 10),
                        EnumSet.of(Who.OPERATOR)),
                e("read closing window", "GET", f -> "/api/v1/closing-window", f -> null, EnumSet.allOf(Who.class)),
                e("register order", "POST", f -> "/api/v1/orders",
                        f -> orderBody(f.shopId(), f.orderId() + "-new", now, List.of(Map.of("lineId", "L-1", "sku", "x",
                                "quantity", 1, "paidAmount", "10.00"))), EnumSet.of(Who.ORDER_SYSTEM)),
                hidden("read order", "GET", f -> "/api/v1/orders/" + f.orderId(), f -> null,
                        EnumSet.of(Who.OWN_BUYER, Who.OWN_MERCHANT, Who.OPERATOR, Who.ORDER_SYSTEM), "order-not-found"),
                hidden("ship line", "POST", f -> "/api/v1/orders/" + f.orderId() + "/lines/L-2/shipment",
                        f -> Map.of("carrier", "SF", "trackingNo", "SF1"), EnumSet.of(Who.OWN_MERCHANT, Who.ORDER_SYSTEM),
                        "order-not-found"),
                hidden("confirm receipt", "POST", f -> "/api/v1/orders/" + f.orderId() + "/confirm-receipt", f -> Map.of(),
                        EnumSet.of(Who.OWN_BUYER, Who.ORDER_SYSTEM), "order-not-found"),
                hidden("request refund", "POST", f -> "/api/v1/refunds",
                        f -> Map.of("orderId", f.orderId(), "lineId", "L-2"), EnumSet.of(Who.OWN_BUYER), "order-not-found"),
                hidden("read refund", "GET", f -> "/api/v1/refunds/" + f.refundId(), f -> null,
                        EnumSet.of(Who.OWN_BUYER, Who.OWN_MERCHANT, Who.OPERATOR), "refund-not-found"),
                hidden("refund history", "GET", f -> "/api/v1/refunds/" + f.refundId() + "/history", f -> null,
                        EnumSet.of(Who.OWN_BUYER, Who.OWN_MERCHANT, Who.OPERATOR), "refund-not-found"),
                hidden("approve refund", "POST", f -> "/api/v1/refunds/" + f.refundId() + "/approve", f -> Map.of(),
                        EnumSet.of(Who.OWN_MERCHANT), "refund-not-found"),
                hidden("reject refund", "POST", f -> "/api/v1/refunds/" + f.refundId() + "/reject",
                        f -> Map.of("reason", "sent already"), EnumSet.of(Who.OWN_MERCHANT), "refund-not-found"),
                refusing(e("retry payout", "POST", f -> "/api/v1/refunds/" + f.refundId() + "/retry-payout",
                        f -> Map.of(), EnumSet.of(Who.OPERATOR)), 409),
                refusing(e("close refund offline", "POST", f -> "/api/v1/refunds/" + f.refundId() + "/close-offline",
                        f -> Map.of("reason", "paid by bank transfer"), EnumSet.of(Who.OPERATOR)), 409),
                refusing(e("cancel refund", "POST", f -> "/api/v1/refunds/" + f.refundId() + "/cancel",
                        f -> Map.of("reason", "agreed with the buyer"), EnumSet.of(Who.OPERATOR)), 409),
                e("list policies", "GET", f -> "/api/v1/policies", f -> null, EnumSet.of(Who.OPERATOR)),
                e("policy versions", "GET", f -> "/api/v1/policies/taobao-unshipped/versions", f -> null,
                        EnumSet.of(Who.OPERATOR)),
                e("create policy version", "POST", f -> "/api/v1/policies/m-" + f.orderId().toLowerCase() + "/versions",
                        f -> Map.of("expression", "!line.shipped", "description", "matrix"), EnumSet.of(Who.OPERATOR)),
                refusing(e("roll out policy", "PUT", f -> "/api/v1/policies/taobao-unshipped/versions/999/rollout",
                        f -> Map.of("percent", 5), EnumSet.of(Who.OPERATOR)), 404),
                refusing(e("promote policy", "POST", f -> "/api/v1/policies/taobao-unshipped/versions/999/promote",
                        f -> Map.of(), EnumSet.of(Who.OPERATOR)), 404),
                refusing(e("roll back policy", "POST", f -> "/api/v1/policies/taobao-unshipped/versions/999/rollback",
                        f -> Map.of(), EnumSet.of(Who.OPERATOR)), 404),
                e("read routing", "GET", f -> "/api/v1/policy-routing", f -> null, EnumSet.of(Who.OPERATOR)),
                e("set routing", "PUT", f -> "/api/v1/policy-routing",
                        f -> Map.of("TAOBAO", "taobao-unshipped", "TMALL", "tmall-unshipped"), EnumSet.of(Who.OPERATOR)),
                e("what-if", "POST", f -> "/api/v1/policies/taobao-unshipped/what-if", f -> Map.of("expression",
                        "!line.shipped", "from", now.minusSeconds(60).toString(), "to", now.plusSeconds(60).toString()),
                        EnumSet.of(Who.OPERATOR)),
                e("gray report", "GET", f -> "/api/v1/policies/taobao-unshipped/gray-report", f -> null,
                        EnumSet.of(Who.OPERATOR)),
                e("ledger check", "GET", f -> "/api/v1/ledger/check", f -> null, EnumSet.of(Who.OPERATOR)),
                e("ledger account", "GET", f -> "/api/v1/ledger/accounts/escrow:" + f.orderId(), f -> null,
                        EnumSet.of(Who.OPERATOR)),
                e("reconciliation", "GET", f -> "/api/v1/reconciliation?from=" + now.minusSeconds(3600) + "&to=" + now.plusSeconds(60),
                        f -> null, EnumSet.of(Who.OPERATOR)),
                e("failed payouts", "GET", f -> "/api/v1/payouts/failed", f -> null, EnumSet.of(Who.OPERATOR)),
                e("consumer-experience report", "GET", f -> "/api/v1/reports/consumer-experience", f -> null,
                        EnumSet.of(Who.OPERATOR)),
                e("live report", "GET", f -> "/api/v1/reports/live?minutes=5", f -> null, EnumSet.of(Who.OPERATOR)),
                e("audit log", "GET", f -> "/api/v1/audit?subject=order:" + f.orderId(), f -> null, EnumSet.of(Who.OPERATOR)),
                e("metrics", "GET", f -> "/actuator/metrics", f -> null, EnumSet.of(Who.OPERATOR)));
    }

    private static Endpoint e(String name, String method, Function<Fixture, String> path, Function<Fixture, Object> body,
            Set<Who> allowed) {
        return new Endpoint(name, method, path, body, allowed, NONE, null, Set.of());
    }

    /** An endpoint on an order or refund: a caller of an allowed role who does not own it is told it does not exist. */
    private static Endpoint hidden(String name, String method, Function<Fixture, String> path,
            Function<Fixture, Object> body, Set<Who> allowed, String hiddenAs) {
        Set<Who> hidden = EnumSet.noneOf(Who.class);
        if (allowed.contains(Who.OWN_BUYER)) {
            hidden.add(Who.OTHER_BUYER);
        }
        if (allowed.contains(Who.OWN_MERCHANT)) {
            hidden.add(Who.OTHER_MERCHANT);
        }
        return new Endpoint(name, method, path, body, allowed, hidden, hiddenAs, Set.of());
    }

    /** The festival window merchants may close in, so "close shop" can succeed. */
    @BeforeEach
    void closingWindow() {
        Instant now = Instant.now();
        assertThat(api.as(api.actors().operator()).put("/api/v1/closing-window", Map.of("from", now.toString(),
                "to", now.plus(30, ChronoUnit.DAYS).toString(), "maxDays", 10)).status()).isEqualTo(200);
    }

    private int fixtures;

    private Fixture fixture() {
        String shopId = shop("TAOBAO") + "-" + fixtures;
        api.put("/api/v1/shops/" + shopId, Map.of("name", "Tea", "channel", "TAOBAO"));
        String orderId = "O-" + run + "-" + fixtures++;
        order(shopId, orderId, Instant.now(), "800.00", "100.00");
        Api.Reply refund = refund("k-" + orderId, orderId, "L-1", null);
        assertThat(refund.text("status")).isEqualTo("PENDING_MERCHANT_REVIEW");
        return new Fixture(shopId, orderId, "B-" + orderId, refund.text("refundId"));
    }

    private String token(Who who, Fixture f) {
        return switch (who) {
            case OWN_BUYER -> api.actors().buyer(f.buyerId());
            case OTHER_BUYER -> api.actors().buyer("B-someone-else");
            case OWN_MERCHANT -> api.actors().merchant(f.shopId());
            case OTHER_MERCHANT -> api.actors().merchant("S-someone-else");
            case OPERATOR -> api.actors().operator();
            case ORDER_SYSTEM -> api.actors().orderSystem();
        };
    }

    private Api.Reply call(Endpoint endpoint, Who who, Fixture f, String key) {
        Api as = api.as(token(who, f));
        String path = endpoint.path().apply(f);
        Object body = endpoint.body().apply(f);
        return switch (endpoint.method()) {
            case "GET" -> as.get(path);
            case "DELETE" -> as.delete(path);
            case "PUT" -> as.put(path, body);
            default -> as.post(path, body, "Idempotency-Key", key);
        };
    }

    @Test
    @DisplayName("every endpoint × every caller: the allowed get through, the others get 403 or 404 and change nothing")
    void everyRoleOnEveryEndpoint() {
        var failures = new ArrayList<String>();
        int allowedCalls = 0;
        for (Endpoint endpoint : endpoints()) {
            for (Who who : endpoint.allowed()) {
                Fixture f = fixture();
                if (endpoint.name().equals("cancel closing") || endpoint.name().equals("read closing")) {
                    api.as(api.actors().merchant(f.shopId())).put("/api/v1/shops/" + f.shopId() + "/closing", Map.of(
                            "from", Instant.now().plus(2, ChronoUnit.DAYS).toString(),
                            "to", Instant.now().plus(3, ChronoUnit.DAYS).toString()));
                }
                Api.Reply reply = call(endpoint, who, f, "k-allowed-" + f.orderId());
                allowedCalls++;
                boolean through = reply.status() < 400 || endpoint.refusals().contains(reply.status());
                if (!through) {
                    failures.add(endpoint.name() + " as " + who + " should be allowed: " + reply);
                }
            }
        }

        Fixture shared = fixture();
        awaitQuiet();
        Map<String, String> before = snapshot();
        int deniedCalls = 0;
        for (Endpoint endpoint : endpoints()) {
            for (Who who : EnumSet.complementOf(EnumSet.copyOf(endpoint.allowed()))) {
                Api.Reply reply = call(endpoint, who, shared, "k-denied-" + endpoint.name().replace(' ', '-') + "-" + who);
                deniedCalls++;
                boolean hidden = endpoint.hidden().contains(who);
                int expected = hidden ? 404 : 403;
                String expectedType = hidden ? endpoint.hiddenAs() : "forbidden";
                if (reply.status() != expected || !expectedType.equals(reply.problem())
                        || !reply.contentType().startsWith("application/problem+json")) {
                    failures.add(endpoint.name() + " as " + who + " should be " + expected + " " + expectedType + ": " + reply);
                }
            }
        }
        Map<String, String> after = snapshot();
        System.out.printf("AccessMatrixTest: %d endpoints, %d allowed calls, %d denied calls%n", endpoints().size(),
                allowedCalls, deniedCalls);

        assertThat(failures).isEmpty();
        assertThat(after).as("the database after %d denied calls", deniedCalls).isEqualTo(before);
        assertThat(allowedCalls).isGreaterThanOrEqualTo(endpoints().size());
        assertThat(deniedCalls).isGreaterThan(100);
    }

    /** Every method a client could send; the table lists some of them per path, and only those get through. */
    private static final List<String> METHODS = List.of("GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS",
            "TRACE");

    /** A path's shape: the policy key varies between the policy endpoints' fixtures, the query is not the path. */
    private static String shape(String path) {
        return path.replaceFirst("^/api/v1/policies/[^/]+/", "/api/v1/policies/{key}/").replaceFirst("\\?.*$", "");
    }

    @Test
    @DisplayName("every method the table does not list (HEAD, OPTIONS, PATCH, TRACE, PUT on a GET path...) is refused"
            + " for every caller, with or without a token: 405 problem+json naming the listed methods; nothing changes")
    void unlistedMethodsAreRefused() {
        Fixture f = fixture();
        awaitQuiet();
        Map<String, Set<String>> listed = new java.util.TreeMap<>();
        Map<String, String> concrete = new java.util.TreeMap<>();
        for (Endpoint endpoint : endpoints()) {
            String path = endpoint.path().apply(f);
            listed.computeIfAbsent(shape(path), p -> new java.util.TreeSet<>()).add(endpoint.method());
            concrete.putIfAbsent(shape(path), path);
        }
        var callers = new java.util.LinkedHashMap<String, String>();
        for (Who who : Who.values()) {
            callers.put(who.name(), token(who, f));
        }
        callers.put("ANONYMOUS", null);
        Map<String, String> before = snapshot();
        var failures = new ArrayList<String>();
        var statuses = new java.util.TreeMap<String, Integer>();
        int refusedCalls = 0;
        for (var entry : listed.entrySet()) {
            String path = concrete.get(entry.getKey());
            for (String method : METHODS) {
                if (entry.getValue().contains(method)) {
                    continue;
                }
                Object body = Set.of("POST", "PUT", "PATCH").contains(method) ? Map.of() : null;
                for (var caller : callers.entrySet()) {
                    String key = "k-unlisted-" + method + "-" + caller.getKey() + "-" + refusedCalls;
                    // A browser's CORS preflight is one of these: OPTIONS without a token, refused like any other.
                    boolean preflight = method.equals("OPTIONS") && caller.getValue() == null;
                    Api.Reply reply = preflight
                            ? api.as(null).call(method, path, body, "Idempotency-Key", key, "Origin",
                                    "https://shop.example", "Access-Control-Request-Method", "GET")
                            : api.as(caller.getValue()).call(method, path, body, "Idempotency-Key", key);
                    refusedCalls++;
                    statuses.merge(method + " " + reply.status(), 1, Integer::sum);
                    boolean head = method.equals("HEAD"); // a HEAD reply has headers only
                    // TRACE never reaches the service's filters: the container refuses it itself, with its own Allow.
                    boolean trace = method.equals("TRACE");
                    String allow = reply.header("Allow");
                    if (reply.status() != 405 || !reply.contentType().startsWith("application/problem+json")
                            || (!head && !"method-not-allowed".equals(reply.problem()))
                            || reply.header("Access-Control-Allow-Origin") != null
                            || (!trace && (allow == null
                                    || !new java.util.TreeSet<>(List.of(allow.split(",\\s*"))).equals(entry.getValue())))) {
                        failures.add(method + " " + path + " as " + caller.getKey() + " should be 405 method-not-allowed"
                                + " Allow: " + entry.getValue() + ": " + reply + " Allow: " + allow);
                    }
                }
            }
        }
        Map<String, String> after = snapshot();
        System.out.printf("AccessMatrixTest: %d paths, %d calls with an unlisted method, answered %s%n", listed.size(),
                refusedCalls, statuses);

        assertThat(failures.size()).as("%d of %d calls not refused as they should be, the first:%n%s", failures.size(),
                refusedCalls, String.join("\n", failures.stream().limit(40).toList())).isZero();
        assertThat(after).as("the database after %d refused calls", refusedCalls).isEqualTo(before);
        assertThat(refusedCalls).isGreaterThan(1000);
    }

    @Test
    @DisplayName("a hidden order answers exactly as a missing one, so order ids cannot be probed")
    void hiddenLooksMissing() {
        Fixture f = fixture();
        Api.Reply someoneElses = api.as(api.actors().buyer("B-prober")).get("/api/v1/orders/" + f.orderId());
        Api.Reply missing = api.as(api.actors().buyer("B-prober")).get("/api/v1/orders/O-missing-" + run);

        assertThat(someoneElses.status()).isEqualTo(missing.status()).isEqualTo(404);
        assertThat(someoneElses.problem()).isEqualTo(missing.problem());
        assertThat(someoneElses.text("detail").replace(f.orderId(), "X"))
                .isEqualTo(missing.text("detail").replace("O-missing-" + run, "X"));
    }
}
