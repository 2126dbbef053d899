package io.miaotui.server.ledger;

import io.miaotui.ids.TimeOrderedIds;
import io.miaotui.ledger.LedgerEntry;
import io.miaotui.ledger.Posting;
import io.miaotui.money.Currency;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Ledger entries flattened into the arrays {@code ledger_append} takes, so any number of entries is written in
 * one round trip, alone or inside a bigger statement. The entries come from the core's MoneyFlows; this only
 * carries them.
 */
public record LedgerBatch(Object[] params) {

    /** The call, with its nine parameters in {@link #params()} order. */
    public static final String CALL = """
            ledger_append(?::char(36)[], ?::varchar[], ?::varchar[], ?::char(36)[], ?, ?,
                ?::char(36)[], ?::varchar[], ?::bigint[])""";

    public static LedgerBatch of(List<LedgerEntry> entries, TimeOrderedIds ids, Instant at) {
        if (entries.isEmpty()) {
            throw new IllegalArgumentException("an empty ledger batch");
        }
        Currency currency = entries.getFirst().postings().getFirst().amount().currency();
        var entryIds = new ArrayList<String>();
        var kinds = new ArrayList<String>();
        var orderIds = new ArrayList<String>();
        var refundIds = new ArrayList<String>();
        var postingEntries = new ArrayList<String>();
        var accounts = new ArrayList<String>();
        var amounts = new ArrayList<Long>();
        for (LedgerEntry entry : entries) {
            String entryId = ids.next().toString();
            entryIds.add(entryId);
            kinds.add(entry.kind().name());
            orderIds.add(entry.orderId().value());
            refundIds.add(entry.refundId().map(Object::toString).orElse(null));
            for (Posting posting : entry.postings()) {
                if (posting.amount().currency() != currency) {
                    throw new IllegalArgumentException("one ledger batch holds one currency");
                }
                postingEntries.add(entryId);
                accounts.add(posting.account().name());
                amounts.add(posting.amount().minorUnits());
            }
        }
        return new LedgerBatch(new Object[] {entryIds.toArray(String[]::new), kinds.toArray(String[]::new),
                orderIds.toArray(String[]::new), refundIds.toArray(String[]::new), Timestamp.from(at), currency.name(),
                postingEntries.toArray(String[]::new), accounts.toArray(String[]::new),
                amounts.stream().mapToLong(Long::longValue).toArray()});
    }

    public List<Object> paramList() {
        return List.of(params);
    }
}
