package io.miaotui.bench.whatif;

import io.miaotui.bench.BenchArgs;
import io.miaotui.bench.BenchTokens;
import io.miaotui.bench.MiniJson;
import java.io.IOException;
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
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Map;
import java.util.Set;

/**
 * What-if replay throughput against a running Miaotui: seeds N stored refund decisions (default 1,000,000) under
 * the policy key {@code bench-what-if} straight into the service's PostgreSQL, then asks the service, over HTTP
 * as an operator, to replay them through a draft expression R times, and prints each replay's time.
 *
 * <pre>scripts/what-if-bench.sh [--requests 1000000] [--runs 3] [--base-url http://127.0.0.1:8080]
 *     [--data-dir ./data] [--jdbc-url jdbc:postgresql://...] [--keep]</pre>
 */
public final class WhatIfReplayLoad {
    static final String KEY = "bench-what-if";
    static final String DRAFT = "!line.shipped && line.paidAmount <= 100000 && buyer.refundsLast90d < 4";
    private static final int CHUNK = 100_000;

    private WhatIfReplayLoad() {
    }

    public static void main(String[] args) throws Exception {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) throws Exception {
        Map<String, String> options;
        int requests;
        int runs;
        try {
            options = BenchArgs.scan(args, Set.of("requests", "runs", "base-url", "data-dir", "jdbc-url"), Set.of("keep"));
            requests = BenchArgs.intIn(options, "requests", 1_000_000, 1, 100_000_000);
            runs = BenchArgs.intIn(options, "runs", 3, 1, 100);
        } catch (BenchArgs.UsageException e) {
            err.println("error: " + e.getMessage() + "\nusage: what-if-bench [--requests N] [--runs R] [--base-url URL]"
                    + " [--data-dir DIR] [--jdbc-url URL] [--keep]");
            return 2;
        }
        Path dataDir = Path.of(options.getOrDefault("data-dir", System.getenv().getOrDefault("MIAOTUI_DATA_DIR", "./data")));
        String jdbcUrl = options.containsKey("jdbc-url") ? options.get("jdbc-url")
                : Files.readString(dataDir.resolve("embedded-postgres.url")).strip();
        URI whatIf = URI.create(options.getOrDefault("base-url", "http://127.0.0.1:8080") + "/api/v1/policies/" + KEY
                + "/what-if");
        BenchTokens tokens = BenchTokens.fromFile(dataDir.resolve("auth/jwt-hmac.key"), Clock.systemUTC());

        try (Connection db = DriverManager.getConnection(jdbcUrl)) {
            seed(db, requests, err);
            Instant from = Instant.now().minus(Duration.ofDays(2));
            Instant to = Instant.now().plus(Duration.ofMinutes(1));
            String body = "{\"expression\":" + MiniJson.quote(DRAFT) + ",\"from\":\"" + from + "\",\"to\":\"" + to + "\"}";
            var wall = new ArrayList<Double>();
            out.printf("what-if replay of %,d stored requests (draft: %s)%n", requests, DRAFT);
            out.printf("  %-4s %10s %10s %14s  %s%n", "run", "wall s", "server s", "requests/s", "instant before -> after");
            try (HttpClient http = HttpClient.newHttpClient()) {
                for (int run = 1; run <= runs; run++) {
                    long start = System.nanoTime();
                    HttpResponse<String> response = http.send(HttpRequest.newBuilder(whatIf)
                            .timeout(Duration.ofMinutes(5))
                            .header("Authorization", "Bearer " + tokens.operator())
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
                    double seconds = (System.nanoTime() - start) / 1e9;
                    if (response.statusCode() != 200) {
                        err.println("what-if answered " + response.statusCode() + ": " + response.body());
                        return 1;
                    }
                    Map<String, Object> reply = MiniJson.parseObject(response.body()).orElseThrow();
                    @SuppressWarnings("unchecked")
                    Map<String, Object> total = (Map<String, Object>) reply.get("total");
                    long replayed = ((Number) total.get("requests")).longValue();
                    if (replayed != requests) {
                        err.println("replayed " + replayed + " requests, seeded " + requests);
                        return 1;
                    }
                    wall.add(seconds);
                    out.printf("  %-4d %10.2f %10.2f %,14.0f  %s -> %s%n", run, seconds,
                            ((Number) reply.get("seconds")).doubleValue(), replayed / seconds,
                            total.get("instantBefore"), total.get("instantAfter"));
                }
            }
            wall.sort(Double::compare);
            out.printf("wall seconds: min %.2f, median %.2f, max %.2f%n", wall.getFirst(), wall.get(wall.size() / 2),
                    wall.getLast());
            if (!options.containsKey("keep")) {
                delete(db);
            }
        }
        return 0;
    }

    /** Writes the synthetic history in chunks, saying how far it got. */
    private static void seed(Connection db, int requests, PrintStream err) throws SQLException {
        delete(db);
        long start = System.nanoTime();
        try (PreparedStatement insert = db.prepareStatement(SeedSql.INSERT)) {
            for (int first = 1; first <= requests; first += CHUNK) {
                int last = Math.min(requests, first + CHUNK - 1);
                insert.setInt(1, first);
                insert.setInt(2, last);
                insert.executeUpdate();
                err.printf("[seed] %,d/%,d stored decisions (%.1f s)%n", last, requests, (System.nanoTime() - start) / 1e9);
            }
        }
        try (var analyze = db.createStatement()) {
            analyze.execute("analyze policy_decisions");
        }
    }

    private static void delete(Connection db) throws SQLException {
        try (PreparedStatement delete = db.prepareStatement("delete from policy_decisions where policy_key = ?")) {
            delete.setString(1, KEY);
            delete.executeUpdate();
        }
    }
}
