package io.miaotui.server.payout;

import static org.assertj.core.api.Assertions.assertThat;

import io.miaotui.server.support.ApiTestBase;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A payout updates its refund in place (V27): PostgreSQL writes a heap-only version on the same page and touches
 * no index, which it does only when no column the update changes is in a b-tree's key or predicate.
 */
class PaidInPlaceTest extends ApiTestBase {
    /** What {@code PayoutOutbox.settle} sets on a refund it pays. */
    private static final List<String> PAYOUT_SETS = List.of("status", "paid_at", "gateway_reference");

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

        // HEAP_ONLY_TUPLE (0x8000 in t_infomask2): a version only its HOT chain points to, no index
        Boolean heapOnly = jdbc.sql("""
                select (p.t_infomask2 & 32768) <> 0
                from refunds r,
                    lateral heap_page_items(get_raw_page('refunds', (r.ctid::text::point)[0]::int)) p
                where r.refund_id = ? and p.lp = (r.ctid::text::point)[1]::int
                """)
                .param(refundId)
                .query(Boolean.class).single();

        assertThat(heapOnly).isTrue();
    }
}
