package io.miaotui.server.refund;

import static org.assertj.core.api.Assertions.assertThat;

import io.miaotui.server.support.Api;
import io.miaotui.server.support.ApiTestBase;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * An Idempotency-Key belongs to the buyer who sends it: unique per (buyer, key). Another buyer's key is simply
 * a new request, and no answer names a refund the caller does not own.
 */
class IdempotencyKeyScopeTest extends ApiTestBase {

    private Api.Reply refundAs(String buyerId, String key, String orderId, String amount) {
        return api.as(api.actors().buyer(buyerId)).post("/api/v1/refunds",
                Map.of("orderId", orderId, "lineId", "L-1", "amount", amount, "reason", "mistaken order"),
                "Idempotency-Key", key);
    }

    private static String buyerOf(String orderId) {
        return "B-" + orderId; // as ApiTestBase registers orders
    }

    @Test
    @DisplayName("the same key from two buyers opens two refunds, and neither answer names the other's refund")
    void sameKeyTwoBuyers() {
        String key = "shared-" + run;
        String first = order("TAOBAO", "80.00");
        String second = order("TAOBAO", "80.00");

        Api.Reply a = refundAs(buyerOf(first), key, first, "10.00");
        Api.Reply b = refundAs(buyerOf(second), key, second, "10.00");

        assertThat(a.status()).as("first buyer: %s", a).isEqualTo(201);
        assertThat(b.status()).as("second buyer: %s", b).isEqualTo(201);
        assertThat(b.text("refundId")).isNotEqualTo(a.text("refundId"));
        assertThat(b.raw()).doesNotContain(a.text("refundId"));
        assertThat(b.text("orderId")).isEqualTo(second);
        // each buyer's replay finds their own refund, not the other's
        assertThat(refundAs(buyerOf(first), key, first, "10.00").text("refundId")).isEqualTo(a.text("refundId"));
        assertThat(refundAs(buyerOf(second), key, second, "10.00").text("refundId")).isEqualTo(b.text("refundId"));
    }

    @Test
    @DisplayName("another buyer's key with a different body is a new request, not a 422 naming their refund")
    void otherBuyersKeyOtherBody() {
        String key = "guessed-" + run;
        String victims = order("TAOBAO", "80.00");
        String probers = order("TAOBAO", "90.00");
        Api.Reply victim = refundAs(buyerOf(victims), key, victims, "10.00");

        Api.Reply prober = refundAs(buyerOf(probers), key, probers, "20.00");

        assertThat(victim.status()).isEqualTo(201);
        assertThat(prober.status()).as("%s", prober).isEqualTo(201);
        assertThat(prober.raw()).doesNotContain(victim.text("refundId"));
    }

    @Test
    @DisplayName("the same buyer's key on another order is a 422 that names only the buyer's own refund")
    void sameBuyerKeyOtherOrder() {
        String shopId = shop("TAOBAO");
        String buyer = "B-two-orders-" + run;
        String one = "O-" + run + "-1";
        String two = "O-" + run + "-2";
        for (String orderId : List.of(one, two)) {
            var body = new java.util.HashMap<>(orderBody(shopId, orderId, java.time.Instant.now(),
                    List.of(Map.of("lineId", "L-1", "sku", "tea", "quantity", 1, "paidAmount", "50.00"))));
            body.put("buyerId", buyer);
            assertThat(api.post("/api/v1/orders", body).status()).isEqualTo(201);
        }
        String key = "mine-" + run;
        Api.Reply first = refundAs(buyer, key, one, "10.00");

        Api.Reply reused = refundAs(buyer, key, two, "10.00");

        assertThat(first.status()).isEqualTo(201);
        assertThat(reused.status()).isEqualTo(422);
        assertThat(reused.problem()).isEqualTo("idempotency-key-reused");
        assertThat(reused.text("detail")).contains(first.text("refundId"));
        assertThat(jdbc.sql("select count(*) from refunds where buyer_id = ?").param(buyer).query(Long.class).single())
                .isEqualTo(1);
    }

    @Test
    @DisplayName("buyers sending the same key at the same moment each get their own 201")
    void sameKeyConcurrently() throws Exception {
        int buyers = 8;
        String key = "together-" + run;
        List<String> orders = new ArrayList<>();
        for (int i = 0; i < buyers; i++) {
            orders.add(order("TMALL", "30.00"));
        }
        var start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(buyers);
        try {
            List<Future<Api.Reply>> replies = new ArrayList<>();
            for (String orderId : orders) {
                replies.add(pool.submit(() -> {
                    start.await();
                    return refundAs(buyerOf(orderId), key, orderId, "30.00");
                }));
            }
            start.countDown();
            var ids = new java.util.HashSet<String>();
            for (int i = 0; i < buyers; i++) {
                Api.Reply reply = replies.get(i).get();
                assertThat(reply.status()).as("buyer %d: %s", i, reply).isEqualTo(201);
                assertThat(reply.text("orderId")).isEqualTo(orders.get(i));
                ids.add(reply.text("refundId"));
            }
            assertThat(ids).hasSize(buyers);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    @DisplayName("a key is kept as long as its refund: a month later the same request still replays")
    void keyOutlivesADay() {
        String orderId = order("TAOBAO", "80.00");
        String key = "old-" + run;
        Api.Reply first = refundAs(buyerOf(orderId), key, orderId, "10.00");
        jdbc.sql("update refunds set created_at = created_at - interval '30 days' where refund_id = ?")
                .param(first.text("refundId")).update();

        Api.Reply again = refundAs(buyerOf(orderId), key, orderId, "10.00");

        assertThat(again.status()).isEqualTo(200);
        assertThat(again.text("refundId")).isEqualTo(first.text("refundId"));
    }
}
