package io.miaotui.bench.storm;

import java.io.PrintStream;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * What the database alone can do: one refund as one transaction straight over JDBC, the work the service's
 * refund path does at its core, with none of the service around it: lock the line ({@code FOR UPDATE}, reading its
 * money and its order's buyer), update it, insert the refund, two ledger postings (escrow → refunds in flight),
 * one payout-outbox row, commit. Five statements and a commit, one round trip each, as a hand-written
 * one-refund-per-transaction service would send them.
 *
 * <p>It writes into scratch copies of the tables in the schema {@code storm_raw} ({@code LIKE ... INCLUDING ALL}:
 * the same columns, checks and indexes; the lines copied from the service's own), so the service's data is never
 * touched. Each refund holds one fen of its line, so a line can be refunded again and again without running out.
 */
public final class RawSqlBaseline {
    private static final String LOCK = """
            select l.paid_fen, l.refunded_fen, l.reserved_fen, o.buyer_id
            from storm_raw.order_lines l join orders o on o.order_id = l.order_id
            where l.order_id = ? and l.line_id = ? for update of l""";
    private static final String HOLD = """
            update storm_raw.order_lines set reserved_fen = reserved_fen + ?, open_refunds = open_refunds + 1
            where order_id = ? and line_id = ?""";
    private static final String REFUND = """
            insert into storm_raw.refunds (refund_id, idempotency_key, request_hash, order_id, line_id, buyer_id,
                amount_fen, currency, reason, status, decision_instant, decision_policy, decision_policy_version,
                decision_explanation, created_at, approved_at)
            values (?, ?, ?, ?, ?, ?, ?, 'CNY', 'storm baseline', 'APPROVED', true, 'taobao-unshipped', 1,
                'Instant: "!line.shipped" held (line.shipped = false)', ?, ?)""";
    private static final String POSTINGS = """
            insert into storm_raw.ledger_postings (entry_id, account, amount_fen, currency)
            values (?, ?, ?, 'CNY'), (?, 'refunds-in-flight', ?, 'CNY')""";
    private static final String OUTBOX = "insert into storm_raw.payout_outbox (refund_id, available_at) values (?, ?)";
    private static final String HASH = "0".repeat(64);

    private final String jdbcUrl;
    private final PrintStream log;

    public RawSqlBaseline(String jdbcUrl, PrintStream log) {
        this.jdbcUrl = jdbcUrl;
        this.log = log;
    }

    /**
     * (Re)creates the scratch tables, the lines a copy of the service's {@code order_lines} (so the baseline's
     * index is as deep as the service's); returns the seconds it took.
     */
    public double prepare() throws SQLException {
        long start = System.nanoTime();
        try (Connection db = DriverManager.getConnection(jdbcUrl); Statement ddl = db.createStatement()) {
            ddl.execute("create schema if not exists storm_raw");
            ddl.execute("drop table if exists storm_raw.payout_outbox, storm_raw.ledger_postings, storm_raw.refunds,"
                    + " storm_raw.order_lines");
            ddl.execute("create table storm_raw.order_lines (like public.order_lines including all)");
            ddl.execute("insert into storm_raw.order_lines select * from public.order_lines");
            // the copies start as paid and untouched: lines the service's storms already refunded in full would
            // otherwise refuse every baseline refund at the line's check and make the baseline count failures
            ddl.execute("update storm_raw.order_lines set refunded_fen = 0, reserved_fen = 0, settled_fen = 0,"
                    + " open_refunds = 0");
            ddl.execute("create table storm_raw.refunds (like public.refunds including all)");
            ddl.execute("create table storm_raw.ledger_postings (like public.ledger_postings including all)");
            ddl.execute("create table storm_raw.payout_outbox (like public.payout_outbox including all)");
            ddl.execute("analyze storm_raw.order_lines");
        }
        return (System.nanoTime() - start) / 1e9;
    }

    /** A line to refund. */
    public record LineRef(String orderId, String lineId) {
    }

    /** Up to {@code count} unshipped lines of the data set, spread over all its orders. */
    public static List<LineRef> lines(StormData data, int ordersLoaded, int count) {
        List<LineRef> lines = new ArrayList<>(count);
        long stride = 7_919;
        for (long k = 0; lines.size() < count && k < ordersLoaded * 2L; k++) {
            StormData.Order order = data.order((int) ((k * stride) % ordersLoaded));
            for (StormData.Line line : order.lines()) {
                if (!line.shipped() && line.paidFen() >= 100) {
                    lines.add(new LineRef(order.orderId(), line.lineId()));
                }
            }
        }
        return lines;
    }

    /** What a baseline run did. */
    public record Result(int concurrency, long refunds, double seconds, Histogram latencyMicros, long failures) {
        public double perSecond() {
            return refunds / Math.max(seconds, 1e-9);
        }
    }

    /**
     * {@code concurrency} connections with their statements prepared, kept for every run at that concurrency: the
     * warm-up, the maximum and the open loop run on the same warm backends, as the service's phases run on its
     * pool (opened afresh for the open loop, the baseline's first second ran at 680/s against 917/s asked).
     */
    public Session connect(int concurrency) throws SQLException {
        List<Statements> opened = new ArrayList<>();
        try {
            for (int i = 0; i < concurrency; i++) {
                Connection db = DriverManager.getConnection(jdbcUrl);
                db.setAutoCommit(false);
                opened.add(new Statements(db));
            }
        } catch (SQLException e) {
            for (Statements s : opened) {
                s.close();
            }
            throw e;
        }
        return new Session(opened);
    }

    /** A baseline's connections at one concurrency; each run gives each worker one of them. */
    public final class Session implements AutoCloseable {
        private final List<Statements> statements;

        private Session(List<Statements> statements) {
            this.statements = statements;
        }

        /** Refunds as fast as the connections can for {@code seconds}. */
        public Result run(List<LineRef> lines, double seconds, String label) {
            return run(lines, 0, seconds, label);
        }

        /**
         * Refunds at {@code ratePerSecond} (0: as fast as the connections can) for {@code seconds}, each refund's
         * latency counted from its due time ({@link OpenLoop}): at the storm's fraction of the baseline's own
         * maximum, the p99 these cores allow a bare transaction, beside the service's.
         */
        public Result run(List<LineRef> lines, double ratePerSecond, double seconds, String label) {
            AtomicLong next = new AtomicLong();
            LongAdder failures = new LongAdder();
            LongAdder done = new LongAdder();
            Histogram latency = new ConcurrentHistogram(3);
            String run = Long.toString(System.nanoTime(), 36);
            OpenLoop loop = new OpenLoop(OpenLoop.Ticker.SYSTEM, ratePerSecond, (long) (seconds * 1e9));
            ThreadLocal<Statements> mine = new ThreadLocal<>();
            AtomicInteger handedOut = new AtomicInteger();
            OpenLoop.Result result;
            try (var progress = io.miaotui.bench.Progress.start(label, 0, done::sum, failures::sum, log)) {
                result = loop.run(statements.size(), index -> {
                    Statements s = mine.get();
                    if (s == null) {
                        s = statements.get(handedOut.getAndIncrement());
                        mine.set(s);
                    }
                    long n = next.getAndIncrement();
                    LineRef line = lines.get((int) (n % lines.size()));
                    try {
                        s.refund(line, run + "-" + n);
                        done.increment();
                    } catch (SQLException e) {
                        if (failures.sum() == 0) {
                            log.printf("[%s] first failure: %s%n", label, e.getMessage());
                        }
                        failures.increment();
                        s.db.rollback();
                    }
                }, (index, nanos) -> latency.recordValue(Math.max(1, nanos / 1000)));
            }
            log.printf(Locale.ROOT, "[%s] %,d refunds in %.1f s: %,.0f/s, %d failed%n", label, done.sum(),
                    result.elapsedNanos() / 1e9, done.sum() / (result.elapsedNanos() / 1e9), failures.sum());
            return new Result(statements.size(), done.sum(), result.elapsedNanos() / 1e9, latency, failures.sum());
        }

        @Override
        public void close() throws SQLException {
            for (Statements s : statements) {
                s.close();
            }
        }
    }

    /** One connection's prepared statements (a virtual thread keeps its own; never shared). */
    private static final class Statements {
        final Connection db;
        final PreparedStatement lock;
        final PreparedStatement hold;
        final PreparedStatement refund;
        final PreparedStatement postings;
        final PreparedStatement outbox;

        Statements(Connection db) throws SQLException {
            this.db = db;
            lock = db.prepareStatement(LOCK);
            hold = db.prepareStatement(HOLD);
            refund = db.prepareStatement(REFUND);
            postings = db.prepareStatement(POSTINGS);
            outbox = db.prepareStatement(OUTBOX);
        }

        void refund(LineRef line, String key) throws SQLException {
            lock.setString(1, line.orderId());
            lock.setString(2, line.lineId());
            String buyer;
            try (ResultSet rs = lock.executeQuery()) {
                if (!rs.next()) {
                    throw new SQLException("line " + line + " not found");
                }
                buyer = rs.getString(4);
            }
            long amount = 1;
            hold.setLong(1, amount);
            hold.setString(2, line.orderId());
            hold.setString(3, line.lineId());
            hold.executeUpdate();
            String refundId = UUID.randomUUID().toString();
            Timestamp now = Timestamp.from(Instant.now());
            refund.setString(1, refundId);
            refund.setString(2, key);
            refund.setString(3, HASH);
            refund.setString(4, line.orderId());
            refund.setString(5, line.lineId());
            refund.setString(6, buyer);
            refund.setLong(7, amount);
            refund.setTimestamp(8, now);
            refund.setTimestamp(9, now);
            refund.executeUpdate();
            String entryId = UUID.randomUUID().toString();
            postings.setString(1, entryId);
            postings.setString(2, "escrow:" + line.orderId());
            postings.setLong(3, -amount);
            postings.setString(4, entryId);
            postings.setLong(5, amount);
            postings.executeUpdate();
            outbox.setString(1, refundId);
            outbox.setTimestamp(2, now);
            outbox.executeUpdate();
            db.commit();
        }

        void close() throws SQLException {
            try (db) {
                for (PreparedStatement s : List.of(lock, hold, refund, postings, outbox)) {
                    s.close();
                }
            }
        }
    }
}
