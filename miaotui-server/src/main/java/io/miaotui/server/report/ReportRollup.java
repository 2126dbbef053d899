package io.miaotui.server.report;

import io.miaotui.refund.RefundStatus;
import io.miaotui.report.BuyerSets;
import io.miaotui.server.report.ReportStore.Cell;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Keeps the consumer-experience report's rollup (V16, by the hour since V23): a periodic job, safe with several
 * instances (each period is rolled in its own transaction under a transaction-scoped advisory lock that a second
 * instance does not wait for), and the only writer of {@code report_periods}, {@code report_period_cells},
 * {@code report_period_open}, {@code report_buyers} and {@code report_period_buyers}. It never writes what the
 * refund path writes.
 *
 * <ul>
 * <li>A UTC day is rolled up once it ended {@code close-grace} ago, a UTC hour once it ended
 * {@code hour-close-grace} ago (hours let the report read a window cut at any minute from the rollup but for the
 * minutes at its edges; days keep long windows to a few thousand rows). A period's cell rows are what
 * {@link ReportStore#cells} gives for its refunds in a final state (paid, rejected, refunded offline, cancelled; no
 * transition leaves them), which nothing can change; those still open (a review pending, a payout failed) are
 * listed in {@code report_period_open}, read live by the report, and the period is rolled again once their number
 * changed.</li>
 * <li>Its buyers' re-purchase flags are stored with it, as of the orders registered before
 * {@code orders_seen_until} (the sweep's time less {@code order-margin}, for registrations still committing).
 * A later order can only turn a flag on, so the report adds live the flags of the buyers who registered an order
 * since, until the period is <em>settled</em>: its last payment more than the re-purchase window plus
 * {@code settle-grace} ago, when no order registered later can count any more. An unsettled period is rolled again
 * every {@code refresh} (keeping that delta small), and once more when it is settled.</li>
 * <li>A rolled period whose number of refunds changed since (a refund asked with an earlier clock) is read live by
 * the report at once (it compares the counts) and rolled again by the next sweep (within the last
 * {@code recheck-days}).</li>
 * </ul>
 */
@Component
public class ReportRollup {
    private static final Logger log = LoggerFactory.getLogger(ReportRollup.class);
    private static final String OPEN = Arrays.stream(RefundStatus.values()).filter(RefundStatus::isOpen)
            .map(s -> "'" + s.name() + "'").collect(Collectors.joining(", "));
    private static final long LOCK = 0x6d69616f_7270_7431L; // "miaorpt1": the rollup's advisory lock

    /** SQL types of a cell row's and a buyers row's columns: a batch's nulls (ms, shadow version) need them. */
    private static final int[] TYPES_OF_CELL = {Types.TIMESTAMP, Types.INTEGER, Types.VARCHAR,
            Types.VARCHAR, Types.INTEGER, Types.INTEGER, Types.BOOLEAN, Types.BIGINT, Types.BIGINT, Types.BIGINT,
            Types.BIGINT, Types.BIGINT, Types.BIGINT, Types.BIGINT, Types.BIGINT, Types.BIGINT, Types.BIGINT};
    private static final int[] TYPES_OF_BUYERS = {Types.TIMESTAMP, Types.INTEGER, Types.VARCHAR,
            Types.VARCHAR, Types.INTEGER, Types.INTEGER, Types.BINARY};

    private final JdbcClient jdbc;
    private final JdbcTemplate rows;
    private final ReportStore store;
    private final TransactionTemplate transaction;
    private final Clock clock;
    private final Duration closeGrace;
    private final Duration hourCloseGrace;
    private final Duration settleGrace;
    private final int maxDaysPerSweep;
    private final int maxHoursPerSweep;
    private final int recheckDays;
    private final Duration refresh;
    private final Duration orderMargin;

    public ReportRollup(JdbcClient jdbc, JdbcTemplate rows, ReportStore store, TransactionTemplate transactions,
            Clock clock,
            @Value("${miaotui.report.rollup.close-grace:1h}") Duration closeGrace,
            @Value("${miaotui.report.rollup.hour-close-grace:5m}") Duration hourCloseGrace,
            @Value("${miaotui.report.rollup.settle-grace:1d}") Duration settleGrace,
            @Value("${miaotui.report.rollup.max-days-per-sweep:62}") int maxDaysPerSweep,
            @Value("${miaotui.report.rollup.max-hours-per-sweep:1500}") int maxHoursPerSweep,
            @Value("${miaotui.report.rollup.recheck-days:35}") int recheckDays,
            @Value("${miaotui.report.rollup.refresh:1h}") Duration refresh,
            @Value("${miaotui.report.rollup.order-margin:10m}") Duration orderMargin) {
        this.jdbc = jdbc;
        this.rows = rows;
        this.store = store;
        // one snapshot per period: its count, its open refunds and its rows are of the same refunds
        this.transaction = new TransactionTemplate(java.util.Objects.requireNonNull(transactions.getTransactionManager()));
        this.transaction.setIsolationLevel(org.springframework.transaction.TransactionDefinition.ISOLATION_REPEATABLE_READ);
        this.clock = clock;
        this.closeGrace = closeGrace;
        this.hourCloseGrace = hourCloseGrace;
        this.settleGrace = settleGrace;
        this.maxDaysPerSweep = maxDaysPerSweep;
        this.maxHoursPerSweep = maxHoursPerSweep;
        this.recheckDays = recheckDays;
        this.refresh = refresh;
        this.orderMargin = orderMargin;
    }

    @Scheduled(initialDelayString = "${miaotui.report.rollup.interval:10m}",
            fixedDelayString = "${miaotui.report.rollup.interval:10m}")
    public void scheduledSweep() {
        try {
            sweep();
        } catch (RuntimeException e) {
            log.warn("report rollup sweep failed; the report reads those periods live meanwhile", e);
        }
    }

    /** How many days and hours one sweep rolled up (again). */
    public record Swept(int days, int hours) {
    }

    /** Rolls up (or again) the days, then the hours, that need it, oldest first. */
    public Swept sweep() {
        long started = System.nanoTime();
        Instant now = clock.instant();
        List<RollupPeriod> todo = transaction.execute(status -> candidates(now));
        int days = 0;
        int hours = 0;
        for (RollupPeriod period : todo) {
            if (period.isDay() ? days >= maxDaysPerSweep : hours >= maxHoursPerSweep) {
                continue;
            }
            Outcome outcome = transaction.execute(status -> roll(period, now));
            if (outcome == Outcome.LOCKED) {
                log.info("report rollup: another instance is rolling up, leaving it");
                break;
            }
            if (outcome == Outcome.ROLLED && period.isDay()) {
                days++;
            } else if (outcome == Outcome.ROLLED) {
                hours++;
            }
        }
        if (days + hours > 0) {
            log.info("report rollup: swept {} days and {} hours in {} ms", days, hours,
                    (System.nanoTime() - started) / 1_000_000);
        }
        return new Swept(days, hours);
    }

    private enum Outcome { ROLLED, UNCHANGED, LOCKED }

    /**
     * Days, then hours, from the first refund's to the last closed one, less those settled and unchanged (changes
     * looked for in the last {@code recheck-days}), plus those with refunds left open; each oldest first.
     */
    private List<RollupPeriod> candidates(Instant now) {
        Timestamp first = jdbc.sql("select min(created_at) from refunds").query(Timestamp.class).optional().orElse(null);
        if (first == null) {
            return List.of();
        }
        Instant from = first.toInstant().truncatedTo(ChronoUnit.HOURS);
        Instant daysTo = now.minus(closeGrace).truncatedTo(ChronoUnit.DAYS); // exclusive: still open
        Instant hoursTo = now.minus(hourCloseGrace).truncatedTo(ChronoUnit.HOURS);
        Instant recheckFrom = daysTo.minus(Duration.ofDays(recheckDays));
        Map<Instant, Long> counts = store.refundsPerHour(recheckFrom.isAfter(from) ? recheckFrom : from, hoursTo);
        var open = new HashSet<RollupPeriod>(jdbc.sql("select distinct period_start, hours from report_period_open")
                .query((rs, n) -> new RollupPeriod(rs.getTimestamp(1).toInstant(), rs.getInt(2))).list());
        var todo = new ArrayList<RollupPeriod>();
        for (int hours : new int[] {RollupPeriod.DAY, RollupPeriod.HOUR}) {
            boolean days = hours == RollupPeriod.DAY;
            Instant to = days ? daysTo : hoursTo;
            var done = new HashMap<Instant, ReportStore.RolledPeriod>();
            store.rolledPeriods(hours, from.truncatedTo(ChronoUnit.DAYS), to)
                    .forEach(p -> done.put(p.period().start(), p));
            var start = days ? from.truncatedTo(ChronoUnit.DAYS) : from;
            for (; start.isBefore(to); start = start.plus(Duration.ofHours(hours))) {
                RollupPeriod period = new RollupPeriod(start, hours);
                ReportStore.RolledPeriod rolled = done.get(start);
                boolean changed = rolled != null && !start.isBefore(recheckFrom)
                        && rolled.refunds() != ReportStore.refundsIn(period, counts);
                if (rolled == null || !rolled.buyersSettled() || changed || open.contains(period)) {
                    todo.add(period);
                }
            }
        }
        return todo;
    }

    private Outcome roll(RollupPeriod period, Instant now) {
        if (!jdbc.sql("select pg_try_advisory_xact_lock(?)").param(LOCK).query(Boolean.class).single()) {
            return Outcome.LOCKED;
        }
        Instant start = period.start();
        Instant end = period.end();
        Timestamp key = Timestamp.from(start);
        var stats = jdbc.sql("""
                select count(*), count(*) filter (where status in (%s)), max(paid_at) from refunds
                where created_at >= ? and created_at < ?""".formatted(OPEN))
                .params(Timestamp.from(start), Timestamp.from(end))
                .query((rs, n) -> new Object[] {rs.getLong(1), rs.getLong(2), rs.getTimestamp(3)})
                .single();
        long refunds = (Long) stats[0];
        long open = (Long) stats[1];
        Instant lastPaid = stats[2] == null ? null : ((Timestamp) stats[2]).toInstant();
        var existing = store.rolledPeriods(period.hours(), start, start.plusSeconds(1));
        long leftOpen = jdbc.sql("select count(*) from report_period_open where period_start = ? and hours = ?")
                .params(key, period.hours()).query(Long.class).single();
        boolean settled = lastPaid == null
                || lastPaid.plus(io.miaotui.report.Repurchase.WINDOW).plus(settleGrace).isBefore(now);
        if (!existing.isEmpty() && existing.get(0).refunds() == refunds && leftOpen == open
                && (existing.get(0).buyersSettled()
                || !settled && existing.get(0).ordersSeenUntil().plus(orderMargin).plus(refresh).isAfter(now))) {
            return Outcome.UNCHANGED;
        }
        long started = System.nanoTime();
        store.reportMemory();
        jdbc.sql("delete from report_periods where period_start = ? and hours = ?").params(key, period.hours()).update();
        jdbc.sql("""
                insert into report_periods (period_start, hours, refunds, buyers_settled, rolled_at, orders_seen_until)
                values (?, ?, ?, ?, ?, ?)""")
                .params(key, period.hours(), refunds, settled, Timestamp.from(now), Timestamp.from(now.minus(orderMargin)))
                .update();
        jdbc.sql("""
                insert into report_period_open (period_start, hours, refund_id) select ?, ?, refund_id from refunds
                where created_at >= ? and created_at < ? and status in (%s)""".formatted(OPEN))
                .params(key, period.hours(), Timestamp.from(start), Timestamp.from(end))
                .update();
        // one JDBC batch per table: a day holds hundreds of cells, each a round trip when inserted one by one
        List<ReportStore.CellRow> cells = store.cells(start, end, ReportStore.Subset.FINAL);
        rows.batchUpdate("""
                insert into report_period_cells (period_start, hours, channel, policy, version, shadow_version,
                    response_row, ms, requested, instant, amount, instant_amount, paid, avoided, reviewed,
                    at_deadline, responses)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", cells.stream().map(row -> {
                    Cell c = row.cell();
                    return new Object[] {key, period.hours(), c.channel(), c.policy(), c.version(), c.shadowVersion(),
                            row.responseRow(), row.ms(), row.requested(), row.instant(), row.amountFen(),
                            row.instantAmountFen(), row.paid(), row.avoided(), row.reviewed(), row.atDeadline(),
                            row.responses()};
                }).toList(), TYPES_OF_CELL);
        jdbc.sql("""
                insert into report_buyers (buyer_id) select distinct buyer_id from refunds
                where created_at >= ? and created_at < ? and paid_at is not null
                on conflict (buyer_id) do nothing""")
                .params(Timestamp.from(start), Timestamp.from(end))
                .update();
        var packed = new HashMap<Cell, ByteArrayOutputStream>();
        store.buyerFlags(start, end, ReportStore.Subset.FINAL, null, row -> packed.computeIfAbsent(row.cell(), k -> new ByteArrayOutputStream())
                .writeBytes(ByteBuffer.allocate(4).putInt(BuyerSets.pack(row.ordinal(), row.flags())).array()));
        rows.batchUpdate("""
                insert into report_period_buyers (period_start, hours, channel, policy, version, shadow_version, buyers)
                values (?, ?, ?, ?, ?, ?, ?)""", packed.entrySet().stream().map(e -> new Object[] {key, period.hours(),
                        e.getKey().channel(), e.getKey().policy(), e.getKey().version(), e.getKey().shadowVersion(),
                        e.getValue().toByteArray()}).toList(), TYPES_OF_BUYERS);
        String line = "report rollup: {} ({} refunds, {} still open{}) in {} ms";
        Object[] args = {period, refunds, open, settled ? ", re-purchase settled" : "",
                (System.nanoTime() - started) / 1_000_000};
        if (period.isDay()) {
            log.info(line, args);
        } else {
            log.debug(line, args);
        }
        return Outcome.ROLLED;
    }
}
