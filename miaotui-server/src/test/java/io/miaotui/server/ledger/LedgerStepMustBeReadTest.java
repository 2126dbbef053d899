package io.miaotui.server.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.miaotui.server.database.WithStep;
import io.miaotui.server.support.ApiTestBase;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Pins the PostgreSQL rule LedgerStore.appendAfter relies on: a SELECT in WITH that calls ledger_append runs only
 * when the final select reads it. The batch here does not balance, so ledger_append raises when, and only when,
 * it runs; nothing is written either way.
 */
class LedgerStepMustBeReadTest extends ApiTestBase {
    private static final WithStep ONE_ROW = WithStep.writing("source", "select 'x' as refund_id", Map.of());

    private static LedgerBatch unbalanced() {
        String entry = "00000000-0000-7000-8000-0000000000ff";
        return new LedgerBatch(Map.of("ledger_entry_ids", new String[] {entry},
                "ledger_kinds", new String[] {"SETTLEMENT"},
                "ledger_order_ids", new String[] {"O-none"},
                "ledger_refund_ids", new String[] {null},
                "ledger_created_at", Timestamp.from(Instant.parse("2026-01-01T00:00:00Z")),
                "ledger_currency", "CNY",
                "ledger_posting_entries", new String[] {entry, entry},
                "ledger_accounts", new String[] {"escrow:O-none", "merchant:x"},
                "ledger_amounts", new long[] {-500, 499}));
    }

    @Test
    @DisplayName("the ledger step runs: the final select reads it")
    void theLedgerStepRuns() {
        Throwable ran = catchThrowable(() -> WithStep.compose(jdbc,
                List.of(ONE_ROW, LedgerStore.appendAfter("source", unbalanced())), "1").query((rs, n) -> rs.getLong(1))
                .single());

        assertThat(ran).hasMessageContaining("does not balance");
    }

    @Test
    @DisplayName("the same step left unread does not run at all: PostgreSQL skips a SELECT in WITH nobody reads")
    void anUnreadSelectStepDoesNotRun() {
        WithStep posting = LedgerStore.appendAfter("source", unbalanced());
        WithStep unread = new WithStep(posting.name(), posting.sql(), posting.params(), false);

        long result = WithStep.compose(jdbc, List.of(ONE_ROW, unread), "1").query((rs, n) -> rs.getLong(1)).single();

        assertThat(result).isEqualTo(1);
    }
}
