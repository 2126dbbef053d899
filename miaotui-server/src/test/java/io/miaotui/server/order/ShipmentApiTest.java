package io.miaotui.server.order;

import static org.assertj.core.api.Assertions.assertThat;

import io.miaotui.server.support.Api;
import io.miaotui.server.support.ApiTestBase;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ShipmentApiTest extends ApiTestBase {

    @Test
    @DisplayName("a line ships with 201; the same parcel again is a 200, another parcel a 409")
    void shipOnce() {
        String orderId = order("TAOBAO", "20.00");

        Api.Reply shipped = ship(orderId, "L-1", "SF100");
        Api.Reply again = ship(orderId, "L-1", "SF100");
        Api.Reply other = ship(orderId, "L-1", "SF200");

        assertThat(shipped.status()).isEqualTo(201);
        assertThat(shipped.text("status")).isEqualTo("SHIPPED");
        assertThat(again.status()).isEqualTo(200);
        assertThat(other.status()).isEqualTo(409);
        assertThat(other.problem()).isEqualTo("already-shipped");
        assertThat(line(orderId, "L-1")).containsEntry("status", "SHIPPED");
    }

    @Test
    @DisplayName("a shipment while a refund awaits review is intercepted with 409 refund-in-progress")
    void interceptedWhilePending() {
        String orderId = order("TAOBAO", "900.00");
        assertThat(refund(run, orderId, "L-1", null).text("status")).isEqualTo("PENDING_MERCHANT_REVIEW");

        Api.Reply reply = ship(orderId, "L-1", "SF1");

        assertThat(reply.status()).isEqualTo(409);
        assertThat(reply.problem()).isEqualTo("refund-in-progress");
        assertThat(line(orderId, "L-1")).containsEntry("status", "REFUNDING").containsEntry("shipment", null);
    }

    @Test
    @DisplayName("a fully refunded line cannot ship; after a partial refund is paid the rest can")
    void afterRefunds() {
        String full = order("TMALL", "30.00");
        String fullRefund = refund(run + "-f", full, "L-1", null).text("refundId");
        awaitRefund(fullRefund, r -> "PAID".equals(r.text("status")), Duration.ofSeconds(2));
        String partial = order("TMALL", "30.00");
        String partialRefund = refund(run + "-p", partial, "L-1", "10").text("refundId");
        awaitRefund(partialRefund, r -> "PAID".equals(r.text("status")), Duration.ofSeconds(2));

        Api.Reply fullShip = ship(full, "L-1", "SF1");
        Api.Reply partialShip = ship(partial, "L-1", "SF2");

        assertThat(fullShip.status()).isEqualTo(409);
        assertThat(fullShip.problem()).isEqualTo("refund-in-progress");
        assertThat(fullShip.text("lineStatus")).isEqualTo("REFUNDED");
        assertThat(partialShip.status()).isEqualTo(201);
        assertThat(line(partial, "L-1")).containsEntry("status", "SHIPPED").containsEntry("refundedAmount", "10.00");
    }

    @Test
    @DisplayName("shipping an unknown order or line is a 404; a shipment without a tracking number a 422")
    void unknownAndInvalid() {
        String orderId = order("TAOBAO", "20.00");

        assertThat(ship("O-none-" + run, "L-1", "SF1").problem()).isEqualTo("order-not-found");
        assertThat(ship(orderId, "L-7", "SF1").problem()).isEqualTo("line-not-found");
        Api.Reply missing = api.post("/api/v1/orders/" + orderId + "/lines/L-1/shipment", Map.of("carrier", "SF"));
        assertThat(missing.status()).isEqualTo(422);
        assertThat(missing.list("errors")).extracting(e -> e.get("field")).containsExactly("trackingNo");
        assertThat(line(orderId, "L-1")).containsEntry("status", "PAID");
    }
}
