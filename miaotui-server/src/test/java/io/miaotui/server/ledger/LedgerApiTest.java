package io.miaotui.server.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import io.miaotui.server.support.Api;
import io.miaotui.server.support.ApiTestBase;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class LedgerApiTest extends ApiTestBase {

    private Api.Reply account(String name) {
        return api.get("/api/v1/ledger/accounts/" + name);
    }

    private String balance(String name) {
        return account(name).text("balance");
    }

    private List<String> entryKinds(String refundId) {
        return jdbc.sql("select kind from ledger_entries where refund_id = ? order by kind").param(refundId)
                .query(String.class).list();
    }

    private void assertLedgerBalanced() {
        Api.Reply check = api.get("/api/v1/ledger/check");
        assertThat(check.status()).isEqualTo(200);
        assertThat(check.list("violations")).as(check.raw()).isEmpty();
        assertThat(check.get("balanced")).isEqualTo(true);
    }

    @Test
    @DisplayName("a payment puts the order's total into its escrow, from the buyer")
    void paymentIntoEscrow() {
        String shopId = shop("TAOBAO");
        String orderId = order(shopId, "O-" + run, Instant.now(), "100.00", "50.50");

        Api.Reply escrow = account("escrow:" + orderId);

        assertThat(escrow.status()).isEqualTo(200);
        assertThat(escrow.text("balance")).isEqualTo("150.50");
        assertThat(escrow.list("entries")).extracting(e -> e.get("kind")).containsExactly("PAYMENT");
        assertThat(balance("buyer:B-" + orderId)).isEqualTo("-150.50");
        assertLedgerBalanced();
    }

    @Test
    @DisplayName("an instant refund leaves escrow once and reaches the gateway once")
    void instantRefundFlows() {
        String orderId = order("TMALL", "100.00");
        String refundId = refund(run, orderId, "L-1", "40").text("refundId");
        awaitRefund(refundId, r -> "PAID".equals(r.text("status")), Duration.ofSeconds(2));

        assertThat(balance("escrow:" + orderId)).isEqualTo("60.00");
        assertThat(entryKinds(refundId)).containsExactly("PAYOUT_CONFIRMED", "REFUND_APPROVED");
        assertThat(account("gateway-clearing").list("entries")).extracting(e -> e.get("refundId")).contains(refundId);
        assertLedgerBalanced();
    }

    @Test
    @DisplayName("a refund pending review stays in escrow; approved, it leaves and is paid; rejected, it never leaves")
    void pendingRefundStaysUntilApproved() {
        String approvedOrder = order("TAOBAO", "800.00");
        String approved = refund(run + "-a", approvedOrder, "L-1", "300").text("refundId");
        String rejectedOrder = order("TAOBAO", "800.00");
        String rejected = refund(run + "-r", rejectedOrder, "L-1", "300").text("refundId");

        assertThat(balance("escrow:" + approvedOrder)).isEqualTo("800.00");
        api.post("/api/v1/refunds/" + approved + "/approve", Map.of());
        api.post("/api/v1/refunds/" + rejected + "/reject", Map.of("reason", "received intact"));
        awaitRefund(approved, r -> "PAID".equals(r.text("status")), Duration.ofSeconds(2));

        assertThat(balance("escrow:" + approvedOrder)).isEqualTo("500.00");
        assertThat(entryKinds(approved)).containsExactly("PAYOUT_CONFIRMED", "REFUND_APPROVED");
        assertThat(balance("escrow:" + rejectedOrder)).isEqualTo("800.00");
        assertThat(entryKinds(rejected)).isEmpty();
        assertLedgerBalanced();
    }

    @Test
    @DisplayName("confirming receipt releases shipped lines less refunds to the merchant, once; unshipped lines stay")
    void receiptReleasesShippedLines() {
        String shopId = shop("TMALL");
        String orderId = order(shopId, "O-" + run, Instant.now(), "100.00", "50.00");
        String partial = refund(run + "-p", orderId, "L-1", "30").text("refundId");
        awaitRefund(partial, r -> "PAID".equals(r.text("status")), Duration.ofSeconds(2));
        assertThat(ship(orderId, "L-1", "SF-" + run).status()).isEqualTo(201);

        Api.Reply first = api.post("/api/v1/orders/" + orderId + "/confirm-receipt", Map.of());
        Api.Reply again = api.post("/api/v1/orders/" + orderId + "/confirm-receipt", Map.of());

        assertThat(first.status()).isEqualTo(200);
        assertThat(first.text("releasedAmount")).isEqualTo("70.00");
        assertThat(first.list("lines").get(0)).containsEntry("settledAmount", "70.00")
                .containsEntry("refundableAmount", "0.00");
        assertThat(first.list("lines").get(1)).containsEntry("settledAmount", "0.00").containsEntry("status", "PAID");
        assertThat(again.text("releasedAmount")).isEqualTo("0.00");
        assertThat(balance("merchant:" + shopId)).isEqualTo("70.00");
        assertThat(balance("escrow:" + orderId)).isEqualTo("50.00");
        Api.Reply afterSettlement = refund(run + "-late", orderId, "L-1", null);
        assertThat(afterSettlement.problem()).isEqualTo("amount-exceeds-refundable");
        assertThat(refund(run + "-b", orderId, "L-2", null).status()).as("the unshipped line is still refundable")
                .isEqualTo(201);
        assertLedgerBalanced();
    }

    @Test
    @DisplayName("a shipped line whose refund awaits review stays in escrow at receipt")
    void refundingLineStaysInEscrow() {
        String orderId = order("TAOBAO", "90.00");
        ship(orderId, "L-1", "SF-" + run);
        assertThat(refund(run, orderId, "L-1", null).text("status")).isEqualTo("PENDING_MERCHANT_REVIEW");

        Api.Reply confirmed = api.post("/api/v1/orders/" + orderId + "/confirm-receipt", Map.of());

        assertThat(confirmed.text("releasedAmount")).isEqualTo("0.00");
        assertThat(balance("escrow:" + orderId)).isEqualTo("90.00");
        assertThat(api.post("/api/v1/orders/O-none-" + run + "/confirm-receipt", Map.of()).problem())
                .isEqualTo("order-not-found");
    }

    @Test
    @DisplayName("the check finds an order whose escrow disagrees with its postings")
    void checkFindsViolations() {
        String orderId = order("TMALL", "20.00");
        jdbc.sql("update orders set escrow_fen = escrow_fen + 1 where order_id = ?").param(orderId).update();
        try {
            Api.Reply check = api.get("/api/v1/ledger/check");

            assertThat(check.get("balanced")).isEqualTo(false);
            assertThat(check.list("violations")).extracting(v -> v.get("rule") + " " + v.get("subject"))
                    .contains("escrow-matches-postings " + orderId, "escrow-is-paid-less-refunded-less-settled " + orderId);
        } finally {
            jdbc.sql("update orders set escrow_fen = escrow_fen - 1 where order_id = ?").param(orderId).update();
        }
        assertLedgerBalanced();
    }

    @Test
    @DisplayName("the check finds a line whose money disagrees with its refunds, and a refund closed offline without its entry")
    void checkFindsLineAndOfflineViolations() {
        String orderId = order("TMALL", "20.00");
        String refundId = paidRefund(orderId, "5.00");
        jdbc.sql("update order_lines set reserved_fen = reserved_fen + 1, open_refunds = open_refunds + 1"
                + " where order_id = ?").param(orderId).update();
        jdbc.sql("update refunds set status = 'REFUNDED_OFFLINE', paid_at = null where refund_id = ?").param(refundId)
                .update();
        try {
            Api.Reply check = api.get("/api/v1/ledger/check");

            assertThat(check.list("violations")).extracting(v -> v.get("rule") + " " + v.get("subject"))
                    .contains("line-money-matches-its-refunds " + orderId + "/L-1",
                            "offline-refund-has-one-entry " + refundId);
        } finally {
            jdbc.sql("update order_lines set reserved_fen = reserved_fen - 1, open_refunds = open_refunds - 1"
                    + " where order_id = ?").param(orderId).update();
            jdbc.sql("update refunds set status = 'PAID', paid_at = now() where refund_id = ?").param(refundId).update();
        }
        assertLedgerBalanced();
    }

    @Test
    @DisplayName("the check finds postings, entries, refunds, payouts and history steps that name what does not exist")
    void checkFindsRowsNamingWhatDoesNotExist() {
        String orderId = order("TMALL", "20.00");
        String refundId = paidRefund(orderId, "5.00");
        // no foreign key stops these any more (V26): the check must
        String entryId = "00000000-0000-7000-8000-0000" + run;
        String missingRefund = "00000000-0000-7000-9000-0000" + run;
        jdbc.sql("insert into ledger_postings (entry_id, account, amount_fen, currency) values (?, 'merchant:x', 1, 'CNY'),"
                + " (?, 'merchant:y', -1, 'CNY')").params(entryId, entryId).update();
        jdbc.sql("insert into ledger_entries (entry_id, kind, order_id, refund_id, created_at)"
                + " values (?, 'SETTLEMENT', ?, ?, now())").params(missingRefund, "O-none-" + run, missingRefund).update();
        jdbc.sql("insert into payout_outbox (refund_id, available_at) values (?, now() + interval '1 day')")
                .param(missingRefund).update();
        jdbc.sql("insert into refund_events (refund_id, at, event, actor) values (?, now(), 'OPENED', 'BUYER')")
                .param(missingRefund).update();
        jdbc.sql("update refunds set line_id = 'L-9' where refund_id = ?").param(refundId).update();
        try {
            Api.Reply check = api.get("/api/v1/ledger/check");

            assertThat(check.list("violations")).filteredOn(v -> "rows-name-what-exists".equals(v.get("rule")))
                    .extracting(v -> v.get("subject") + ": " + v.get("detail"))
                    .containsExactlyInAnyOrder(
                            entryId + ": posting to merchant:x of an entry that does not exist",
                            entryId + ": posting to merchant:y of an entry that does not exist",
                            missingRefund + ": entry of order O-none-" + run + ", which does not exist",
                            missingRefund + ": entry of refund " + missingRefund + ", which does not exist",
                            refundId + ": refund of line " + orderId + "/L-9, which does not exist",
                            missingRefund + ": payout waiting for a refund that does not exist",
                            missingRefund + ": history step OPENED of a refund that does not exist");
        } finally {
            jdbc.sql("update refunds set line_id = 'L-1' where refund_id = ?").param(refundId).update();
            jdbc.sql("delete from refund_events where refund_id = ?").param(missingRefund).update();
            jdbc.sql("delete from payout_outbox where refund_id = ?").param(missingRefund).update();
            jdbc.sql("delete from ledger_entries where entry_id = ?").param(missingRefund).update();
            jdbc.sql("delete from ledger_postings where entry_id = ?").param(entryId).update();
        }
        assertLedgerBalanced();
    }

    @Test
    @DisplayName("an unknown kind of account or a page size out of range is a 422")
    void badAccountQueries() {
        assertThat(account("wallet:1").status()).isEqualTo(422);
        assertThat(api.get("/api/v1/ledger/accounts/gateway-clearing?size=0").status()).isEqualTo(422);
        assertThat(account("escrow:O-never-" + run).text("balance")).isEqualTo("0.00");
    }

    @Test
    @DisplayName("the database refuses an entry that does not balance and an escrow that goes negative")
    void databaseGuards() {
        String orderId = order("TMALL", "10.00");
        var unbalanced = org.assertj.core.api.Assertions.catchThrowable(() -> jdbc.sql("""
                select ledger_append(array['00000000-0000-7000-8000-000000000001']::char(36)[], array['SETTLEMENT'],
                    array[?]::varchar[], array[null]::char(36)[], now(), 'CNY',
                    array['00000000-0000-7000-8000-000000000001','00000000-0000-7000-8000-000000000001']::char(36)[],
                    array['escrow:' || ?, 'merchant:x']::varchar[], array[-500, 499]::bigint[])
                """).params(orderId, orderId).query(Integer.class).single());
        var negative = org.assertj.core.api.Assertions.catchThrowable(() -> jdbc.sql(
                "update orders set escrow_fen = -1 where order_id = ?").param(orderId).update());

        assertThat(unbalanced).hasMessageContaining("does not balance");
        assertThat(negative).hasMessageContaining("escrow_never_negative");
        assertThat(balance("escrow:" + orderId)).isEqualTo("10.00");
    }
}
