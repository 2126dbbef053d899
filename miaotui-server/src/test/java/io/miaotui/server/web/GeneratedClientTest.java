package io.miaotui.server.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.miaotui.client.ApiClient;
import io.miaotui.client.ApiException;
import io.miaotui.client.api.AuditApi;
import io.miaotui.client.api.OrdersApi;
import io.miaotui.client.api.RefundsApi;
import io.miaotui.client.api.ShopsApi;
import io.miaotui.client.model.AuditEntry;
import io.miaotui.client.model.Decision;
import io.miaotui.client.model.LineBody;
import io.miaotui.client.model.LineView;
import io.miaotui.client.model.OrderBody;
import io.miaotui.client.model.Problem;
import io.miaotui.client.model.RefundBody;
import io.miaotui.client.model.RefundView;
import io.miaotui.client.model.ShipmentBody;
import io.miaotui.client.model.ShopBody;
import io.miaotui.server.support.ApiTestBase;
import io.miaotui.server.support.Poll;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The README's walk-through, through a Java client generated at build time from the committed openapi.json (which
 * OpenApiSnapshotTest keeps equal to the served document): what an integrator who generates a client gets.
 */
class GeneratedClientTest extends ApiTestBase {

    private ApiClient as(String token) {
        var client = new ApiClient();
        client.updateBaseUri("http://127.0.0.1:" + port);
        client.setRequestInterceptor(request -> request.header("Authorization", "Bearer " + token));
        return client;
    }

    @Test
    void the_readme_walk_through_runs_through_the_generated_client() throws Exception {
        String shopId = "S-" + run;
        String orderId = "O-" + run;
        String buyerId = "B-" + run;
        var orderSystem = as(api.actors().orderSystem());
        var buyer = as(api.actors().buyer(buyerId));
        var merchant = as(api.actors().merchant(shopId));
        var operator = as(api.actors().operator());

        // The order system registers a shop and a paid order (one line of 499.00, one of 800.00).
        var shop = new ShopsApi(orderSystem).putShop(shopId, new ShopBody().name("Tea House").channel(ShopBody.ChannelEnum.TAOBAO));
        assertThat(shop.getShopId()).isEqualTo(shopId);
        var order = new OrderBody().orderId(orderId).shopId(shopId).buyerId(buyerId)
                .paidAt(Instant.now().toString()).currency("CNY")
                .lines(List.of(new LineBody().lineId("L-1").sku("longjing-250g").quantity(1).paidAmount("499.00"),
                        new LineBody().lineId("L-2").sku("teapot").quantity(1).paidAmount("800.00")));
        var registered = new OrdersApi(orderSystem).registerOrderWithHttpInfo(order);
        assertThat(registered.getStatusCode()).isEqualTo(201);

        // The buyer asks for the unshipped 499.00 line: Taobao's rule grants it at once; the same key replays it.
        var refunds = new RefundsApi(buyer);
        var body = new RefundBody().orderId(orderId).lineId("L-1").reason("ordered twice");
        var instant = refunds.requestRefundWithHttpInfo(buyerId + "-refund-1", body);
        assertThat(instant.getStatusCode()).isEqualTo(201);
        RefundView granted = instant.getData();
        assertThat(granted.getAmount()).isEqualTo("499.00");
        assertThat(granted.getDecision().getInstant()).isTrue();
        assertThat(granted.getDecision().getPolicy()).isEqualTo("taobao-unshipped");
        var replay = refunds.requestRefundWithHttpInfo(buyerId + "-refund-1", body);
        assertThat(replay.getStatusCode()).isEqualTo(200);
        assertThat(replay.getData().getRefundId()).isEqualTo(granted.getRefundId());

        // A moment later it is paid and the line refunded.
        var paid = new AtomicReference<RefundView>();
        Poll.until(() -> {
            try {
                paid.set(refunds.getRefund(granted.getRefundId()));
            } catch (ApiException e) {
                throw new IllegalStateException(e);
            }
            return paid.get().getStatus() == RefundView.StatusEnum.PAID;
        }, Duration.ofSeconds(15));
        assertThat(paid.get().getStatus()).isEqualTo(RefundView.StatusEnum.PAID);
        assertThat(paid.get().getPaidAt()).isNotNull();
        assertThat(line(new OrdersApi(buyer).getOrder(orderId).getLines(), "L-1").getStatus())
                .isEqualTo(LineView.StatusEnum.REFUNDED);

        // 300 of the 800.00 line waits for the merchant; a shipment of that line meanwhile is intercepted.
        RefundView pending = refunds.requestRefund(buyerId + "-refund-2",
                new RefundBody().orderId(orderId).lineId("L-2").amount("300").reason("changed my mind"));
        assertThat(pending.getStatus()).isEqualTo(RefundView.StatusEnum.PENDING_MERCHANT_REVIEW);
        assertThat(pending.getReviewDeadline()).isNotNull();
        assertThat(pending.getPaidAt()).isNull();
        assertThat(pending.getDecision().getResolution()).isNull();
        ApiException intercepted = catchThrowableOfType(ApiException.class, () -> new OrdersApi(merchant)
                .shipLine(orderId, "L-2", new ShipmentBody().carrier("SF").trackingNo("SF1234567890")));
        assertThat(intercepted.getCode()).isEqualTo(409);
        Problem problem = merchant.getObjectMapper().readValue(intercepted.getResponseBody(), Problem.class);
        assertThat(problem.getType()).hasToString("https://miaotui.io/problems/refund-in-progress");
        assertThat(problem.getStatus()).isEqualTo(409);

        // The merchant approves it.
        RefundView approved = new RefundsApi(merchant).approveRefund(pending.getRefundId());
        assertThat(approved.getStatus()).isIn(RefundView.StatusEnum.APPROVED, RefundView.StatusEnum.PAID);
        assertThat(approved.getDecision()).extracting(Decision::getResolution).isEqualTo("MERCHANT_APPROVED");

        // Operators see who did what.
        List<AuditEntry> entries = new AuditApi(operator)
                .listAudit(null, null, null, "refund:" + pending.getRefundId(), null, null).getEntries();
        assertThat(entries).extracting(AuditEntry::getAction).contains("OPENED", "MERCHANT_APPROVED");
        assertThat(entries).extracting(AuditEntry::getActor)
                .contains("BUYER:" + buyerId, "MERCHANT:staff-of-" + shopId + "@" + shopId);
    }

    private static LineView line(List<LineView> lines, String lineId) {
        return lines.stream().filter(l -> lineId.equals(l.getLineId())).findFirst().orElseThrow();
    }
}
