package io.miaotui.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.miaotui.server.support.Api;
import io.miaotui.server.support.ApiTestBase;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class StrictInputTest extends ApiTestBase {

    private Api.Reply refundRaw(String json) {
        return api.postRaw("/api/v1/refunds", json, "application/json", "Idempotency-Key", run + json.hashCode());
    }

    @Test
    @DisplayName("an amount sent as a JSON number, NaN or a quantity sent as a string is a 422 naming the field")
    void wrongTypesAreNamed() {
        String orderId = order("TAOBAO", "100.00");
        var replies = List.of(
                refundRaw("{\"orderId\":\"" + orderId + "\",\"lineId\":\"L-1\",\"amount\":10}"),
                refundRaw("{\"orderId\":\"" + orderId + "\",\"lineId\":\"L-1\",\"amount\":10.5}"),
                refundRaw("{\"orderId\":\"" + orderId + "\",\"lineId\":\"L-1\",\"amount\":true}"),
                refundRaw("{\"orderId\":\"" + orderId + "\",\"lineId\":\"L-1\",\"amount\":NaN}"));
        Api.Reply quantity = api.postRaw("/api/v1/orders", "{\"orderId\":\"O-" + run + "\",\"lines\":[{\"quantity\":\"2\"}]}",
                "application/json");

        for (Api.Reply reply : replies) {
            assertThat(reply.status()).as(reply.raw()).isEqualTo(422);
            assertThat(reply.list("errors")).extracting(e -> e.get("field")).containsExactly("amount");
            assertThat(reply.contentType()).startsWith("application/problem+json");
        }
        assertThat(quantity.status()).isEqualTo(422);
        assertThat(quantity.list("errors")).extracting(e -> e.get("field")).containsExactly("lines[0].quantity");
        assertThat(line(orderId, "L-1")).containsEntry("status", "PAID").containsEntry("refundableAmount", "100.00");
    }

    @Test
    @DisplayName("a query number that is not a number, or past what an int holds, is a 422 naming the parameter")
    void wrongQueryTypesAreNamed() {
        Api.Reply word = api.as(api.actors().operator()).get("/api/v1/reports/live?minutes=abc");
        Api.Reply huge = api.as(api.actors().operator()).get("/api/v1/reports/live?minutes=99999999999999999999");
        Api.Reply page = api.as(api.actors().merchant("S-" + run)).get("/api/v1/shops/S-" + run + "/refunds?page=x");

        for (var named : List.of(java.util.Map.entry("minutes", word), java.util.Map.entry("minutes", huge),
                java.util.Map.entry("page", page))) {
            Api.Reply reply = named.getValue();
            assertThat(reply.status()).as(reply.raw()).isEqualTo(422);
            assertThat(reply.problem()).isEqualTo("invalid-request");
            assertThat(reply.list("errors")).extracting(e -> e.get("field")).containsExactly(named.getKey());
            assertThat(reply.list("errors")).extracting(e -> e.get("message")).containsExactly("must be a whole number");
        }
    }

    @Test
    @DisplayName("a body over 64 KiB is refused with 413 problem+json before it is read")
    void oversizedBody() {
        String huge = "{\"orderId\":\"" + "x".repeat(70_000) + "\"}";

        Api.Reply reply = api.postRaw("/api/v1/orders", huge, "application/json");

        assertThat(reply.status()).isEqualTo(413);
        assertThat(reply.problem()).isEqualTo("payload-too-large");
        assertThat(reply.contentType()).startsWith("application/problem+json");
    }

    @Test
    @DisplayName("a request the servlet container itself rejects is answered as problem+json without internals")
    void containerErrors() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.getOutputStream().write(("GET /api/v1/orders/%zz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

            assertThat(answer).startsWith("HTTP/1.1 400");
            assertThat(answer).contains("application/problem+json").contains("/problems/malformed-request");
            assertThat(answer).doesNotContain("Exception").doesNotContain("at org.").doesNotContain("Tomcat");
        }
    }
}
