package io.miaotui.server.ledger;

import io.miaotui.ids.TimeOrderedIds;
import io.miaotui.ledger.Account;
import io.miaotui.ledger.LedgerEntry;
import java.time.Clock;
import java.time.Instant;
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

    /** Appends on a given connection source (the payout workers have their own pool). */
    public static void append(JdbcClient jdbc, List<LedgerEntry> entries, TimeOrderedIds ids, Instant at) {
        if (entries.isEmpty()) {
            return;
        }
        jdbc.sql("select " + LedgerBatch.CALL).params(LedgerBatch.of(entries, ids, at).paramList())
                .query(Integer.class).single();
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
