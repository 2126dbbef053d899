package io.miaotui.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.miaotui.server.support.Api;
import io.miaotui.server.support.ApiTestBase;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Every endpoint that accepts an instant, fed instants PostgreSQL or the domain cannot hold (years 300000 and
 * -5000, before 1970, from 9000 on): each is a 422 naming the field, never a 500, and changes nothing.
 */
class InstantRangeTest extends ApiTestBase {

    private static final List<String> ODD = List.of("+300000-01-01T00:00:00Z", "-5000-01-01T00:00:00Z",
            "+200000-01-01T00:00:00Z", "+10000-01-01T00:00:00Z", "9000-01-01T00:00:00Z", "9999-12-31T23:59:59Z",
            "0000-01-01T00:00:00Z", "1582-10-10T00:00:00Z", "1969-12-31T23:59:59.999999Z");

    /** One field of one endpoint: how to call it with {@code value} in that field and sane values elsewhere. */
    private record Slot(String endpoint, String field, java.util.function.Function<String, Api.Reply> call) {
    }

    private static String q(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private List<Slot> slots(String shopId) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        String soon = now.plus(2, ChronoUnit.DAYS).toString();
        String later = now.plus(3, ChronoUnit.DAYS).toString();
        String past = now.minus(1, ChronoUnit.DAYS).toString();
        Api operator = api.as(api.actors().operator());
        Api merchant = api.as(api.actors().merchant(shopId));
        var slots = new ArrayList<Slot>();
        slots.add(new Slot("register order", "paidAt", v -> api.post("/api/v1/orders", order(shopId, v, null))));
        slots.add(new Slot("register order", "shipBy", v -> api.post("/api/v1/orders", order(shopId, past, v))));
        slots.add(new Slot("closing window", "from", v -> operator.put("/api/v1/closing-window",
                Map.of("from", v, "to", later, "maxDays", 10))));
        slots.add(new Slot("closing window", "to", v -> operator.put("/api/v1/closing-window",
                Map.of("from", past, "to", v, "maxDays", 10))));
        slots.add(new Slot("shop closing", "from", v -> merchant.put("/api/v1/shops/" + shopId + "/closing",
                Map.of("from", v, "to", later))));
        slots.add(new Slot("shop closing", "to", v -> merchant.put("/api/v1/shops/" + shopId + "/closing",
                Map.of("from", soon, "to", v))));
        slots.add(new Slot("shop metrics", "from", v -> merchant.get("/api/v1/shops/" + shopId + "/metrics?from=" + q(v)
                + "&to=" + q(now.toString()))));
        slots.add(new Slot("shop metrics", "to", v -> merchant.get("/api/v1/shops/" + shopId + "/metrics?from=" + q(past)
                + "&to=" + q(v))));
        slots.add(new Slot("shop metrics (to alone)", "to", v -> merchant.get("/api/v1/shops/" + shopId + "/metrics?to=" + q(v))));
        slots.add(new Slot("what-if", "from", v -> operator.post("/api/v1/policies/taobao-unshipped/what-if",
                Map.of("expression", "!line.shipped", "from", v, "to", now.toString()))));
        slots.add(new Slot("what-if", "to", v -> operator.post("/api/v1/policies/taobao-unshipped/what-if",
                Map.of("expression", "!line.shipped", "from", past, "to", v))));
        slots.add(new Slot("gray report", "from", v -> operator.get("/api/v1/policies/taobao-unshipped/gray-report?from="
                + q(v) + "&to=" + q(now.toString()))));
        slots.add(new Slot("gray report", "to", v -> operator.get("/api/v1/policies/taobao-unshipped/gray-report?from="
                + q(past) + "&to=" + q(v))));
        slots.add(new Slot("gray report (to alone)", "to", v -> operator.get(
                "/api/v1/policies/taobao-unshipped/gray-report?to=" + q(v))));
        slots.add(new Slot("reconciliation", "from", v -> operator.get("/api/v1/reconciliation?from=" + q(v) + "&to="
                + q(now.toString()))));
        slots.add(new Slot("reconciliation", "to", v -> operator.get("/api/v1/reconciliation?from=" + q(past) + "&to="
                + q(v))));
        slots.add(new Slot("audit log", "from", v -> operator.get("/api/v1/audit?from=" + q(v))));
        slots.add(new Slot("audit log", "to", v -> operator.get("/api/v1/audit?to=" + q(v))));
        return slots;
    }

    private Map<String, Object> order(String shopId, String paidAt, String shipBy) {
        var body = new HashMap<String, Object>(orderBody(shopId, "O-" + UUID.randomUUID(), Instant.EPOCH,
                List.of(Map.of("lineId", "L-1", "sku", "tea", "quantity", 1, "paidAmount", "10.00"))));
        body.put("paidAt", paidAt);
        if (shipBy != null) {
            body.put("shipBy", shipBy);
        }
        return body;
    }

    @Test
    @DisplayName("an instant out of range on any endpoint is a 422 naming the field, and changes nothing")
    void oddInstantsAreRefused() {
        String shopId = shop("TAOBAO");
        awaitQuiet();
        Map<String, String> before = snapshot();
        var failures = new ArrayList<String>();
        int calls = 0;
        for (Slot slot : slots(shopId)) {
            for (String value : ODD) {
                Api.Reply reply = slot.call().apply(value);
                calls++;
                boolean named = reply.body().get("errors") instanceof List<?> errors && errors.stream()
                        .anyMatch(e -> e instanceof Map<?, ?> m && slot.field().equals(m.get("field")));
                if (reply.status() != 422 || !"invalid-request".equals(reply.problem()) || !named) {
                    failures.add(slot.endpoint() + " " + slot.field() + "=" + value + ": " + reply);
                }
            }
        }
        System.out.printf("InstantRangeTest: %d calls, %d failures%n", calls, failures.size());

        assertThat(failures).isEmpty();
        assertThat(snapshot()).isEqualTo(before);
    }

    @Test
    @DisplayName("the edges of the range are accepted, and an order paid at the last moment still ships and refunds")
    void edgesAreAccepted() {
        String shopId = shop("TAOBAO");
        for (String paidAt : List.of("1970-01-01T00:00:00Z", "8999-12-31T23:59:59.999999Z")) {
            String orderId = "O-" + UUID.randomUUID();
            var body = new HashMap<String, Object>(orderBody(shopId, orderId, Instant.EPOCH,
                    List.of(Map.of("lineId", "L-1", "sku", "tea", "quantity", 1, "paidAmount", "10.00"),
                            Map.of("lineId", "L-2", "sku", "pot", "quantity", 1, "paidAmount", "20.00"))));
            body.put("paidAt", paidAt);

            Api.Reply registered = api.post("/api/v1/orders", body);
            Api.Reply refunded = refund("k-" + orderId, orderId, "L-1", null);
            Api.Reply shipped = ship(orderId, "L-2", "SF-" + orderId);

            assertThat(registered.status()).as("%s: %s", paidAt, registered).isEqualTo(201);
            assertThat(Instant.parse(registered.text("paidAt"))).isEqualTo(Instant.parse(paidAt));
            assertThat(Instant.parse(registered.text("shipBy"))).isAfter(Instant.parse(paidAt));
            assertThat(refunded.status()).as("%s: %s", paidAt, refunded).isEqualTo(201);
            assertThat(shipped.status()).as("%s: %s", paidAt, shipped).isEqualTo(201);
        }
        Api operator = api.as(api.actors().operator());
        String wholeRange = "from=" + q("1970-01-01T00:00:00Z") + "&to=" + q("8999-12-31T23:59:59.999999Z");
        assertThat(operator.get("/api/v1/audit?" + wholeRange + "&subject=shop:" + shopId).status()).isEqualTo(200);
        Api.Reply unfiltered = operator.get("/api/v1/audit?" + wholeRange + "&size=1");
        assertThat(unfiltered.status()).as("%s", unfiltered).isEqualTo(200);
        assertThat(unfiltered.list("entries")).hasSize(1);
    }
}
