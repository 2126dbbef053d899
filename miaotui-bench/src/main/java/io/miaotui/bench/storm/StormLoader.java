package io.miaotui.bench.storm;

import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.UUID;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * Loads a {@link StormData} set straight into the service's tables with {@code COPY} (the tables the server's
 * Flyway migrations made: start the server once on the database first). Per order it writes what registering it
 * over the API would: the order (with its escrow balance), its lines, and the PAYMENT ledger entry with its two
 * postings (buyer → escrow); shipped lines carry their shipment. The audit log's ORDER_REGISTERED rows are not
 * written (nothing on the refund path reads them).
 *
 * <p>Which data sets a database holds, and how far the driver has used each, is kept in the bench's own schema
 * {@code storm}: a data set grows by appending the next orders of the same seed, and each storm takes orders no
 * storm took before.
 */
public final class StormLoader {
    /** Orders per COPY transaction: a few MB of text, progress every chunk. */
    static final int CHUNK_ORDERS = 25_000;

    private final Connection db;
    private final PrintStream log;

    public StormLoader(Connection db, PrintStream log) {
        this.db = db;
        this.log = log;
    }

    /** A data set's row in {@code storm.datasets}. */
    public record DataSet(StormData data, int ordersLoaded, long linesLoaded, int shopsLoaded, int ordersUsed) {
    }

    /** The data set of {@code seed}, created (empty, with its epoch now) when the database has none. */
    public DataSet open(long seed) throws SQLException {
        try (Statement ddl = db.createStatement()) {
            ddl.execute("create schema if not exists storm");
            ddl.execute("""
                    create table if not exists storm.datasets (
                        prefix varchar(20) primary key, seed bigint not null unique, epoch timestamptz not null,
                        orders_loaded int not null, lines_loaded bigint not null, shops_loaded int not null,
                        orders_used int not null)""");
        }
        String prefix = "st" + Long.toUnsignedString(seed, 36);
        if (prefix.length() > 20) {
            prefix = prefix.substring(0, 20);
        }
        try (PreparedStatement insert = db.prepareStatement("""
                insert into storm.datasets (prefix, seed, epoch, orders_loaded, lines_loaded, shops_loaded, orders_used)
                values (?, ?, ?, 0, 0, 0, 0) on conflict do nothing""")) {
            insert.setString(1, prefix);
            insert.setLong(2, seed);
            insert.setTimestamp(3, Timestamp.from(Instant.now().truncatedTo(ChronoUnit.MILLIS)));
            insert.executeUpdate();
        }
        return read(seed);
    }

    public DataSet read(long seed) throws SQLException {
        try (PreparedStatement select = db.prepareStatement(
                "select prefix, epoch, orders_loaded, lines_loaded, shops_loaded, orders_used from storm.datasets where seed = ?")) {
            select.setLong(1, seed);
            try (ResultSet rs = select.executeQuery()) {
                if (!rs.next()) {
                    throw new IllegalStateException("no storm data set for seed " + seed);
                }
                return new DataSet(new StormData(seed, rs.getString(1), rs.getTimestamp(2).toInstant()), rs.getInt(3),
                        rs.getLong(4), rs.getInt(5), rs.getInt(6));
            }
        }
    }

    /** Records that the driver used orders up to (not including) {@code ordersUsed}. */
    public void markUsed(DataSet set, int ordersUsed) throws SQLException {
        try (PreparedStatement update = db.prepareStatement(
                "update storm.datasets set orders_used = greatest(orders_used, ?) where seed = ?")) {
            update.setInt(1, ordersUsed);
            update.setLong(2, set.data().seed());
            update.executeUpdate();
        }
    }

    /** What a load did. */
    public record Loaded(DataSet set, int ordersAdded, long linesAdded, double seconds) {
    }

    /** Appends orders until the data set holds at least {@code lines} lines. */
    public Loaded growToLines(DataSet set, long lines) throws SQLException {
        return grow(set, Integer.MAX_VALUE, lines);
    }

    /** Appends orders until the data set holds at least {@code orders} orders. */
    public Loaded growToOrders(DataSet set, int orders) throws SQLException {
        return grow(set, orders, Long.MAX_VALUE);
    }

    private Loaded grow(DataSet set, int targetOrders, long targetLines) throws SQLException {
        StormData data = set.data();
        int orders = set.ordersLoaded();
        long lines = set.linesLoaded();
        int shops = set.shopsLoaded();
        long start = System.nanoTime();
        long lastReport = start;
        boolean autoCommit = db.getAutoCommit();
        db.setAutoCommit(false);
        CopyManager copy = db.unwrap(PGConnection.class).getCopyAPI();
        try {
            while (orders < targetOrders && lines < targetLines) {
                Chunk chunk = new Chunk();
                int first = orders;
                while (orders < targetOrders && lines < targetLines && orders - first < CHUNK_ORDERS) {
                    StormData.Order order = data.order(orders);
                    chunk.add(order);
                    lines += order.lines().size();
                    orders++;
                }
                int shopsNeeded = StormData.shopsFor(orders);
                for (; shops < shopsNeeded; shops++) {
                    chunk.addShop(data.shop(shops), data.epoch());
                }
                chunk.copy(copy);
                try (PreparedStatement update = db.prepareStatement("""
                        update storm.datasets set orders_loaded = ?, lines_loaded = ?, shops_loaded = ? where seed = ?""")) {
                    update.setInt(1, orders);
                    update.setLong(2, lines);
                    update.setInt(3, shops);
                    update.setLong(4, data.seed());
                    update.executeUpdate();
                }
                db.commit();
                long now = System.nanoTime();
                if (now - lastReport > 2_000_000_000L || orders >= targetOrders || lines >= targetLines) {
                    double seconds = (now - start) / 1e9;
                    long added = lines - set.linesLoaded();
                    log.printf(Locale.ROOT, "[load] %,d lines in %,d orders (+%,d lines, %.1f s, %,.0f lines/s)%n",
                            lines, orders, added, seconds, added / Math.max(seconds, 1e-9));
                    lastReport = now;
                }
            }
        } catch (SQLException | RuntimeException e) {
            db.rollback();
            throw e;
        } finally {
            db.setAutoCommit(autoCommit);
        }
        if (orders > set.ordersLoaded()) {
            try (Statement analyze = db.createStatement()) {
                analyze.execute("analyze orders, order_lines, ledger_entries, ledger_postings, shops");
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return new Loaded(read(data.seed()), orders - set.ordersLoaded(), lines - set.linesLoaded(), seconds);
    }

    /** One chunk's rows as COPY text, a buffer per table. */
    private static final class Chunk {
        private final StringBuilder shops = new StringBuilder();
        private final StringBuilder orders = new StringBuilder();
        private final StringBuilder lines = new StringBuilder();
        private final StringBuilder entries = new StringBuilder();
        private final StringBuilder postings = new StringBuilder();

        void addShop(StormData.Shop shop, Instant at) {
            String ts = at.toString();
            row(shops, shop.shopId(), "storm shop " + shop.shopId(), shop.channel(), ts, ts, "80");
        }

        void add(StormData.Order order) {
            SplittableRandom ids = new SplittableRandom(StormData.mix(order.orderId().hashCode() * 31L + order.index()));
            String paidAt = order.paidAt().toString();
            String shipBy = order.paidAt().plus(48, ChronoUnit.HOURS).toString();
            long total = order.totalFen();
            row(orders, order.orderId(), order.shop().shopId(), order.buyerId(), paidAt, "CNY", hash(order),
                    paidAt, Long.toString(total), shipBy, "0");
            for (StormData.Line line : order.lines()) {
                String shippedAt = line.shipped() ? order.paidAt().plus(30, ChronoUnit.MINUTES).toString() : null;
                row(lines, order.orderId(), line.lineId(), line.sku(), Integer.toString(line.quantity()),
                        Long.toString(line.paidFen()), shippedAt, line.shipped() ? "SF" : null,
                        line.shipped() ? "SF" + order.index() + line.lineId() : null);
            }
            if (total > 0) {
                String entryId = new UUID(ids.nextLong(), ids.nextLong()).toString();
                row(entries, entryId, "PAYMENT", order.orderId(), null, paidAt);
                row(postings, entryId, "buyer:" + order.buyerId(), Long.toString(-total), "CNY");
                row(postings, entryId, "escrow:" + order.orderId(), Long.toString(total), "CNY");
            }
        }

        void copy(CopyManager copy) throws SQLException {
            try {
                copyIn(copy, "shops (shop_id, name, channel, created_at, updated_at, experience_score)", shops);
                copyIn(copy, "orders (order_id, shop_id, buyer_id, paid_at, currency, request_hash, created_at,"
                        + " escrow_fen, ship_by, buyer_credit_level)", orders);
                copyIn(copy, "order_lines (order_id, line_id, sku, quantity, paid_fen, shipped_at, carrier, tracking_no)",
                        lines);
                copyIn(copy, "ledger_entries (entry_id, kind, order_id, refund_id, created_at)", entries);
                copyIn(copy, "ledger_postings (entry_id, account, amount_fen, currency)", postings);
            } catch (java.io.IOException e) {
                throw new SQLException("COPY failed: " + e.getMessage(), e);
            }
        }

        private static void copyIn(CopyManager copy, String table, StringBuilder rows) throws SQLException,
                java.io.IOException {
            if (!rows.isEmpty()) {
                copy.copyIn("copy " + table + " from stdin", new StringReader(rows.toString()));
            }
        }

        /** One COPY text row; our values hold no tab, newline or backslash, and null is {@code \N}. */
        private static void row(StringBuilder out, String... values) {
            for (int i = 0; i < values.length; i++) {
                if (i > 0) {
                    out.append('\t');
                }
                out.append(values[i] == null ? "\\N" : values[i]);
            }
            out.append('\n');
        }

        /** A stand-in for the registration body's SHA-256: 64 hex characters, the order id's own. */
        private static String hash(StormData.Order order) {
            try {
                return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                        .digest(order.orderId().getBytes(StandardCharsets.UTF_8)));
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
