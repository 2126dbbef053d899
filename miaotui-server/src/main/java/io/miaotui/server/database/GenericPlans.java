package io.miaotui.server.database;

import java.util.List;

/**
 * Makes the current transaction's statements use generic plans. For a transaction of keyed statements that bind
 * arrays (a group-commit batch): the planner's estimate for an array of unknown length never beats a custom
 * plan's, so such a statement was planned afresh on every call (the batch's line lock at 1.1 ms a plan against
 * 0.65 ms to run, pg_stat_statements, storm of 2026-12-03), while one plan serves every batch. Set per
 * transaction, not per pool: the same pool serves the report's range queries, which want custom plans.
 */
public final class GenericPlans {
    /** The setting as the transaction's first statement, sent in one round trip with what follows it. */
    public static final OneRoundTrip.Step FOR_THIS_TRANSACTION = new OneRoundTrip.Step(
            "select set_config('plan_cache_mode', 'force_generic_plan', true)", List.of(), null);

    private GenericPlans() {
    }
}
