package io.miaotui.server.payout;

import static org.assertj.core.api.Assertions.assertThat;

import io.miaotui.server.support.ApiTestBase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A payout updates its refund in place (V27): PostgreSQL writes a heap-only version on the same page and touches
 * no index, which it does only when no column the update changes is in a b-tree's key or predicate.
 */
class PaidInPlaceTest extends ApiTestBase {
    /** What {@code PayoutOutbox.settle} sets on a refund it pays. */
    private static final List<String> PAYOUT_SETS = List.of("status", "paid_at", "gateway_reference");
    /** Whether a refund's current row is a heap-only version (HEAP_ONLY_TUPLE, 0x8000 in t_infomask2). */
    private static final String HEAP_ONLY = """
            select (p.t_infomask2 & 32768) <> 0
            from refunds r,
                lateral heap_page_items(get_raw_page('refunds', (r.ctid::text::point)[0]::int)) p
            where r.refund_id = ? and p.lp = (r.ctid::text::point)[1]::int
            """;

    @Autowired
    DataSource dataSource;

    @Autowired
    PayoutWorker payouts;

    @Test
    @DisplayName("no b-tree on refunds has a column a payout changes, in its key or its predicate")
    void noIndexNamesWhatAPayoutChanges() {
        // an index depends on every column of its key, expressions and predicate (pg_depend)
        List<String> blocking = jdbc.sql("""
                select i.relname || '(' || a.attname || ')'
                from pg_depend d
                join pg_class i on i.oid = d.objid and d.classid = 'pg_class'::regclass and i.relkind = 'i'
                join pg_am am on am.oid = i.relam
                join pg_attribute a on a.attrelid = d.refobjid and a.attnum = d.refobjsubid
                where d.refobjid = 'refunds'::regclass and am.amname <> 'brin' and a.attname = any(?)
                order by 1
                """)
                .param(PAYOUT_SETS.toArray(String[]::new))
                .query(String.class).list();

        assertThat(blocking).isEmpty();
    }

    @Test
    @DisplayName("a paid refund's row is a heap-only version: the payout touched no index")
    void aPaidRefundIsAHeapOnlyVersion() {
        String orderId = order("TMALL", "30.00");
        String refundId = paidRefund(orderId, "12.00");
        jdbc.sql("create extension if not exists pageinspect").update();

        // a version only its HOT chain points to, no index
        Boolean heapOnly = jdbc.sql(HEAP_ONLY).param(refundId).query(Boolean.class).single();

        assertThat(heapOnly).isTrue();
    }

    /**
     * In a storm a batch of refunds is written before their payouts settle, and the transactions in flight keep
     * the old versions from being pruned for a while; so the page a refund was written on must have room for the
     * paid versions of all its rows without pruning (V28). Here the refunds are all approved before the payout
     * worker pays any of them, and an open snapshot keeps every old version: with V27's fillfactor of 70 only
     * about half of them were paid in place.
     */
    @Test
    @DisplayName("refunds written together and paid while an older snapshot keeps every old version stay on their pages")
    void paidInPlaceWhileASnapshotKeepsOldVersions() throws Exception {
        jdbc.sql("create extension if not exists pageinspect").update();
        String shopId = shop("TMALL");
        var refundIds = new ArrayList<String>();
        try (Connection older = dataSource.getConnection()) {
            older.setAutoCommit(false);
            older.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            try (Statement s = older.createStatement(); ResultSet rs = s.executeQuery("select count(*) from refunds")) {
                rs.next(); // the snapshot is taken: no version newer than it may be pruned until it ends
            }
            payouts.stop();
            try {
                for (int i = 0; i < 30; i++) {
                    String orderId = order(shopId, "O-" + UUID.randomUUID(), Instant.now(), "30.00");
                    refundIds.add(refund(run, orderId, "L-1", "12.00").text("refundId"));
                }
            } finally {
                payouts.start();
            }
            for (String id : refundIds) {
                awaitRefund(id, r -> "PAID".equals(r.text("status")), Duration.ofSeconds(10));
            }
            older.rollback();
        }

        long inPlace = refundIds.stream()
                .filter(id -> jdbc.sql(HEAP_ONLY).param(id).query(Boolean.class).single())
                .count();

        assertThat(inPlace).as("refunds paid on their own page, of %d", refundIds.size()).isGreaterThanOrEqualTo(27);
    }
}
