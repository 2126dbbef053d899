package io.miaotui.server.refund;

import static org.assertj.core.api.Assertions.assertThat;

import io.miaotui.server.support.Api;
import io.miaotui.server.support.LockWaiters;
import io.miaotui.server.support.WriterService;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The storm bench saw a retry (same key, same body) that arrived while its original was still in its transaction
 * answered 422 amount-exceeds-refundable instead of 200: the key was looked up in the snapshot taken before the
 * statement waited for the line's lock, and the line re-read after the wait already held the original's money.
 * A buyer was told the refund failed while it existed.
 * <p>
 * Within one instance, group commit hands a retry to its original's writer (writers are chosen by order id), so
 * the two never wait for the line side by side; across instances, or with group commit off, they do, each in its
 * own transaction. This test runs a service of its own with group commit off to make that race, as a second
 * instance would.
 */
class RetryRacingItsOriginalTest {
    private static final Instant PAID_AT = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    private static WriterService service;

    @BeforeAll
    static void start() {
        service = WriterService.start("miaotui-race-", 0, PAID_AT);
    }

    @AfterAll
    static void stop() {
        service.close();
    }

    @Test
    @DisplayName("a retry that waited for its original's line lock is a replay, not a refusal")
    void retryWaitingForTheLineIsAReplay() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String shopId = "S-" + run;
        assertThat(service.api().put("/api/v1/shops/" + shopId, Map.of("name", "Shop", "channel", "TAOBAO")).status())
                .isEqualTo(200);
        String orderId = "O-" + run;
        assertThat(service.api().post("/api/v1/orders", Map.of("orderId", orderId, "shopId", shopId,
                "buyerId", "B-" + orderId, "paidAt", PAID_AT.toString(), "currency", "CNY", "lines", List.of(Map.of(
                "lineId", "L-1", "sku", "SKU-1", "quantity", 1, "paidAmount", "80.00")))).status()).isEqualTo(201);
        String key = "race-" + run;
        Api buyer = service.api().as(service.api().actors().buyer("B-" + orderId));
        Map<String, Object> body = Map.of("orderId", orderId, "lineId", "L-1", "amount", "80.00",
                "reason", "ordered twice by mistake");
        ExecutorService senders = Executors.newFixedThreadPool(2);
        try (Connection holder = service.dataSource().getConnection()) {
            holder.setAutoCommit(false);
            try (PreparedStatement lock = holder.prepareStatement(
                    "select 1 from order_lines where order_id = ? and line_id = 'L-1' for update")) {
                lock.setString(1, orderId);
                lock.executeQuery().close();
            }
            Future<Api.Reply> original = senders.submit(() -> buyer.post("/api/v1/refunds", body, "Idempotency-Key", key));
            LockWaiters.await(service.jdbc(), 1);
            Future<Api.Reply> retry = senders.submit(() -> buyer.post("/api/v1/refunds", body, "Idempotency-Key", key));
            LockWaiters.await(service.jdbc(), 2);
            holder.rollback(); // both go on: the original first, the retry after it

            List<Api.Reply> replies = List.of(original.get(), retry.get());
            assertThat(replies).extracting(Api.Reply::status).as("%s", replies).containsExactlyInAnyOrder(201, 200);
            assertThat(replies.get(0).text("refundId")).isEqualTo(replies.get(1).text("refundId"));
        } finally {
            senders.shutdownNow();
        }
        assertThat(service.jdbc().sql("select count(*) from refunds where order_id = ?").param(orderId).query(Long.class).single())
                .isEqualTo(1);
    }
}
