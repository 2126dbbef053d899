package io.miaotui.server.order;

import static org.assertj.core.api.Assertions.assertThat;

import io.miaotui.server.support.Api;
import io.miaotui.server.support.ApiTestBase;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class OrderApiTest extends ApiTestBase {
    private static final Instant PAID_AT = Instant.parse("2026-11-11T00:00:05Z");

    private Map<String, Object> body(String shopId, String orderId, String amount) {
        return orderBody(shopId, orderId, PAID_AT,
                List.of(Map.of("lineId", "L-1", "sku", "tea", "quantity", 2, "paidAmount", amount),
                        Map.of("lineId", "L-2", "sku", "pot", "quantity", 1, "paidAmount", "0.5")));
    }

    @Test
    @DisplayName("an order registers with 201 and reads back with each line PAID")
    void registerAndRead() {
        String shopId = shop("TAOBAO");
        Api.Reply created = api.post("/api/v1/orders", body(shopId, "O-" + run, "499.5"));
        Api.Reply read = api.get("/api/v1/orders/O-" + run);

        assertThat(created.status()).isEqualTo(201);
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.text("paidAt")).isEqualTo("2026-11-11T00:00:05Z");
        assertThat(read.list("lines")).hasSize(2);
        assertThat(read.list("lines").get(0)).containsEntry("paidAmount", "499.50").containsEntry("status", "PAID")
                .containsEntry("refundedAmount", "0.00").containsEntry("quantity", 2);
        assertThat(read.list("lines").get(1)).containsEntry("paidAmount", "0.50");
    }

    @Test
    @DisplayName("the same order body again is a 200 replay; another body under the same id is a 409")
    void replayAndConflict() {
        String shopId = shop("TMALL");
        api.post("/api/v1/orders", body(shopId, "O-" + run, "10"));

        Api.Reply replay = api.post("/api/v1/orders", body(shopId, "O-" + run, "10.00"));
        Api.Reply conflict = api.post("/api/v1/orders", body(shopId, "O-" + run, "11.00"));

        assertThat(replay.status()).isEqualTo(200);
        assertThat(replay.text("orderId")).isEqualTo("O-" + run);
        assertThat(conflict.status()).isEqualTo(409);
        assertThat(conflict.problem()).isEqualTo("order-conflict");
        assertThat(line("O-" + run, "L-1")).containsEntry("paidAmount", "10.00");
    }

    @Test
    @DisplayName("an order for an unknown shop is a 422 and is not stored")
    void unknownShop() {
        Api.Reply reply = api.post("/api/v1/orders", body("S-missing-" + run, "O-" + run, "10"));

        assertThat(reply.status()).isEqualTo(422);
        assertThat(reply.problem()).isEqualTo("unknown-shop");
        assertThat(api.get("/api/v1/orders/O-" + run).status()).isEqualTo(404);
    }

    @Test
    @DisplayName("every invalid field of an order is named in one 422")
    void invalidFields() {
        String shopId = shop("TAOBAO");
        var body = Map.of("orderId", "O-" + run, "shopId", shopId, "buyerId", "", "paidAt", "yesterday",
                "currency", "USD", "lines", List.of(
                        Map.of("lineId", "L-1", "sku", "a", "quantity", 0, "paidAmount", "1"),
                        Map.of("lineId", "L-1", "sku", "b", "quantity", 1, "paidAmount", "1")));

        Api.Reply reply = api.post("/api/v1/orders", body);

        assertThat(reply.status()).isEqualTo(422);
        assertThat(reply.list("errors")).extracting(e -> e.get("field"))
                .contains("buyerId", "paidAt", "currency", "lines[0].quantity", "lines[1].lineId");
        assertThat(api.get("/api/v1/orders/O-" + run).status()).isEqualTo(404);
    }

    @Test
    @DisplayName("a bad line, a bad shipBy and a bad buyerCreditLevel together are all named in one 422")
    void invalidOptionalFieldsJoinTheOthers() {
        String shopId = shop("TAOBAO");
        var badShipBy = new HashMap<String, Object>(Map.of("orderId", "O-opt-" + run, "shopId", shopId,
                "buyerId", "B-1", "paidAt", "2026-11-01T10:00:00Z", "currency", "CNY",
                "lines", List.of(Map.of("lineId", "L-1", "sku", "a", "quantity", 0, "paidAmount", "1.00"))));
        badShipBy.put("shipBy", "soon");
        badShipBy.put("buyerCreditLevel", 5000);
        var shipBeforePaid = new HashMap<String, Object>(badShipBy);
        shipBeforePaid.put("orderId", "O-opt2-" + run);
        shipBeforePaid.put("shipBy", "2026-10-01T10:00:00Z");

        Api.Reply unparsable = api.post("/api/v1/orders", badShipBy);
        Api.Reply backwards = api.post("/api/v1/orders", shipBeforePaid);

        assertThat(unparsable.status()).isEqualTo(422);
        assertThat(unparsable.list("errors")).extracting(e -> e.get("field"))
                .containsExactlyInAnyOrder("lines[0].quantity", "shipBy", "buyerCreditLevel");
        assertThat(backwards.status()).isEqualTo(422);
        assertThat(backwards.list("errors")).extracting(e -> e.get("field"))
                .containsExactlyInAnyOrder("lines[0].quantity", "shipBy", "buyerCreditLevel");
        assertThat(api.get("/api/v1/orders/O-opt-" + run).status()).isEqualTo(404);
        assertThat(api.get("/api/v1/orders/O-opt2-" + run).status()).isEqualTo(404);
    }

    @Test
    @DisplayName("an order with no lines, a bad amount or an id over 64 characters is a 422")
    void moreInvalidOrders() {
        String shopId = shop("TAOBAO");
        Api.Reply noLines = api.post("/api/v1/orders", orderBody(shopId, "O-" + run, PAID_AT, List.of()));
        Api.Reply badAmount = api.post("/api/v1/orders", body(shopId, "O-" + run, "1.001"));
        var longIdBody = new java.util.HashMap<>(body(shopId, "O-" + run, "1"));
        longIdBody.put("orderId", "O-" + "x".repeat(63));
        Api.Reply longId = api.post("/api/v1/orders", longIdBody);

        assertThat(noLines.status()).isEqualTo(422);
        assertThat(noLines.list("errors")).extracting(e -> e.get("field")).containsExactly("lines");
        assertThat(badAmount.list("errors")).extracting(e -> e.get("field")).containsExactly("lines[0].paidAmount");
        assertThat(longId.list("errors")).extracting(e -> e.get("field")).containsExactly("orderId");
    }

    @Test
    @DisplayName("malformed JSON is a 400, an unknown field a 422, a wrong content type a 415, all problem+json")
    void malformedBodies() {
        Api.Reply malformed = api.postRaw("/api/v1/orders", "{\"orderId\":", "application/json");
        Api.Reply unknownField = api.postRaw("/api/v1/orders", "{\"orderId\":\"x\",\"surprise\":true}",
                "application/json");
        Api.Reply wrongType = api.postRaw("/api/v1/orders", "{\"lines\":{}}", "application/json");
        Api.Reply text = api.postRaw("/api/v1/orders", "hello", "text/plain");

        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.problem()).isEqualTo("malformed-request");
        assertThat(unknownField.status()).isEqualTo(422);
        assertThat(unknownField.list("errors")).extracting(e -> e.get("field")).containsExactly("surprise");
        assertThat(wrongType.status()).isEqualTo(422);
        assertThat(wrongType.list("errors")).extracting(e -> e.get("field")).containsExactly("lines");
        assertThat(text.status()).isEqualTo(415);
        for (Api.Reply reply : List.of(malformed, unknownField, wrongType, text)) {
            assertThat(reply.contentType()).startsWith("application/problem+json");
            assertThat(reply.raw()).doesNotContain("Exception").doesNotContain("tools.jackson");
        }
    }

    @Test
    @DisplayName("an unknown order is a 404, an unknown path a 404 and a wrong method a 405")
    void notFoundAndMethods() {
        assertThat(api.get("/api/v1/orders/O-none-" + run).problem()).isEqualTo("order-not-found");
        assertThat(api.get("/api/v1/no-such-thing").problem()).isEqualTo("not-found");
        assertThat(api.put("/api/v1/orders/O-1", Map.of()).status()).isEqualTo(405);
    }
}
