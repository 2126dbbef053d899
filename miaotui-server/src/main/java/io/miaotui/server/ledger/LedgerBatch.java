package io.miaotui.server.ledger;

import io.miaotui.ids.TimeOrderedIds;
import io.miaotui.ledger.LedgerEntry;
import io.miaotui.ledger.Posting;
import io.miaotui.money.Currency;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Ledger entries flattened into the arrays {@code ledger_append} takes, so any number of entries is written in
 * one round trip, alone or inside a bigger statement. The entries come from the core's MoneyFlows; this only
 * carries them.
 */
public record LedgerBatch(Map<String, Object> params) {

    /** The call, with its nine named parameters bound from {@link #params()}. */
    public static final String CALL = """
            ledger_append(:ledger_entry_ids::char(36)[], :ledger_kinds::varchar[], :ledger_order_ids::varchar[],
                :ledger_refund_ids::char(36)[], :ledger_created_at, :ledger_currency,
                :ledger_posting_entries::char(36)[], :ledger_accounts::varchar[], :ledger_amounts::bigint[])""";

    public LedgerBatch {
        params = Map.copyOf(params);
    }

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
        return new LedgerBatch(Map.of("ledger_entry_ids", entryIds.toArray(String[]::new),
                "ledger_kinds", kinds.toArray(String[]::new),
                "ledger_order_ids", orderIds.toArray(String[]::new),
                "ledger_refund_ids", refundIds.toArray(String[]::new),
                "ledger_created_at", Timestamp.from(at),
                "ledger_currency", currency.name(),
                "ledger_posting_entries", postingEntries.toArray(String[]::new),
                "ledger_accounts", accounts.toArray(String[]::new),
                "ledger_amounts", amounts.stream().mapToLong(Long::longValue).toArray()));
    }
}
