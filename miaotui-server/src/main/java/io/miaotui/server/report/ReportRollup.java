package io.miaotui.server.report;

import io.miaotui.refund.RefundStatus;
import io.miaotui.report.BuyerSets;
import io.miaotui.server.report.ReportStore.Cell;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Keeps the consumer-experience report's rollup (V16): a periodic job, safe with several instances (each day is
 * rolled in its own transaction under a transaction-scoped advisory lock that a second instance does not wait for),
 * and the only writer of {@code report_days}, {@code report_day_cells}, {@code report_buyers} and
 * {@code report_day_buyers}. It never writes what the refund path writes.
 *
 * <ul>
 * <li>A UTC day is rolled up once it ended {@code close-grace} ago: its cell rows are what {@link ReportStore#cells}
 * gives for that day's refunds in a final state (paid, rejected, refunded offline, cancelled; no transition leaves
 * them), which nothing can change; those still open (a review pending, a payout failed) are listed in
 * {@code report_day_open}, read live by the report, and the day is rolled again once their number changed.</li>
 * <li>Its buyers' re-purchase flags are stored with it, as of the orders registered before
 * {@code orders_seen_until} (the sweep's time less {@code order-margin}, for registrations still committing).
 * A later order can only turn a flag on, so the report adds live the flags of the buyers who registered an order
 * since, until the day is <em>settled</em>: its last payment more than the re-purchase window plus
 * {@code settle-grace} ago, when no order registered later can count any more. An unsettled day is rolled again
 * every {@code refresh} (keeping that delta small), and once more when it is settled.</li>
 * <li>A rolled day whose number of refunds changed since (a refund asked with an earlier clock) is read live by the report at once (it
 * compares the counts) and rolled again by the next sweep.</li>
 * </ul>
 */
@Component
public class ReportRollup {
    private static final Logger log = LoggerFactory.getLogger(ReportRollup.class);
    private static final String OPEN = Arrays.stream(RefundStatus.values()).filter(RefundStatus::isOpen)
            .map(s -> "'" + s.name() + "'").collect(Collectors.joining(", "));
    private static final long LOCK = 0x6d69616f_7270_7431L; // "miaorpt1": the rollup's advisory lock

    private final JdbcClient jdbc;
    private final ReportStore store;
    private final TransactionTemplate transaction;
    private final Clock clock;
    private final Duration closeGrace;
    private final Duration settleGrace;
    private final int maxDaysPerSweep;
    private final int recheckDays;
    private final Duration refresh;
    private final Duration orderMargin;

    public ReportRollup(JdbcClient jdbc, ReportStore store, TransactionTemplate transactions, Clock clock,
            @Value("${miaotui.report.rollup.close-grace:1h}") Duration closeGrace,
            @Value("${miaotui.report.rollup.settle-grace:1d}") Duration settleGrace,
            @Value("${miaotui.report.rollup.max-days-per-sweep:62}") int maxDaysPerSweep,
            @Value("${miaotui.report.rollup.recheck-days:35}") int recheckDays,
            @Value("${miaotui.report.rollup.refresh:1h}") Duration refresh,
            @Value("${miaotui.report.rollup.order-margin:10m}") Duration orderMargin) {
        this.jdbc = jdbc;
        this.store = store;
        // one snapshot per day: its count, its open refunds and its rows are of the same refunds
        this.transaction = new TransactionTemplate(java.util.Objects.requireNonNull(transactions.getTransactionManager()));
        this.transaction.setIsolationLevel(org.springframework.transaction.TransactionDefinition.ISOLATION_REPEATABLE_READ);
        this.clock = clock;
        this.closeGrace = closeGrace;
        this.settleGrace = settleGrace;
        this.maxDaysPerSweep = maxDaysPerSweep;
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
            log.warn("report rollup sweep failed; the report reads those days live meanwhile", e);
        }
    }

    /** Rolls up (or again) the days that need it, oldest first; returns how many it wrote. */
    public int sweep() {
        Instant now = clock.instant();
        List<LocalDate> todo = transaction.execute(status -> candidates(now));
        int rolled = 0;
        for (LocalDate day : todo) {
            if (rolled >= maxDaysPerSweep) {
                break;
            }
            Outcome outcome = transaction.execute(status -> rollDay(day, now));
            if (outcome == Outcome.LOCKED) {
                log.info("report rollup: another instance is rolling up, leaving it");
                break;
            }
            if (outcome == Outcome.ROLLED) {
                rolled++;
            }
        }
        return rolled;
    }

    private enum Outcome { ROLLED, UNCHANGED, LOCKED }

    /** Days from the first refund's to the last closed one, less those settled and unchanged. */
    private List<LocalDate> candidates(Instant now) {
        Timestamp first = jdbc.sql("select min(created_at) from refunds").query(Timestamp.class).optional().orElse(null);
        if (first == null) {
            return List.of();
        }
        LocalDate from = first.toInstant().atOffset(ZoneOffset.UTC).toLocalDate();
        LocalDate to = now.minus(closeGrace).atOffset(ZoneOffset.UTC).toLocalDate(); // exclusive: still open
        if (!from.isBefore(to)) {
            return List.of();
        }
        var done = new HashMap<LocalDate, ReportStore.RolledDay>();
        store.rolledDays(from, to).forEach(d -> done.put(d.day(), d));
        LocalDate recheckFrom = to.minusDays(recheckDays).isAfter(from) ? to.minusDays(recheckDays) : from;
        Map<LocalDate, Long> counts = store.refundsPerDay(recheckFrom, to);
        var todo = new TreeSet<LocalDate>(jdbc.sql("select distinct day from report_day_open")
                .query((rs, n) -> rs.getObject(1, LocalDate.class)).list());
        for (LocalDate day = from; day.isBefore(to); day = day.plusDays(1)) {
            ReportStore.RolledDay rolled = done.get(day);
            boolean changed = rolled != null && !day.isBefore(recheckFrom)
                    && rolled.refunds() != counts.getOrDefault(day, 0L);
            if (rolled == null || !rolled.buyersSettled() || changed) {
                todo.add(day);
            }
        }
        return new ArrayList<>(todo);
    }

    private Outcome rollDay(LocalDate day, Instant now) {
        if (!jdbc.sql("select pg_try_advisory_xact_lock(?)").param(LOCK).query(Boolean.class).single()) {
            return Outcome.LOCKED;
        }
        Instant start = ReportStore.startOf(day);
        Instant end = ReportStore.startOf(day.plusDays(1));
        var stats = jdbc.sql("""
                select count(*), count(*) filter (where status in (%s)), max(paid_at) from refunds
                where created_at >= ? and created_at < ?""".formatted(OPEN))
                .params(Timestamp.from(start), Timestamp.from(end))
                .query((rs, n) -> new Object[] {rs.getLong(1), rs.getLong(2), rs.getTimestamp(3)})
                .single();
        long refunds = (Long) stats[0];
        long open = (Long) stats[1];
        Instant lastPaid = stats[2] == null ? null : ((Timestamp) stats[2]).toInstant();
        var existing = store.rolledDays(day, day.plusDays(1));
        long leftOpen = jdbc.sql("select count(*) from report_day_open where day = ?").param(day).query(Long.class)
                .single();
        boolean settled = lastPaid == null
                || lastPaid.plus(io.miaotui.report.Repurchase.WINDOW).plus(settleGrace).isBefore(now);
        if (!existing.isEmpty() && existing.get(0).refunds() == refunds && leftOpen == open
                && (existing.get(0).buyersSettled()
                || !settled && existing.get(0).ordersSeenUntil().plus(orderMargin).plus(refresh).isAfter(now))) {
            return Outcome.UNCHANGED;
        }
        long started = System.nanoTime();
        store.reportMemory();
        jdbc.sql("delete from report_days where day = ?").param(day).update();
        jdbc.sql("""
                insert into report_days (day, refunds, buyers_settled, rolled_at, orders_seen_until)
                values (?, ?, ?, ?, ?)""")
                .params(day, refunds, settled, Timestamp.from(now), Timestamp.from(now.minus(orderMargin)))
                .update();
        jdbc.sql("""
                insert into report_day_open (day, refund_id) select ?, refund_id from refunds
                where created_at >= ? and created_at < ? and status in (%s)""".formatted(OPEN))
                .params(day, Timestamp.from(start), Timestamp.from(end))
                .update();
        for (ReportStore.CellRow row : store.cells(start, end, ReportStore.Subset.FINAL)) {
            Cell c = row.cell();
            jdbc.sql("""
                    insert into report_day_cells (day, channel, policy, version, shadow_version, response_row, ms,
                        requested, instant, amount, instant_amount, paid, avoided, reviewed, at_deadline, responses)
                    values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                    .params(day, c.channel(), c.policy(), c.version(), c.shadowVersion(), row.responseRow(), row.ms(),
                            row.requested(), row.instant(), row.amountFen(), row.instantAmountFen(), row.paid(),
                            row.avoided(), row.reviewed(), row.atDeadline(), row.responses())
                    .update();
        }
        jdbc.sql("""
                insert into report_buyers (buyer_id) select distinct buyer_id from refunds
                where created_at >= ? and created_at < ? and paid_at is not null
                on conflict (buyer_id) do nothing""")
                .params(Timestamp.from(start), Timestamp.from(end))
                .update();
        var packed = new HashMap<Cell, ByteArrayOutputStream>();
        store.buyerFlags(start, end, ReportStore.Subset.FINAL, null, row -> packed.computeIfAbsent(row.cell(), k -> new ByteArrayOutputStream())
                .writeBytes(ByteBuffer.allocate(4).putInt(BuyerSets.pack(row.ordinal(), row.flags())).array()));
        packed.forEach((c, bytes) -> jdbc.sql("""
                insert into report_day_buyers (day, channel, policy, version, shadow_version, buyers)
                values (?, ?, ?, ?, ?, ?)""")
                .params(day, c.channel(), c.policy(), c.version(), c.shadowVersion(), bytes.toByteArray())
                .update());
        log.info("report rollup: day {} ({} refunds, {} still open{}) in {} ms", day, refunds, open,
                settled ? ", re-purchase settled" : "", (System.nanoTime() - started) / 1_000_000);
        return Outcome.ROLLED;
    }
}
