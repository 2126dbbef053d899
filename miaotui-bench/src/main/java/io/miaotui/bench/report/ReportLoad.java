package io.miaotui.bench.report;

import io.miaotui.bench.BenchArgs;
import io.miaotui.bench.BenchTokens;
import io.miaotui.bench.MiniJson;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The consumer-experience report over a window holding N refunds (default 1,000,000): writes a synthetic
 * history ({@link ReportSeedSql}) straight into a running Miaotui's PostgreSQL, then asks the service for the
 * report over that window R times (JSON; then once as CSV, and the live dashboard), printing each answer's time.
 * Use a throwaway data directory: the history stays (deleting a million refunds with their foreign keys would
 * take longer than writing them); {@code --skip-seed} times an already seeded database again.
 *
 * <pre>scripts/report-bench.sh [--refunds 1000000] [--runs 5] [--base-url http://127.0.0.1:8080]
 *     [--data-dir ./data] [--jdbc-url jdbc:postgresql://...] [--skip-seed]</pre>
 */
public final class ReportLoad {
    private static final int CHUNK = 50_000;
    private static final Duration WINDOW = Duration.ofDays(14);

    private ReportLoad() {
    }

    public static void main(String[] args) throws Exception {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) throws Exception {
        Map<String, String> options;
        int refunds;
        int runs;
        try {
            options = BenchArgs.scan(args, Set.of("refunds", "runs", "base-url", "data-dir", "jdbc-url"),
                    Set.of("skip-seed"));
            refunds = BenchArgs.intIn(options, "refunds", 1_000_000, 1, 50_000_000);
            runs = BenchArgs.intIn(options, "runs", 5, 1, 100);
        } catch (BenchArgs.UsageException e) {
            err.println("error: " + e.getMessage() + "\nusage: report-bench [--refunds N] [--runs R] [--base-url URL]"
                    + " [--data-dir DIR] [--jdbc-url URL] [--skip-seed]");
            return 2;
        }
        Path dataDir = Path.of(options.getOrDefault("data-dir", System.getenv().getOrDefault("MIAOTUI_DATA_DIR", "./data")));
        String jdbcUrl = options.containsKey("jdbc-url") ? options.get("jdbc-url")
                : Files.readString(dataDir.resolve("embedded-postgres.url")).strip();
        String base = options.getOrDefault("base-url", "http://127.0.0.1:8080");
        BenchTokens tokens = BenchTokens.fromFile(dataDir.resolve("auth/jwt-hmac.key"), Clock.systemUTC());

        Instant from;
        try (Connection db = DriverManager.getConnection(jdbcUrl)) {
            if (options.containsKey("skip-seed")) {
                from = seededStart(db);
            } else {
                from = Instant.now().minus(WINDOW).truncatedTo(ChronoUnit.HOURS);
                seed(db, from, refunds, err);
            }
            try (ResultSet rs = db.createStatement().executeQuery(
                    "select pg_size_pretty(pg_total_relation_size('refunds')), pg_size_pretty(pg_database_size(current_database())),"
                            + " (select count(*) from refunds)")) {
                rs.next();
                out.printf("database: refunds table with indexes %s, whole database %s, %,d refunds%n",
                        rs.getString(1), rs.getString(2), rs.getLong(3));
            }
        }
        Instant to = from.plus(WINDOW);
        String query = "?from=" + from + "&to=" + to;
        out.printf("consumer-experience report over %s .. %s%n", from, to);
        out.printf("  %-4s %-5s %10s %12s %10s %10s%n", "run", "as", "wall ms", "requested", "instant", "p50 ms");
        var times = new ArrayList<Long>();
        try (HttpClient http = HttpClient.newHttpClient()) {
            for (int run = 1; run <= runs + 1; run++) {
                boolean csv = run == runs + 1;
                long start = System.nanoTime();
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base
                                + "/api/v1/reports/consumer-experience" + query)).timeout(Duration.ofMinutes(5))
                        .header("Authorization", "Bearer " + tokens.operator())
                        .header("Accept", csv ? "text/csv" : "application/json").GET().build(),
                        HttpResponse.BodyHandlers.ofString());
                long ms = (System.nanoTime() - start) / 1_000_000;
                if (response.statusCode() != 200) {
                    err.println("report answered " + response.statusCode() + ": " + response.body());
                    return 1;
                }
                if (csv) {
                    out.printf("  %-4d %-5s %10d %12s%n", run, "csv", ms, response.body().lines().count() - 1 + " rows");
                    continue;
                }
                Map<String, Object> reply = MiniJson.parseObject(response.body()).orElseThrow();
                out.printf("  %-4d %-5s %10d %,12d %10s %10s%n", run, "json", ms,
                        ((Number) reply.get("refundsRequested")).longValue(), reply.get("instantShare"),
                        reply.get("timeToMoneyP50Ms"));
                times.add(ms);
            }
            long start = System.nanoTime();
            HttpResponse<String> live = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/reports/live?minutes=60"))
                    .header("Authorization", "Bearer " + tokens.operator()).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            out.printf("  live dashboard (60 minutes): %d in %d ms%n", live.statusCode(), (System.nanoTime() - start) / 1_000_000);
        }
        List<Long> warm = times.subList(1, times.size()).stream().sorted().toList();
        out.printf("first (cold) %d ms; warm: min %d ms, median %d ms, max %d ms%n", times.getFirst(),
                warm.isEmpty() ? times.getFirst() : warm.getFirst(), warm.isEmpty() ? times.getFirst() : warm.get(warm.size() / 2),
                warm.isEmpty() ? times.getFirst() : warm.getLast());
        return 0;
    }

    private static void seed(Connection db, Instant from, int refunds, PrintStream err) throws SQLException {
        long start = System.nanoTime();
        try (var shops = db.createStatement()) {
            shops.execute(ReportSeedSql.SHOPS);
        }
        double secondsApart = (WINDOW.toSeconds() - Duration.ofHours(6).toSeconds()) / (double) refunds;
        Timestamp grayFrom = Timestamp.from(from.plus(WINDOW).minus(Duration.ofDays(3)));
        try (PreparedStatement insert = db.prepareStatement(ReportSeedSql.CHUNK)) {
            for (int first = 1; first <= refunds; first += CHUNK) {
                int last = Math.min(refunds, first + CHUNK - 1);
                insert.setTimestamp(1, Timestamp.from(from));
                insert.setDouble(2, secondsApart);
                insert.setInt(3, first);
                insert.setInt(4, last);
                insert.setTimestamp(5, grayFrom);
                try (ResultSet rs = insert.executeQuery()) {
                    rs.next();
                }
                err.printf("[seed] %,d/%,d refunds with their orders, lines and decisions (%.1f s)%n", last, refunds,
                        (System.nanoTime() - start) / 1e9);
            }
        }
        try (var analyze = db.createStatement()) {
            analyze.execute("vacuum analyze refunds");
            analyze.execute("vacuum analyze policy_decisions");
            analyze.execute("vacuum analyze orders");
            analyze.execute("vacuum analyze order_lines");
            analyze.execute("vacuum analyze refund_events");
        }
        err.printf("[seed] done in %.1f s%n", (System.nanoTime() - start) / 1e9);
    }

    /** The window an earlier run seeded: from the first seeded order's payment, to the hour. */
    private static Instant seededStart(Connection db) throws SQLException {
        try (ResultSet rs = db.createStatement().executeQuery(
                "select min(paid_at) from orders where order_id like 'O-rb-%'")) {
            rs.next();
            return rs.getTimestamp(1).toInstant().truncatedTo(ChronoUnit.HOURS);
        }
    }
}
