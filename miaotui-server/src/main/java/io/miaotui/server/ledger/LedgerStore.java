package io.miaotui.server.ledger;

import io.miaotui.ids.TimeOrderedIds;
import io.miaotui.ledger.Account;
import io.miaotui.ledger.LedgerEntry;
import io.miaotui.server.database.OneRoundTrip;
import io.miaotui.server.database.WithStep;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Appends entries to the ledger in the caller's transaction, and reads accounts back. */
@Repository
public class LedgerStore {
    private final JdbcClient jdbc;
    private final TimeOrderedIds ids;
    private final Clock clock;

    public LedgerStore(JdbcClient jdbc, TimeOrderedIds ids, Clock clock) {
        this.jdbc = jdbc;
        this.ids = ids;
        this.clock = clock;
    }

    public void append(List<LedgerEntry> entries) {
        append(jdbc, entries, ids, clock.instant());
    }

    private static void append(JdbcClient jdbc, List<LedgerEntry> entries, TimeOrderedIds ids, Instant at) {
        if (entries.isEmpty()) {
            return;
        }
        jdbc.sql("select " + LedgerBatch.CALL).params(LedgerBatch.of(entries, ids, at).params())
                .query(Integer.class).single();
    }

    /** The append of {@code entries} as one statement, for the caller to send (the payout workers have their own pool). */
    public static OneRoundTrip.Step appending(List<LedgerEntry> entries, TimeOrderedIds ids, Instant at) {
        return OneRoundTrip.Step.named("select " + LedgerBatch.CALL, LedgerBatch.of(entries, ids, at).params(), null);
    }

    /**
     * The ledger step of a composed statement: posts {@code batch} once for each row of the WITH query named
     * {@code after} (one row when the refund was inserted, none when its idempotency key was taken).
     * <p>
     * It must be read by the final select ({@link WithStep#mustBeRead()}). ledger_append writes, but from inside a
     * function: to PostgreSQL this step is a plain SELECT, and a SELECT in WITH runs only as far as the primary query
     * fetches its rows, so an unreferenced one never runs and the approval would be paid out with no ledger entry.
     * The INSERT and UPDATE steps beside it need no reference: data-modifying statements in WITH always run to
     * completion. (PostgreSQL manual, "WITH Queries", 7.8.4: "Data-modifying statements in WITH are executed exactly
     * once, and always to completion, independently of whether the primary query reads all (or indeed any) of their
     * output. Notice that this is different from the rule for SELECT in WITH".) ledger_append is volatile, so the
     * planner does not fold the step into the final select either: it is materialized and runs once per row.
     */
    public static WithStep appendAfter(String after, LedgerBatch batch) {
        return new WithStep("ledger", "select " + LedgerBatch.CALL + " as posted from " + after, batch.params(), true);
    }

    /**
     * The ledger step of a composed statement that posts {@code batch} once, after the WITH query named
     * {@code after} wrote its rows, and only if it wrote {@code rows} of them (read by the final select, as above).
     * WITH steps run in no promised order ("the order in which the specified updates actually happen is
     * unpredictable", PostgreSQL manual 7.8.4): reading {@code after} first makes the refunds exist before their
     * entries. With fewer rows (a key taken meanwhile) nothing is posted and the caller rolls the batch back;
     * posted anyway, an entry named a refund never inserted (its foreign key caught it in BatchedOpeningTest until
     * V26 dropped the key; the ledger check's rule rows-name-what-exists would now).
     */
    public static WithStep appendOnceAfter(String after, int rows, LedgerBatch batch) {
        // the count bound, not written in: one statement text (and one server-side plan) for every batch size
        var params = new HashMap<String, Object>(batch.params());
        params.put("ledger_after_rows", (long) rows);
        return new WithStep("ledger", "select " + LedgerBatch.CALL + " as posted from (select count(*) as n from "
                + after + ") w where w.n = :ledger_after_rows", params, true);
    }

    public record EntryLine(String entryId, String kind, String orderId, String refundId, long amountFen,
            String currency, Instant createdAt) {
    }

    public record AccountPage(long balanceFen, long entryCount, List<EntryLine> entries) {
    }

    /** The account's balance and one page of its postings, newest first. */
    public AccountPage account(Account account, int page, int size) {
        var totals = jdbc.sql("select coalesce(sum(amount_fen), 0) as balance, count(*) as n from ledger_postings"
                        + " where account = ?")
                .param(account.name())
                .query((rs, n) -> new long[] {rs.getLong("balance"), rs.getLong("n")}).single();
        List<EntryLine> entries = jdbc.sql("""
                select e.entry_id, e.kind, e.order_id, e.refund_id, p.amount_fen, p.currency, e.created_at
                from ledger_postings p join ledger_entries e on e.entry_id = p.entry_id
                where p.account = ? order by p.entry_id desc limit ? offset ?
                """)
                .params(account.name(), size, (long) page * size)
                .query((rs, n) -> new EntryLine(rs.getString("entry_id"), rs.getString("kind"),
                        rs.getString("order_id"), rs.getString("refund_id"), rs.getLong("amount_fen"),
                        rs.getString("currency"), rs.getTimestamp("created_at").toInstant()))
                .list();
        return new AccountPage(totals[0], totals[1], entries);
    }
}
