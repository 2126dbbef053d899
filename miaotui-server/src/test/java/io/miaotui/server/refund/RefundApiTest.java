package io.miaotui.server.refund;

import static org.assertj.core.api.Assertions.assertThat;

import io.miaotui.server.support.Api;
import io.miaotui.server.support.ApiTestBase;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class RefundApiTest extends ApiTestBase {

    private static final Duration ONE_SECOND = Duration.ofSeconds(1);

    @Test
    @DisplayName("a taobao line of 499.00 is refunded instantly and paid within a second")
    void taobaoInstantAndPaid() {
        String orderId = order("TAOBAO", "499.00");
        Api.Reply created = refund(run + "-k1", orderId, "L-1", null);

        assertThat(created.status()).isEqualTo(201);
        assertThat(created.text("status")).isIn("APPROVED", "PAID");
        assertThat(created.text("amount")).isEqualTo("499.00");
        Map<String, Object> decision = created.map("decision");
        assertThat(decision).containsEntry("instant", true).containsEntry("policy", "taobao-unshipped")
                .containsEntry("policyVersion", 1);
        assertThat((String) decision.get("explanation")).contains("line.paidAmount <= 50000\" held")
                .contains("¥499.00");

        Instant asked = Instant.now();
        Api.Reply paid = awaitRefund(created.text("refundId"), r -> "PAID".equals(r.text("status")), ONE_SECOND);
        assertThat(paid.text("status")).as("paid within 1 s of approval (asked at %s)", asked).isEqualTo("PAID");
        assertThat(paid.text("paidAt")).isNotNull();
        assertThat(line(orderId, "L-1")).containsEntry("status", "REFUNDED").containsEntry("refundedAmount", "499.00")
                .containsEntry("refundableAmount", "0.00");
        assertThat(gateway.hasPaid(new io.miaotui.refund.RefundId(created.text("refundId")))).isTrue();
    }

    @Test
    @DisplayName("a taobao line of exactly 500.00 is instant, 500.01 goes to merchant review")
    void taobaoEdge() {
        Api.Reply atLimit = refund(run + "-a", order("TAOBAO", "500.00"), "L-1", null);
        Api.Reply overLimit = refund(run + "-b", order("TAOBAO", "500.01"), "L-1", null);

        assertThat(atLimit.map("decision")).containsEntry("instant", true);
        assertThat(overLimit.status()).isEqualTo(201);
        assertThat(overLimit.text("status")).isEqualTo("PENDING_MERCHANT_REVIEW");
        assertThat(overLimit.map("decision")).containsEntry("instant", false);
        assertThat((String) overLimit.map("decision").get("explanation")).contains("500.01");
    }

    @Test
    @DisplayName("a tmall line of 100000.00 is refunded instantly")
    void tmallAnyAmount() {
        Api.Reply reply = refund(run, order("TMALL", "100000.00"), "L-1", null);

        assertThat(reply.status()).isEqualTo(201);
        assertThat(reply.map("decision")).containsEntry("instant", true).containsEntry("policy", "tmall-unshipped");
    }

    @Test
    @DisplayName("a shipped line goes to merchant review even on tmall")
    void shippedLineIsReviewed() {
        String orderId = order("TMALL", "10.00");
        assertThat(ship(orderId, "L-1", "SF1").status()).isEqualTo(201);

        Api.Reply reply = refund(run, orderId, "L-1", null);

        assertThat(reply.text("status")).isEqualTo("PENDING_MERCHANT_REVIEW");
        assertThat((String) reply.map("decision").get("explanation")).contains("shipped");
    }

    @Test
    @DisplayName("the same key with the same body replays the refund with 200; another body is a 422")
    void idempotentReplay() {
        String orderId = order("TAOBAO", "80.00");
        Api.Reply first = refund(run, orderId, "L-1", "30");
        Api.Reply again = refund(run, orderId, "L-1", "30.00");
        Api.Reply other = refund(run, orderId, "L-1", "31.00");

        assertThat(first.status()).isEqualTo(201);
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.text("refundId")).isEqualTo(first.text("refundId"));
        assertThat(again.text("createdAt")).as("read back exactly as first answered").isEqualTo(first.text("createdAt"));
        assertThat(other.status()).isEqualTo(422);
        assertThat(other.problem()).isEqualTo("idempotency-key-reused");
        assertThat(other.text("detail")).isEqualTo("Idempotency key '" + run + "' was used for a different refund "
                + "request (" + first.text("refundId") + ").");
        assertThat(jdbc.sql("select count(*) from refunds where order_id = ?").param(orderId).query(Long.class).single())
                .isEqualTo(1);
    }

    @Test
    @DisplayName("a refund without an Idempotency-Key header is a 400 and creates nothing")
    void keyRequired() {
        String orderId = order("TAOBAO", "80.00");
        Api.Reply reply = api.post("/api/v1/refunds", Map.of("orderId", orderId, "lineId", "L-1"));

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.problem()).isEqualTo("idempotency-key-missing");
        assertThat(reply.contentType()).startsWith("application/problem+json");
        assertThat(line(orderId, "L-1")).containsEntry("status", "PAID");
    }

    @Test
    @DisplayName("partial refunds add up to the paid amount and no further")
    void partialRefundsAddUp() {
        String orderId = order("TAOBAO", "100.00");

        assertThat(refund(run + "-1", orderId, "L-1", "60").status()).isEqualTo(201);
        Api.Reply tooMuch = refund(run + "-2", orderId, "L-1", "40.01");
        Api.Reply rest = refund(run + "-3", orderId, "L-1", null);
        Api.Reply nothingLeft = refund(run + "-4", orderId, "L-1", null);

        assertThat(tooMuch.status()).isEqualTo(422);
        assertThat(tooMuch.problem()).isEqualTo("amount-exceeds-refundable");
        assertThat(tooMuch.text("refundable")).isEqualTo("40.00");
        assertThat(tooMuch.text("detail")).isEqualTo("Line L-1 of order " + orderId
                + " can refund at most 40.00; asked 40.01.");
        assertThat(rest.status()).isEqualTo(201);
        assertThat(rest.text("amount")).isEqualTo("40.00");
        assertThat(nothingLeft.status()).isEqualTo(422);
        assertThat(nothingLeft.text("refundable")).isEqualTo("0.00");
        awaitRefund(rest.text("refundId"), r -> "PAID".equals(r.text("status")), ONE_SECOND);
        assertThat(line(orderId, "L-1")).containsEntry("refundedAmount", "100.00").containsEntry("status", "REFUNDED");
    }

    @Test
    @DisplayName("bad amounts are 422s naming the field and change nothing")
    void badAmounts() {
        String orderId = order("TAOBAO", "100.00");
        for (String amount : new String[] {"0", "0.00", "-1", "1.234", "1e2", "NaN", "abc", ""}) {
            Api.Reply reply = refund(run + amount, orderId, "L-1", amount);
            assertThat(reply.status()).as("amount %s", amount).isEqualTo(422);
            assertThat(reply.problem()).isEqualTo("invalid-request");
            assertThat(reply.list("errors")).extracting(e -> e.get("field")).containsExactly("amount");
        }
        assertThat(line(orderId, "L-1")).containsEntry("status", "PAID").containsEntry("refundableAmount", "100.00");
    }

    @Test
    @DisplayName("refunds of unknown orders and lines are 404s")
    void unknownOrderAndLine() {
        String orderId = order("TAOBAO", "10.00");

        assertThat(refund(run + "-o", "O-nope-" + run, "L-1", null).problem()).isEqualTo("order-not-found");
        assertThat(refund(run + "-l", orderId, "L-9", null).problem()).isEqualTo("line-not-found");
        assertThat(api.get("/api/v1/refunds/not-a-refund").problem()).isEqualTo("refund-not-found");
        String noSuchRefund = java.util.UUID.randomUUID().toString();
        assertThat(api.get("/api/v1/refunds/" + noSuchRefund).problem()).isEqualTo("refund-not-found");
        assertThat(api.get("/api/v1/refunds/" + noSuchRefund + "/history").problem()).isEqualTo("refund-not-found");
        assertThat(api.get("/api/v1/refunds/01a216bb-846c-77e2-b693-28bddec6f1d2").status()).isEqualTo(404);
    }

    @Test
    @DisplayName("a merchant approves a pending refund and it is paid; approving again is a 409")
    void merchantApproves() {
        String orderId = order("TAOBAO", "800.00");
        String refundId = refund(run, orderId, "L-1", null).text("refundId");

        Api.Reply approved = api.post("/api/v1/refunds/" + refundId + "/approve", Map.of());
        Api.Reply paid = awaitRefund(refundId, r -> "PAID".equals(r.text("status")), ONE_SECOND);
        Api.Reply again = api.post("/api/v1/refunds/" + refundId + "/approve", Map.of());

        assertThat(approved.status()).isEqualTo(200);
        assertThat(approved.text("status")).isIn("APPROVED", "PAID");
        assertThat(paid.text("status")).isEqualTo("PAID");
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.problem()).isEqualTo("refund-not-pending");
        assertThat(line(orderId, "L-1")).containsEntry("refundedAmount", "800.00");
    }

    @Test
    @DisplayName("a merchant rejects a pending refund with a reason and the money stays refundable")
    void merchantRejects() {
        String orderId = order("TAOBAO", "800.00");
        String refundId = refund(run, orderId, "L-1", "300").text("refundId");
        assertThat(line(orderId, "L-1")).containsEntry("status", "REFUNDING").containsEntry("refundableAmount", "500.00");

        Api.Reply noReason = api.post("/api/v1/refunds/" + refundId + "/reject", Map.of());
        Api.Reply rejected = api.post("/api/v1/refunds/" + refundId + "/reject", Map.of("reason", "buyer confirmed"));
        Api.Reply approveAfter = api.post("/api/v1/refunds/" + refundId + "/approve", Map.of());

        assertThat(noReason.status()).isEqualTo(422);
        assertThat(rejected.status()).isEqualTo(200);
        assertThat(rejected.text("status")).isEqualTo("REJECTED");
        assertThat(rejected.text("rejectionReason")).isEqualTo("buyer confirmed");
        assertThat(approveAfter.status()).isEqualTo(409);
        assertThat(line(orderId, "L-1")).containsEntry("status", "PAID").containsEntry("refundableAmount", "800.00");
    }

    @Test
    @DisplayName("rejecting an instant refund is a 409: only pending refunds are the merchant's to decide")
    void cannotRejectInstant() {
        String refundId = refund(run, order("TMALL", "10.00"), "L-1", null).text("refundId");

        Api.Reply reply = api.post("/api/v1/refunds/" + refundId + "/reject", Map.of("reason", "no"));

        assertThat(reply.status()).isEqualTo(409);
        assertThat(reply.problem()).isEqualTo("refund-not-pending");
        assertThat(reply.text("detail")).isEqualTo("Refund " + refundId + " is " + reply.text("refundStatus")
                + "; only a refund pending merchant review can be decided.");
        assertThat(reply.text("refundStatus")).isIn("APPROVED", "PAID");
    }

    @Test
    @DisplayName("a declining gateway is retried until the refund is paid, once")
    void declinedPayoutIsRetried() {
        long before = gateway.requestCount();
        gateway.declineNext(2);
        String refundId = refund(run, order("TMALL", "10.00"), "L-1", null).text("refundId");

        Api.Reply paid = awaitRefund(refundId, r -> "PAID".equals(r.text("status")), Duration.ofSeconds(5));

        assertThat(paid.text("status")).isEqualTo("PAID");
        assertThat(gateway.requestCount() - before).isGreaterThanOrEqualTo(3);
        assertThat(jdbc.sql("select count(*) from payout_outbox where refund_id = ?").param(refundId)
                .query(Long.class).single()).isZero();
    }
}
