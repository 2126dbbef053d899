package io.miaotui.server.report;

import io.miaotui.refund.RefundEvent;
import io.miaotui.refund.RefundStatus;
import io.miaotui.refund.Resolution;
import io.miaotui.report.BuyerSets;
import io.miaotui.report.LegacyRule;
import io.miaotui.report.Repurchase;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Reads the consumer-experience report's counts: the database groups the window's refunds into a few thousand
 * rows (per channel, policy version and gray-release pairing, with durations kept to three significant digits)
 * and {@code io.miaotui.report} computes the shares, percentiles and histogram from them. Two statements: the
 * refunds' counts and durations, and the re-purchase counts (distinct buyers, which do not add up across groups,
 * so the database counts them per scope with grouping sets).
 */
@Repository
public class ReportStore {
    private final JdbcClient jdbc;

    public ReportStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * The window's refunds with what the report needs of each. Channel and shop come from the decision's recorded
     * facts; a refund decided without a policy (a closed shop's) has none, and only for those are the order,
     * the shop and the line read. Reviews avoided are computed from the facts the decision recorded: the old rule
     * ({@link LegacyRule}) looked at the line's paid amount ({@code line_paid_fen}), not the amount asked for.
     * A merchant's answer is the approval's time, or for a rejection its history step's.
     */
    private static final String WINDOW = "r.created_at >= :from and r.created_at < :to";
    private static final String JOIN = "from refunds r left join policy_decisions d on d.refund_id = r.refund_id";
    /** The decision by its primary key per refund ({@code offset 0} keeps PostgreSQL from turning it into a hash join). */
    private static final String PROBE = "from refunds r left join lateral (select * from policy_decisions d0"
            + " where d0.refund_id = r.refund_id offset 0) d on true";

    /** Which of a range's refunds a statement reads: all, all by key (a short range), or those final now (the rollup). */
    public enum Subset {
        ALL(""),
        /** All of a short range (an hour, a day or a few): each refund's decision read by its key, not by a whole scan. */
        RANGE(""),
        FINAL(" and r.status not in (" + java.util.Arrays.stream(RefundStatus.values()).filter(RefundStatus::isOpen)
                .map(s -> "'" + s.name() + "'").collect(java.util.stream.Collectors.joining(", ")) + ")");

        private final String condition;

        Subset(String condition) {
            this.condition = condition;
        }

        String base() {
            String base = this == ALL ? BASE : BASE.replace(JOIN, PROBE);
            return base.replace(WINDOW, WINDOW + condition);
        }
    }

    private static final String BASE = """
            base as (
                select r.refund_id, r.buyer_id, r.order_id, r.amount_fen, r.decision_instant as instant, r.decision_policy as policy,
                    r.decision_policy_version as version, d.shadow_version, r.paid_at, r.resolution,
                    coalesce(d.channel, (select s.channel from orders o join shops s on s.shop_id = o.shop_id
                        where o.order_id = r.order_id)) as channel,
                    coalesce(d.shop_id, (select o.shop_id from orders o where o.order_id = r.order_id)) as shop_id,
                    r.decision_instant and not (not coalesce(d.line_shipped, false)
                        and coalesce(d.decided_at, r.created_at) - coalesce(d.order_paid_at,
                            (select o.paid_at from orders o where o.order_id = r.order_id))
                            <= make_interval(secs => :legacy_window_s)
                        and coalesce(d.line_paid_fen, (select l.paid_fen from order_lines l
                            where l.order_id = r.order_id and l.line_id = r.line_id)) <= :legacy_limit_fen) as avoided,
                    (extract(epoch from r.paid_at - r.created_at) * 1000)::bigint as ttm_ms,
                    (extract(epoch from case when r.resolution = :merchant_approved then r.approved_at
                        when r.resolution = :merchant_rejected then (select min(e.at) from refund_events e
                            where e.refund_id = r.refund_id and e.event = :rejected_event) end
                        - r.created_at) * 1000)::bigint as response_ms
                from refunds r left join policy_decisions d on d.refund_id = r.refund_id
                where r.created_at >= :from and r.created_at < :to
                -- a fence: the durations and facts above are computed once per refund, not once per use
                offset 0
            )""";

    /** A list of periods as a relation p (period_start, hours), from {@link #periodParams}. */
    private static final String PERIODS = """
            unnest(cast(:period_starts as timestamptz[]), cast(:period_hours as smallint[])) p (period_start, hours)""";

    /** The refunds the given rolled periods left open when they were rolled (report_period_open), whatever their time. */
    private static final String LEFT_OPEN = BASE.replace(JOIN, PROBE).replace(WINDOW, "r.refund_id in"
            + " (select o.refund_id from report_period_open o join " + PERIODS
            + " on o.period_start = p.period_start and o.hours = p.hours)");

    /** One group's row: its key, and either its refunds' counts with one time-to-money value, or one response time. */
    public record CellRow(Cell cell, boolean responseRow, Long ms, long requested, long instant, long amountFen,
            long instantAmountFen, long paid, long avoided, long reviewed, long atDeadline, long responses) {
    }

    /** The finest group the report adds up: channel, deciding policy and version, and the gray release's other version. */
    public record Cell(String channel, String policy, int version, Integer shadowVersion) {
    }

    /**
     * Gives the report's transaction the memory to group a million refunds in hash tables rather than sorting
     * them on disk (PostgreSQL spills beyond it rather than failing); {@code SET LOCAL} ends with the transaction.
     */
    public void reportMemory() {
        jdbc.sql("set local work_mem = '" + REPORT_WORK_MEM + "'").update();
    }

    static final String REPORT_WORK_MEM = "128MB";

    public List<CellRow> cells(Instant from, Instant to) {
        return cells(from, to, Subset.ALL);
    }

    public List<CellRow> cells(Instant from, Instant to, Subset subset) {
        return cells(subset.base(), params(from, to));
    }

    /** The cell rows of the refunds the given rolled periods left open (read live until they are rolled again). */
    public List<CellRow> leftOpenCells(List<RollupPeriod> periods) {
        return periods.isEmpty() ? List.of() : cells(LEFT_OPEN, openParams(periods));
    }

    private List<CellRow> cells(String base, Map<String, Object> params) {
        return jdbc.sql("with " + base + """
                , rounded as (select channel, policy, version, shadow_version, instant, amount_fen, paid_at, avoided,
                    resolution, %s as ttm, %s as response from base)
                select channel, policy, version, shadow_version, grouping(response) = 0 as response_row,
                    coalesce(ttm, response) as ms, count(*) as requested, count(*) filter (where instant) as instant,
                    sum(amount_fen) as amount, coalesce(sum(amount_fen) filter (where instant), 0) as instant_amount,
                    count(paid_at) as paid, count(*) filter (where avoided) as avoided,
                    count(*) filter (where not instant) as reviewed,
                    count(*) filter (where resolution = :at_deadline) as at_deadline, count(response) as responses
                from rounded
                group by grouping sets ((channel, policy, version, shadow_version, ttm),
                    (channel, policy, version, shadow_version, response))
                """.formatted(rounded("ttm_ms"), rounded("response_ms")))
                .params(params)
                .query((rs, n) -> new CellRow(cell(rs), rs.getBoolean("response_row"), nullableLong(rs, "ms"),
                        rs.getLong("requested"), rs.getLong("instant"), rs.getLong("amount"),
                        rs.getLong("instant_amount"), rs.getLong("paid"), rs.getLong("avoided"), rs.getLong("reviewed"),
                        rs.getLong("at_deadline"), rs.getLong("responses")))
                .list();
    }

    /** Which scope a re-purchase row counts: the whole window, a channel, a policy version, or a gray-release side. */
    public enum Scope { OVERALL, CHANNEL, POLICY_VERSION, GRAY_SIDE }

    public record RepurchaseRow(Scope scope, Cell cell, Repurchase.Counts counts) {
    }

    /** Re-purchase counts per scope, by {@link Repurchase}'s definition, with its window bound. */
    public List<RepurchaseRow> repurchase(Instant from, Instant to) {
        return jdbc.sql("with " + BASE + """
                , flagged as (
                    -- each paid refund with the buyer's orders in its shop paid in (refund paid, + window]:
                    -- one hash join; a refund followed by two such orders appears twice, which the flags absorb
                    select b.buyer_id, b.instant, b.channel, b.policy, b.version, b.shadow_version,
                        o.order_id is not null as back
                    from base b left join orders o on o.buyer_id = b.buyer_id and o.shop_id = b.shop_id
                        and o.order_id <> b.order_id and o.paid_at > b.paid_at
                        and o.paid_at <= b.paid_at + make_interval(secs => :repurchase_window_s)
                    where b.paid_at is not null
                ), buyers as (
                    -- one row per buyer and scope, so each buyer counts once in each scope
                    select grouping(channel, policy, version, shadow_version) as scope_bits, channel, policy, version,
                        shadow_version, buyer_id, bool_or(back) as back, bool_or(instant) as any_instant,
                        bool_or(instant and back) as instant_back, bool_or(not instant) as any_reviewed,
                        bool_or(not instant and back) as reviewed_back
                    from flagged
                    group by grouping sets ((buyer_id), (channel, buyer_id), (policy, version, buyer_id),
                        (policy, version, shadow_version, buyer_id))
                )
                select scope_bits, channel, policy, version, shadow_version, count(*) as buyers,
                    count(*) filter (where back) as back, count(*) filter (where any_instant) as instant_buyers,
                    count(*) filter (where instant_back) as instant_back,
                    count(*) filter (where any_reviewed) as reviewed_buyers,
                    count(*) filter (where reviewed_back) as reviewed_back
                from buyers group by scope_bits, channel, policy, version, shadow_version
                """)
                .params(params(from, to))
                .query((rs, n) -> new RepurchaseRow(scope(rs), cell(rs), new Repurchase.Counts(rs.getLong("buyers"),
                        rs.getLong("back"), rs.getLong("instant_buyers"), rs.getLong("instant_back"),
                        rs.getLong("reviewed_buyers"), rs.getLong("reviewed_back"))))
                .list();
    }

    /** One buyer's flags ({@link BuyerSets}) in one cell; {@code ordinal} null if the rollup has not numbered the buyer yet. */
    public record BuyerRow(Cell cell, Integer ordinal, String buyerId, int flags) {
    }

    /**
     * The paid refunds' buyers of [from, to) with their re-purchase flags per cell, by the same definition as
     * {@link #repurchase}: the rollup stores them per day, and the report unites them with the rolled days' sets.
     */
    public void buyerFlags(Instant from, Instant to, java.util.function.Consumer<BuyerRow> each) {
        buyerFlags(from, to, Subset.ALL, null, each);
    }

    /**
     * As {@link #buyerFlags(Instant, Instant, java.util.function.Consumer)}, for the buyers who registered an order
     * after {@code ordersSince} only (through the buyer index of refunds): the re-purchase flags that may have
     * turned on since a day was rolled up.
     */
    public void buyerFlags(Instant from, Instant to, Subset subset, Instant ordersSince,
            java.util.function.Consumer<BuyerRow> each) {
        String base = ordersSince == null ? subset.base() : subset.base().replace(WINDOW,
                WINDOW + " and r.buyer_id in (select n.buyer_id from orders n where n.created_at > :orders_since)");
        var params = params(from, to);
        if (ordersSince != null) {
            params.put("orders_since", Timestamp.from(ordersSince));
        }
        buyerFlags(base, params, each);
    }

    /** The flags of the buyers of the refunds the given rolled periods left open. */
    public void leftOpenBuyerFlags(List<RollupPeriod> periods, java.util.function.Consumer<BuyerRow> each) {
        if (!periods.isEmpty()) {
            buyerFlags(LEFT_OPEN, openParams(periods), each);
        }
    }

    private void buyerFlags(String base, Map<String, Object> params, java.util.function.Consumer<BuyerRow> each) {
        jdbc.sql("with " + base + """
                , flagged as (
                    -- a probe of the buyer's orders (orders_buyer_idx) per paid refund: these ranges are a day or
                    -- a few, where probing costs far less than hashing the whole orders table
                    select b.buyer_id, b.instant, b.channel, b.policy, b.version, b.shadow_version,
                        exists (select 1 from orders o where o.buyer_id = b.buyer_id and o.shop_id = b.shop_id
                            and o.order_id <> b.order_id and o.paid_at > b.paid_at
                            and o.paid_at <= b.paid_at + make_interval(secs => :repurchase_window_s)) as back
                    from base b
                    where b.paid_at is not null
                )
                select f.channel, f.policy, f.version, f.shadow_version, f.buyer_id, rb.ordinal,
                    (case when bool_or(f.instant) then 1 else 0 end) | (case when bool_or(f.instant and f.back) then 2 else 0 end)
                    | (case when bool_or(not f.instant) then 4 else 0 end)
                    | (case when bool_or(not f.instant and f.back) then 8 else 0 end) as flags
                from flagged f left join report_buyers rb on rb.buyer_id = f.buyer_id
                group by f.channel, f.policy, f.version, f.shadow_version, f.buyer_id, rb.ordinal
                """)
                .params(params)
                .query((RowCallbackHandler) rs -> each.accept(new BuyerRow(cell(rs), (Integer) rs.getObject("ordinal"),
                        rs.getString("buyer_id"), rs.getInt("flags"))));
    }

    // ---- the rollup (written by ReportRollup) ----

    /** A rolled-up period: how many refunds it had then, and whether its re-purchase flags are final. */
    public record RolledPeriod(RollupPeriod period, long refunds, boolean buyersSettled, Instant ordersSeenUntil) {
    }

    /** The rolled periods of one length starting in [from, to), in order. */
    public List<RolledPeriod> rolledPeriods(int hours, Instant from, Instant to) {
        return jdbc.sql("""
                select period_start, refunds, buyers_settled, orders_seen_until from report_periods
                where hours = ? and period_start >= ? and period_start < ? order by period_start""")
                .params(hours, Timestamp.from(from), Timestamp.from(to))
                .query((rs, n) -> new RolledPeriod(new RollupPeriod(rs.getTimestamp(1).toInstant(), hours),
                        rs.getLong(2), rs.getBoolean(3), rs.getTimestamp(4).toInstant()))
                .list();
    }

    /**
     * Refunds asked per UTC hour (by its start) in [from, to) (whole hours), read from the index on request time
     * alone: one index-only count per hour, which over a million refunds costs a fifth of grouping them by a
     * truncated time (computed per refund).
     */
    public Map<Instant, Long> refundsPerHour(Instant from, Instant to) {
        var counts = new HashMap<Instant, Long>();
        // the hour bound from RollupPeriod, so the counts cannot drift from the periods they check
        jdbc.sql("""
                select h, (select count(*) from refunds where created_at >= h and created_at < h + make_interval(hours => :hour))
                from generate_series(cast(:from as timestamptz), cast(:to as timestamptz) - make_interval(hours => :hour),
                    make_interval(hours => :hour)) h""")
                .param("from", Timestamp.from(from))
                .param("to", Timestamp.from(to))
                .param("hour", RollupPeriod.HOUR)
                .query((RowCallbackHandler) rs -> counts.put(rs.getTimestamp(1).toInstant(), rs.getLong(2)));
        return counts;
    }

    /** A period's refunds from {@link #refundsPerHour} counts. */
    public static long refundsIn(RollupPeriod period, Map<Instant, Long> perHour) {
        long refunds = 0;
        for (Instant hour = period.start(); hour.isBefore(period.end()); hour = hour.plusSeconds(3600)) {
            refunds += perHour.getOrDefault(hour, 0L);
        }
        return refunds;
    }

    /** The rolled periods' cell rows, summed over them (they add up as the live rows of several periods do). */
    public List<CellRow> rolledCells(List<RollupPeriod> periods) {
        if (periods.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("""
                select channel, policy, version, shadow_version, response_row, ms, sum(requested) as requested,
                    sum(instant) as instant, sum(amount) as amount, sum(instant_amount) as instant_amount,
                    sum(paid) as paid, sum(avoided) as avoided, sum(reviewed) as reviewed,
                    sum(at_deadline) as at_deadline, sum(responses) as responses
                from report_period_cells c join %s on c.period_start = p.period_start and c.hours = p.hours
                group by channel, policy, version, shadow_version, response_row, ms""".formatted(PERIODS))
                .params(periodParams(periods))
                .query((rs, n) -> new CellRow(cell(rs), rs.getBoolean("response_row"), nullableLong(rs, "ms"),
                        rs.getLong("requested"), rs.getLong("instant"), rs.getLong("amount"),
                        rs.getLong("instant_amount"), rs.getLong("paid"), rs.getLong("avoided"), rs.getLong("reviewed"),
                        rs.getLong("at_deadline"), rs.getLong("responses")))
                .list();
    }

    /** The rolled periods' buyer sets, per cell: packed ints ({@link BuyerSets#pack}). */
    public void rolledBuyers(List<RollupPeriod> periods, java.util.function.BiConsumer<Cell, byte[]> each) {
        if (periods.isEmpty()) {
            return;
        }
        jdbc.sql("""
                select channel, policy, version, shadow_version, buyers from report_period_buyers b
                join %s on b.period_start = p.period_start and b.hours = p.hours""".formatted(PERIODS))
                .params(periodParams(periods))
                .query((RowCallbackHandler) rs -> each.accept(cell(rs), rs.getBytes("buyers")));
    }

    private static Map<String, Object> periodParams(List<RollupPeriod> periods) {
        var params = new HashMap<String, Object>();
        params.put("period_starts", periods.stream().map(p -> p.start().toString())
                .collect(java.util.stream.Collectors.joining(",", "{", "}")));
        params.put("period_hours", periods.stream().map(p -> Integer.toString(p.hours()))
                .collect(java.util.stream.Collectors.joining(",", "{", "}")));
        return params;
    }

    private static Map<String, Object> openParams(List<RollupPeriod> periods) {
        var params = params(Instant.EPOCH, Instant.EPOCH);
        params.putAll(periodParams(periods));
        return params;
    }

    /** The highest buyer number the rollup gave (the report numbers buyers it has not seen above it). */
    public int maxBuyerOrdinal() {
        return jdbc.sql("select coalesce(max(ordinal), 0) from report_buyers").query(Integer.class).single();
    }

    /** The scope from {@code grouping(channel, policy, version, shadow_version)}: a bit set per column left out. */
    private static Scope scope(ResultSet rs) throws SQLException {
        return switch (rs.getInt("scope_bits")) {
            case 0b1111 -> Scope.OVERALL;
            case 0b0111 -> Scope.CHANNEL;
            case 0b1001 -> Scope.POLICY_VERSION;
            case 0b1000 -> Scope.GRAY_SIDE;
            default -> throw new IllegalStateException("unexpected grouping " + rs.getInt("scope_bits"));
        };
    }

    private static Cell cell(ResultSet rs) throws SQLException {
        return new Cell(rs.getString("channel"), rs.getString("policy"), rs.getInt("version"),
                (Integer) rs.getObject("shadow_version"));
    }

    private static Long nullableLong(ResultSet rs, String column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : value;
    }

    private static Map<String, Object> params(Instant from, Instant to) {
        var params = new HashMap<String, Object>();
        params.put("from", Timestamp.from(from));
        params.put("to", Timestamp.from(to));
        params.put("legacy_window_s", (double) LegacyRule.WINDOW.toSeconds());
        params.put("legacy_limit_fen", LegacyRule.LINE_LIMIT_FEN);
        params.put("merchant_approved", Resolution.MERCHANT_APPROVED.name());
        params.put("merchant_rejected", Resolution.MERCHANT_REJECTED.name());
        params.put("rejected_event", RefundEvent.MERCHANT_REJECTED.name());
        params.put("at_deadline", Resolution.APPROVED_AT_DEADLINE.name());
        params.put("repurchase_window_s", (double) Repurchase.WINDOW.toSeconds());
        return params;
    }

    /**
     * SQL keeping a duration in ms to three significant digits, half up, as {@code DurationCounts.rounded} does
     * (every ms under a second; then tens, hundreds... of ms): integer arithmetic, no logarithm per row.
     */
    static String rounded(String ms) {
        var sql = new StringBuilder("case when " + ms + " is null then null when " + ms + " < 1000 then greatest("
                + ms + ", 0)");
        long unit = 10;
        for (long limit = 10_000; limit <= 1_000_000_000_000_000L; limit *= 10, unit *= 10) {
            sql.append(" when ").append(ms).append(" < ").append(limit).append(" then (").append(ms).append(" + ")
                    .append(unit / 2).append(") / ").append(unit).append(" * ").append(unit);
        }
        return sql.append(" else ").append(ms).append(" end").toString();
    }

    // ---- the live dashboard ----

    /** Requests of one minute, channel and policy version: how many, how many instant. */
    public record RequestedRow(Instant minute, String channel, String policy, int version, long requested,
            long instant) {
    }

    /** Payouts of one minute, channel and policy version with one (rounded) time-to-money value. */
    public record PaidRow(Instant minute, String channel, String policy, int version, long ms, long paid) {
    }

    private static final String CHANNEL_OF_REFUND = """
            coalesce((select d.channel from policy_decisions d where d.refund_id = r.refund_id),
                (select s.channel from orders o join shops s on s.shop_id = o.shop_id where o.order_id = r.order_id))""";

    public List<RequestedRow> requestedSince(Instant since, Instant until) {
        return jdbc.sql("""
                select date_trunc('minute', r.created_at) as minute, %s as channel, r.decision_policy,
                    r.decision_policy_version, count(*), count(*) filter (where r.decision_instant)
                from refunds r where r.created_at >= ? and r.created_at < ? group by 1, 2, 3, 4
                """.formatted(CHANNEL_OF_REFUND))
                .params(Timestamp.from(since), Timestamp.from(until))
                .query((rs, n) -> new RequestedRow(rs.getTimestamp(1).toInstant(), rs.getString(2), rs.getString(3),
                        rs.getInt(4), rs.getLong(5), rs.getLong(6)))
                .list();
    }

    public List<PaidRow> paidSince(Instant since, Instant until) {
        return jdbc.sql("""
                select date_trunc('minute', r.paid_at) as minute, %s as channel, r.decision_policy,
                    r.decision_policy_version, %s as ms, count(*)
                from refunds r where r.paid_at >= ? and r.paid_at < ? group by 1, 2, 3, 4, 5
                """.formatted(CHANNEL_OF_REFUND, rounded("(extract(epoch from r.paid_at - r.created_at) * 1000)::bigint")))
                .params(Timestamp.from(since), Timestamp.from(until))
                .query((rs, n) -> new PaidRow(rs.getTimestamp(1).toInstant(), rs.getString(2), rs.getString(3),
                        rs.getInt(4), rs.getLong(5), rs.getLong(6)))
                .list();
    }

    /** History steps of one kind since a time, per channel (payout failures, deadline decisions). */
    public Map<String, Long> stepsSince(RefundEvent event, Instant since, Instant until) {
        var counts = new HashMap<String, Long>();
        jdbc.sql("""
                select %s as channel, count(*) from refund_events e join refunds r on r.refund_id = e.refund_id
                where e.at >= ? and e.at < ? and e.event = ? group by 1
                """.formatted(CHANNEL_OF_REFUND))
                .params(Timestamp.from(since), Timestamp.from(until), event.name())
                .query((rs, n) -> counts.put(rs.getString(1), rs.getLong(2)))
                .list();
        return counts;
    }

    /** Refunds waiting for a merchant now (the partial index on review deadlines holds exactly these). */
    public long pendingReviews() {
        // the index's own predicate (V27): the column is the deadline exactly while the refund waits for review,
        // and a check keeps a waiting refund's deadline set
        return jdbc.sql("select count(*) from refunds where pending_review_due_at is not null")
                .query(Long.class)
                .single();
    }
}
