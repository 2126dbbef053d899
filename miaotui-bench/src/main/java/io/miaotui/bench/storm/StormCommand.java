package io.miaotui.bench.storm;

import io.miaotui.bench.ApiClient;
import io.miaotui.bench.ApiResponse;
import io.miaotui.bench.BenchArgs;
import io.miaotui.bench.BenchTokens;
import io.miaotui.bench.LatencySnapshot;
import io.miaotui.bench.TimeToMoney;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.HdrHistogram.Histogram;

/**
 * The storm bench, one command: loads (or grows) a realistic data set into the service's database with COPY,
 * then for each data size and each concurrency finds the service's sustained maximum (closed loop), storms it
 * open-loop at 70 % of that, samples time to money, finds the maximum of a storm of refunds alone, and runs the
 * raw one-refund-per-transaction SQL (after a warm-up of its own) at the same concurrency on the same database,
 * closed loop and then open-loop at the same fraction of its own maximum (the p99 a bare transaction gets from
 * these cores, beside the service's); prints both service/raw ratios and the machine's own longest stall in the
 * open loop ({@link MachineStalls}), and writes the results as JSON and the latency curves as SVG. With
 * {@code --curve 0.2,0.4}, it also runs the refunds-only storm and the raw SQL open-loop at each of those fractions
 * of their own maxima, and draws p99 against the rate served for both ({@link LoadCurveChart}): the rate up to which
 * each meets the 25 ms target on these cores.
 *
 * <pre>scripts/storm.sh --base-url http://127.0.0.1:8080 [--data-dir ./data | --jdbc-url URL --secret-file F]
 *     [--sizes 10000,1000000] [--concurrency 1,8,32,128] [--seconds 10] [--seed 42] [--label embedded]
 *     [--out docs/storm] [--curve 0.2,0.4]</pre>
 */
public final class StormCommand {
    static final double OPEN_LOOP_FRACTION = 0.70;
    static final int TIME_TO_MONEY_POLLERS = 16;
    static final double RAW_WARM_UP_SECONDS = 10;

    private StormCommand() {
    }

    public static void main(String[] args) throws Exception {
        System.exit(run(args, System.out, System.err));
    }

    /** The parsed command line. */
    record Options(URI baseUrl, Path dataDir, String jdbcUrl, Path secretFile, List<Long> sizes,
                   List<Integer> concurrency, double seconds, long seed, String label, Path out, boolean loadOnly,
                   double fraction, double warmupSeconds, List<Double> curve) {
    }

    static Options parse(String[] args) throws IOException {
        Map<String, String> values = BenchArgs.scan(args, Set.of("base-url", "data-dir", "jdbc-url", "secret-file",
                "sizes", "concurrency", "seconds", "seed", "label", "out", "fraction", "warmup-seconds", "curve"),
                Set.of("load-only", "help"));
        if (values.containsKey("help")) {
            throw new BenchArgs.UsageException("help");
        }
        Path dataDir = Path.of(values.getOrDefault("data-dir", System.getenv().getOrDefault("MIAOTUI_DATA_DIR", "./data")));
        String jdbcUrl = values.containsKey("jdbc-url") ? values.get("jdbc-url")
                : Files.readString(dataDir.resolve("embedded-postgres.url")).strip();
        Path secret = Path.of(values.getOrDefault("secret-file", dataDir.resolve("auth/jwt-hmac.key").toString()));
        List<Long> sizes = new ArrayList<>();
        for (String s : values.getOrDefault("sizes", "10000").split(",")) {
            sizes.add(size(s.strip()));
        }
        sizes.sort(Long::compare);
        List<Integer> concurrency = new ArrayList<>();
        for (String c : values.getOrDefault("concurrency", "1,8,32,128").split(",")) {
            concurrency.add(Integer.parseInt(c.strip()));
        }
        return new Options(URI.create(values.getOrDefault("base-url", "http://127.0.0.1:8080")), dataDir, jdbcUrl,
                secret, sizes, concurrency, Double.parseDouble(values.getOrDefault("seconds", "10")),
                Long.parseLong(values.getOrDefault("seed", "42")), values.getOrDefault("label", "storm"),
                Path.of(values.getOrDefault("out", "docs/storm")), values.containsKey("load-only"),
                Double.parseDouble(values.getOrDefault("fraction", Double.toString(OPEN_LOOP_FRACTION))),
                Double.parseDouble(values.getOrDefault("warmup-seconds", "120")), fractions(values.get("curve")));
    }

    /** "0.2,0.4": the load curve's fractions of each maximum, each above 0 and at most 1; none when not asked. */
    static List<Double> fractions(String text) {
        List<Double> fractions = new ArrayList<>();
        if (text == null || text.isBlank()) {
            return fractions;
        }
        for (String f : text.split(",")) {
            double fraction = Double.parseDouble(f.strip());
            if (!(fraction > 0 && fraction <= 1)) {
                throw new BenchArgs.UsageException("a load-curve fraction is above 0 and at most 1, got " + f.strip());
            }
            fractions.add(fraction);
        }
        fractions.sort(Double::compare);
        return List.copyOf(fractions);
    }

    /** "10000", "10k", "1M", "10_000_000". */
    static long size(String text) {
        String t = text.replace("_", "").toLowerCase(Locale.ROOT);
        long factor = 1;
        if (t.endsWith("k")) {
            factor = 1_000;
            t = t.substring(0, t.length() - 1);
        } else if (t.endsWith("m")) {
            factor = 1_000_000;
            t = t.substring(0, t.length() - 1);
        }
        long value = Long.parseLong(t) * factor;
        if (value < 1 || value > 100_000_000) {
            throw new BenchArgs.UsageException("a data size is 1 to 100M lines, got " + text);
        }
        return value;
    }

    static int run(String[] args, PrintStream out, PrintStream err) throws Exception {
        Options options;
        try {
            options = parse(args);
        } catch (BenchArgs.UsageException | IOException | NumberFormatException e) {
            err.println("error: " + e.getMessage());
            err.println("usage: scripts/storm.sh [--base-url URL] [--data-dir DIR | --jdbc-url URL --secret-file F]"
                    + " [--sizes 10k,1M,10M] [--concurrency 1,8,32,128] [--seconds S] [--seed N] [--label NAME]"
                    + " [--out DIR] [--fraction 0.7] [--curve 0.2,0.4] [--warmup-seconds 120] [--load-only]");
            return 2;
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("label", options.label());
        result.put("startedAt", Instant.now().toString());
        result.put("machine", machine());
        result.put("baseUrl", options.baseUrl().toString());
        result.put("jdbcUrl", options.jdbcUrl().replaceAll("password=[^&]*", "password=***"));
        result.put("seed", options.seed());
        result.put("seconds", options.seconds());
        result.put("openLoopFraction", options.fraction());
        List<Map<String, Object>> loads = new ArrayList<>();
        List<Map<String, Object>> points = new ArrayList<>();
        result.put("loads", loads);
        result.put("points", points);
        List<LatencyChart.Series> curves = new ArrayList<>();
        List<LoadCurveChart.Series> loadCurves = new ArrayList<>();

        BenchTokens tokens = BenchTokens.fromFile(options.secretFile(), Clock.systemUTC());
        ApiClient api = new ApiClient(options.baseUrl(), tokens);
        ServicePhase service = new ServicePhase(api, err);
        RawSqlBaseline raw = new RawSqlBaseline(options.jdbcUrl(), err);
        List<String> summary = new ArrayList<>();
        summary.add(String.format(Locale.ROOT, "%-10s %5s %12s %12s %9s %13s %9s %6s %9s %9s %9s %9s %9s %10s %11s %s", "lines",
                "conc", "instant r/s", "raw SQL r/s", "ratio", "refunds-only", "ratio", "batch", "rate@70%", "p50 ms", "p99 ms", "p99.9 ms",
                "stall ms", "ttm p99 ms", "raw p99 ms", "errors"));
        try (Connection db = DriverManager.getConnection(options.jdbcUrl());
                MachineStalls stalls = MachineStalls.start()) {
            StormLoader loader = new StormLoader(db, err);
            StormLoader.DataSet set = loader.open(options.seed());
            err.printf("[storm] data set %s (seed %d): %,d lines in %,d orders loaded, %,d orders used%n",
                    set.data().prefix(), options.seed(), set.linesLoaded(), set.ordersLoaded(), set.ordersUsed());
            long refundsAtStart = count(db, "refunds");
            result.put("refundsAtStart", refundsAtStart);
            grownByEarlierRuns(refundsAtStart).ifPresent(err::println);
            double lastMax = 200;
            boolean warmedUp = false;
            for (long size : options.sizes()) {
                StormLoader.Loaded loaded = loader.growToLines(set, size);
                set = loaded.set();
                Map<String, Object> load = new LinkedHashMap<>();
                load.put("targetLines", size);
                load.put("linesAdded", loaded.linesAdded());
                load.put("ordersAdded", loaded.ordersAdded());
                load.put("seconds", loaded.seconds());
                load.put("linesPerSecond", loaded.linesAdded() / Math.max(loaded.seconds(), 1e-9));
                load.put("tableLines", count(db, "order_lines"));
                loads.add(load);
                err.printf(Locale.ROOT, "[storm] %,d lines: loaded %,d in %.1f s%n", size, loaded.linesAdded(),
                        loaded.seconds());
                if (options.loadOnly()) {
                    continue;
                }
                if (options.warmupSeconds() > 0 && !warmedUp) {
                    // the server's JIT: C2 held 40 % of the server's CPU in a maximum measured 40 s after start; not measured
                    set = loader.growToOrders(set, set.ordersUsed() + (int) (700 * options.warmupSeconds())).set();
                    StormOps warmOps = new StormOps(set.data(), set.ordersUsed(), options.seed() * 17);
                    err.printf("[storm] warming the server up: closed loop, 32 workers, %.0f s%n", options.warmupSeconds());
                    ServicePhase.Result warm = service.run(warmOps, 0, 32, options.warmupSeconds(), "warm-up");
                    loader.markUsed(set, warmOps.nextUnusedOrder());
                    set = loader.read(options.seed());
                    err.printf(Locale.ROOT, "[storm] warm-up: %.0f requests/s, outcomes %s%n", warm.requestsPerSecond(),
                            warm.outcomes());
                    warmedUp = true;
                    // the warm-up's rate (JIT included) is a floor for the maximum: size the first storm's data by it
                    lastMax = Math.max(lastMax, warm.requestsPerSecond());
                }
                // copied after the warm-up grew the data set: every line the baseline picks is in its copy (copied
                // before, the lines the warm-up added were "not found", 13 % of baseline attempts on 2026-12-02)
                double copySeconds = raw.prepare();
                err.printf(Locale.ROOT, "[storm] raw SQL scratch tables ready (%.1f s)%n", copySeconds);
                List<RawSqlBaseline.LineRef> rawLines = RawSqlBaseline.lines(set.data(), set.ordersLoaded(), 50_000);
                for (int c : options.concurrency()) {
                    // enough unused orders for the maximum (twice the last one's rate); the open loop's are added
                    // once its rate is known. Short of orders, a storm's requests are answered 404, quickly and cheaply:
                    // before 2026-12-04 the open loop could run past its data (one run: 9,343 of 26,480 requests)
                    set = loader.growToOrders(set, set.ordersUsed() + ordersFor(lastMax * 2 * options.seconds())).set();
                    long tableLines = count(db, "order_lines");
                    StormOps ops = new StormOps(set.data(), set.ordersUsed(), options.seed() * 31 + c);
                    String tag = String.format(Locale.ROOT, "%s/%d", human(size), c);
                    err.printf("[storm] %s: sustained maximum, closed loop, %d workers, %.0f s%n", tag, c, options.seconds());
                    GroupCommitBatches batchesBefore = batches(api);
                    long maxFrom = System.nanoTime();
                    ServicePhase.Result max = service.run(ops, 0, c, options.seconds(), "max " + tag);
                    MachineStalls.Summary maxStalls = stalls.since(maxFrom);
                    Map<String, Double> meanBatch = batches(api).meanSince(batchesBefore);
                    lastMax = Math.max(max.requestsPerSecond(), 1);
                    double rate = Math.max(1, max.requestsPerSecond() * options.fraction());
                    err.printf(Locale.ROOT, "[storm] %s: %.0f requests/s, %.0f refunds created/s, %.0f of them instant;"
                            + " open loop at %.0f/s%n", tag, max.requestsPerSecond(), max.refundsPerSecond(),
                            max.instantPerSecond(), rate);
                    set = loader.growToOrders(set, ops.nextUnusedOrder() + ordersFor(rate * options.seconds())).set();
                    long openFrom = System.nanoTime();
                    ServicePhase.Result open = service.run(ops, rate, c, options.seconds(), "open " + tag);
                    MachineStalls.Summary openStalls = stalls.since(openFrom);
                    loader.markUsed(set, ops.nextUnusedOrder());
                    set = loader.read(options.seed());
                    TimeToMoney.Result money = new TimeToMoney(api, err).measure(open.instantRefundIds(),
                            TIME_TO_MONEY_POLLERS);
                    // the first storm, refunds of unshipped lines and nothing else: what the raw SQL does
                    set = loader.growToOrders(set, set.ordersUsed()
                            + refundsOnlyOrdersFor(lastMax * REFUNDS_ONLY_OVER_MIXED * options.seconds())).set();
                    StormOps refundOps = StormOps.refundsOnly(set.data(), set.ordersUsed());
                    err.printf("[storm] %s: sustained maximum of refunds only, closed loop, %d workers, %.0f s%n", tag, c,
                            options.seconds());
                    ServicePhase.Result refundsOnly = service.run(refundOps, 0, c, options.seconds(), "refunds " + tag);
                    loader.markUsed(set, refundOps.nextUnusedOrder());
                    set = loader.read(options.seed());
                    // the load curve: the same refunds open-loop at each fraction of that maximum, to set beside the raw SQL's
                    List<Map<String, Object>> serviceCurve = new ArrayList<>();
                    List<LoadCurveChart.Point> serviceCurvePoints = new ArrayList<>();
                    for (double f : options.curve()) {
                        // each step starts with no payout being paid or due, so none pays for the phase before's
                        // (after the refunds-only maximum it drained in 0.3 s on 2026-12-06)
                        awaitPayouts(db, err);
                        double curveRate = Math.max(1, refundsOnly.requestsPerSecond() * f);
                        set = loader.growToOrders(set, set.ordersUsed() + refundsOnlyOrdersFor(curveRate * options.seconds())).set();
                        StormOps curveOps = StormOps.refundsOnly(set.data(), set.ordersUsed());
                        ServicePhase.Result step = service.run(curveOps, curveRate, c, options.seconds(),
                                String.format(Locale.ROOT, "refunds at %.0f %% %s", f * 100, tag));
                        loader.markUsed(set, curveOps.nextUnusedOrder());
                        set = loader.read(options.seed());
                        serviceCurve.add(curveStep(f, curveRate, step.refundsPerSecond(), step.refundLatencyMicros()));
                        serviceCurvePoints.add(new LoadCurveChart.Point(step.refundsPerSecond(), ms(step.refundLatencyMicros(), 99)));
                        err.printf(Locale.ROOT, "[storm] %s: refunds only at %.0f %%: %.0f/s, p50 %.1f ms, p99 %.1f ms%n", tag,
                                f * 100, step.refundsPerSecond(), ms(step.refundLatencyMicros(), 50), ms(step.refundLatencyMicros(), 99));
                    }
                    // the raw SQL warmed up as the server was (its connections, plans and the bench's JIT): cold, its
                    // first seconds ran at half its rate and lifted every ratio (2026-12-04: 567/s, then 1,100-1,300/s)
                    RawSqlBaseline.Result baseline;
                    RawSqlBaseline.Result rawOpen;
                    double rawRate;
                    MachineStalls.Summary rawOpenStalls;
                    List<Map<String, Object>> rawCurve = new ArrayList<>();
                    List<LoadCurveChart.Point> rawCurvePoints = new ArrayList<>();
                    try (RawSqlBaseline.Session rawSession = raw.connect(c)) {
                        rawSession.run(rawLines, Math.min(RAW_WARM_UP_SECONDS, options.seconds()), "raw warm-up " + tag);
                        baseline = rawSession.run(rawLines, options.seconds(), "raw " + tag);
                        // the same share of its own maximum, open loop: the p99 these cores allow a bare transaction
                        rawRate = Math.max(1, baseline.perSecond() * options.fraction());
                        long rawOpenFrom = System.nanoTime();
                        rawOpen = rawSession.run(rawLines, rawRate, options.seconds(), "raw open " + tag);
                        rawOpenStalls = stalls.since(rawOpenFrom);
                        for (double f : options.curve()) {
                            double curveRate = Math.max(1, baseline.perSecond() * f);
                            RawSqlBaseline.Result step = rawSession.run(rawLines, curveRate, options.seconds(),
                                    String.format(Locale.ROOT, "raw at %.0f %% %s", f * 100, tag));
                            rawCurve.add(curveStep(f, curveRate, step.perSecond(), step.latencyMicros()));
                            rawCurvePoints.add(new LoadCurveChart.Point(step.perSecond(), ms(step.latencyMicros(), 99)));
                            err.printf(Locale.ROOT, "[storm] %s: raw SQL at %.0f %%: %.0f/s, p50 %.1f ms, p99 %.1f ms%n", tag,
                                    f * 100, step.perSecond(), ms(step.latencyMicros(), 50), ms(step.latencyMicros(), 99));
                        }
                    }
                    Map<String, Object> point = point(size, tableLines, c, max, open, money, baseline);
                    point.put("rawSqlOpenLoop", rawOpenJson(rawRate, rawOpen, rawOpenStalls));
                    point.put("refundsOnlyMaximum", phase(refundsOnly));
                    point.put("refundsOnlyOverRaw", serviceOverRaw(refundsOnly, baseline));
                    point.put("groupCommitMeanBatchAtMaximum", meanBatch);
                    if (!options.curve().isEmpty()) {
                        Map<String, Object> loadCurve = new LinkedHashMap<>();
                        loadCurve.put("serviceRefundsOnly", serviceCurve);
                        loadCurve.put("rawSql", rawCurve);
                        point.put("loadCurve", loadCurve);
                        loadCurves.add(new LoadCurveChart.Series("refunds only, " + human(size) + " lines, " + c + " clients",
                                serviceCurvePoints));
                        loadCurves.add(new LoadCurveChart.Series("raw SQL, " + human(size) + " lines, " + c + " clients",
                                rawCurvePoints));
                    }
                    Map<String, Object> machineStalls = new LinkedHashMap<>();
                    machineStalls.put("closedLoopMaximum", stallJson(maxStalls));
                    machineStalls.put("openLoop", stallJson(openStalls));
                    point.put("machineStalls", machineStalls);
                    points.add(point);
                    curves.add(new LatencyChart.Series(human(size) + " lines, " + c + " clients", curve(open.refundLatencyMicros())));
                    curves.add(new LatencyChart.Series("raw SQL, " + human(size) + " lines, " + c + " clients",
                            curve(rawOpen.latencyMicros())));
                    Double refundBatch = meanBatch.get(REFUND_REQUESTS);
                    String line = String.format(Locale.ROOT, "%-10s %5d %12.0f %12.0f %9.2f %13.0f %9.2f %6s %9.0f %9.1f %9.1f %9.1f %9.0f %10s %11.1f %d",
                            human(size), c, max.instantPerSecond(), baseline.perSecond(),
                            serviceOverRaw(max, baseline), refundsOnly.instantPerSecond(),
                            serviceOverRaw(refundsOnly, baseline),
                            refundBatch == null ? "-" : String.format(Locale.ROOT, "%.1f", refundBatch), rate,
                            ms(open.refundLatencyMicros(), 50), ms(open.refundLatencyMicros(), 99),
                            ms(open.refundLatencyMicros(), 99.9), openStalls.longestMs(),
                            money.createdToPaid().isEmpty() ? "-" : String.format(Locale.ROOT, "%.0f",
                                    money.createdToPaid().percentile(99) / 1e6), ms(rawOpen.latencyMicros(), 99),
                            max.errors() + open.errors() + refundsOnly.errors());
                    summary.add(line);
                    err.println("[storm] " + line);
                    write(options, result, curves, loadCurves);
                }
            }
        }
        result.put("finishedAt", Instant.now().toString());
        write(options, result, curves, loadCurves);
        out.println("storm " + options.label() + " against " + options.baseUrl() + " (" + result.get("jdbcUrl") + ")");
        summary.forEach(out::println);
        out.println("results: " + options.out().resolve(options.label() + ".json") + ", chart: "
                + options.out().resolve(options.label() + "-latency.svg"));
        return 0;
    }

    /**
     * How much faster than the mixed storm (requests a second) the refunds-only storm is sized to run: it has run
     * at up to 1.43 x (external PostgreSQL 15, 128 clients, session 14), its requests being cheaper.
     */
    private static final double REFUNDS_ONLY_OVER_MIXED = 2.5;

    /** The group commit's work on the refund path, as the server tags it. */
    private static final String REFUND_REQUESTS = "refund requests";

    /** The server's group-commit totals now; none when its page cannot be read (the figure is then left out). */
    private static GroupCommitBatches batches(ApiClient api) {
        ApiResponse page = api.prometheus();
        return page.status() == 200 ? GroupCommitBatches.parse(page.body()) : GroupCommitBatches.parse("");
    }

    /** Unused orders enough for {@code requests} of the mixed storm: about one order per two requests, and spare. */
    static int ordersFor(double requests) {
        return (int) (requests * 0.6) + 1_000;
    }

    /** Unused orders enough for {@code requests} of the refunds-only storm: one unshipped line each (0.59 orders), and spare. */
    static int refundsOnlyOrdersFor(double requests) {
        return (int) (requests * 0.7) + 1_000;
    }

    /**
     * The measure: instant refunds (each paid out) created a second by the service, over refunds a second
     * of the raw one-refund transaction. Before 2026-12-03 (session 10) it counted every 201, shipments included.
     */
    static double serviceOverRaw(ServicePhase.Result max, RawSqlBaseline.Result baseline) {
        return max.instantPerSecond() / Math.max(baseline.perSecond(), 1e-9);
    }

    /** The raw SQL's open loop at the storm's fraction of its own maximum, for the JSON. */
    private static Map<String, Object> rawOpenJson(double rate, RawSqlBaseline.Result open, MachineStalls.Summary stalls) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("targetRate", rate);
        json.put("refundsPerSecond", open.perSecond());
        json.put("refunds", open.refunds());
        json.put("failures", open.failures());
        json.put("latencyMs", percentiles(open.latencyMicros()));
        json.put("machineStalls", stallJson(stalls));
        return json;
    }

    /**
     * Waits (up to {@link #PAYOUT_DRAIN_SECONDS}) until no payout is being paid or due; says how long it took. A
     * payout waiting out a retry's backoff (no lease, due later) is not waited for: it would hold each step for
     * the whole timeout.
     */
    static void awaitPayouts(Connection db, PrintStream log) throws SQLException, InterruptedException {
        long start = System.nanoTime();
        long left = payoutsInFlight(db);
        while (left > 0 && System.nanoTime() - start < PAYOUT_DRAIN_SECONDS * 1_000_000_000L) {
            Thread.sleep(250);
            left = payoutsInFlight(db);
        }
        log.printf(Locale.ROOT, "[storm] payouts %s after %.1f s%n", left == 0 ? "paid (none leased or due)"
                        : left + " still leased or due",
                (System.nanoTime() - start) / 1e9);
    }

    /** How long a load-curve step waits for the payouts of the phase before it. */
    static final long PAYOUT_DRAIN_SECONDS = 120;

    /** One step of a load curve, for the JSON: the rate asked and served, and the latencies at it. */
    private static Map<String, Object> curveStep(double fraction, double targetRate, double perSecond, Histogram latency) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("fraction", fraction);
        json.put("targetRate", targetRate);
        json.put("refundsPerSecond", perSecond);
        json.put("latencyMs", percentiles(latency));
        return json;
    }

    /** The machine's stalls in a phase, for the JSON: the longest decides whether a p99 is the service's own. */
    private static Map<String, Object> stallJson(MachineStalls.Summary stalls) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("stallsOver10Ms", stalls.count());
        json.put("longestMs", stalls.longestMs());
        json.put("totalMs", stalls.totalMs());
        return json;
    }

    private static Map<String, Object> point(long size, long tableLines, int c, ServicePhase.Result max,
            ServicePhase.Result open, TimeToMoney.Result money, RawSqlBaseline.Result baseline) {
        Map<String, Object> point = new LinkedHashMap<>();
        point.put("lines", size);
        point.put("tableLines", tableLines);
        point.put("concurrency", c);
        Map<String, Object> maxJson = phase(max);
        point.put("closedLoopMaximum", maxJson);
        point.put("openLoop", phase(open));
        Map<String, Object> ttm = new LinkedHashMap<>();
        ttm.put("sampled", money.sampled());
        ttm.put("paid", money.paid());
        ttm.put("notPaidInTime", money.notPaidInTime());
        LatencySnapshot waited = money.createdToPaid();
        if (!waited.isEmpty()) {
            ttm.put("p50Ms", waited.percentile(50) / 1e6);
            ttm.put("p99Ms", waited.percentile(99) / 1e6);
            ttm.put("maxMs", waited.max() / 1e6);
        }
        point.put("timeToMoney", ttm);
        Map<String, Object> rawJson = new LinkedHashMap<>();
        rawJson.put("refundsPerSecond", baseline.perSecond());
        rawJson.put("refunds", baseline.refunds());
        rawJson.put("failures", baseline.failures());
        rawJson.put("latencyMs", percentiles(baseline.latencyMicros()));
        point.put("rawSql", rawJson);
        point.put("serviceOverRaw", serviceOverRaw(max, baseline));
        return point;
    }

    private static Map<String, Object> phase(ServicePhase.Result r) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("targetRate", r.targetRate());
        json.put("requests", r.requests());
        json.put("seconds", r.seconds());
        json.put("requestsPerSecond", r.requestsPerSecond());
        json.put("refundsCreated", r.refundsCreated());
        json.put("refundsCreatedPerSecond", r.refundsPerSecond());
        json.put("instantPerSecond", r.instantPerSecond());
        json.put("instant", r.instant());
        json.put("review", r.review());
        json.put("refundLatencyMs", percentiles(r.refundLatencyMicros()));
        json.put("allLatencyMs", percentiles(r.latencyMicros()));
        json.put("outcomes", new LinkedHashMap<>(r.outcomes()));
        json.put("errors", r.errors());
        return json;
    }

    static Map<String, Object> percentiles(Histogram h) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("count", h.getTotalCount());
        if (h.getTotalCount() > 0) {
            json.put("p50", ms(h, 50));
            json.put("p90", ms(h, 90));
            json.put("p99", ms(h, 99));
            json.put("p99.9", ms(h, 99.9));
            json.put("max", h.getMaxValue() / 1000.0);
        }
        return json;
    }

    static List<LatencyChart.Point> curve(Histogram h) {
        List<LatencyChart.Point> points = new ArrayList<>();
        if (h.getTotalCount() == 0) {
            return points;
        }
        for (double p : LatencyChart.PERCENTILES) {
            points.add(new LatencyChart.Point(p, ms(h, p)));
        }
        return points;
    }

    static double ms(Histogram h, double percentile) {
        return h.getTotalCount() == 0 ? Double.NaN : h.getValueAtPercentile(percentile) / 1000.0;
    }

    static String human(long lines) {
        if (lines % 1_000_000 == 0) {
            return lines / 1_000_000 + "M";
        }
        if (lines % 1_000 == 0) {
            return lines / 1_000 + "k";
        }
        return Long.toString(lines);
    }

    private static void write(Options options, Map<String, Object> result, List<LatencyChart.Series> curves,
            List<LoadCurveChart.Series> loadCurves) throws IOException {
        Files.createDirectories(options.out());
        Files.writeString(options.out().resolve(options.label() + ".json"), JsonOut.write(result));
        Files.writeString(options.out().resolve(options.label() + "-latency.svg"), LatencyChart.svg(
                "Refund latency from intended start, open loop at " + Math.round(options.fraction() * 100)
                        + " % of max (" + options.label() + ")", curves));
        if (!loadCurves.isEmpty()) {
            Files.writeString(options.out().resolve(options.label() + "-load.svg"), LoadCurveChart.svg(
                    "Refund p99 by rate served, open loop (" + options.label() + ")", loadCurves));
        }
    }

    /**
     * A warning when the database already holds the refunds of earlier runs (a fresh one holds none before the
     * warm-up; a smoke test's few are let pass): the raw baseline's refund and ledger tables start empty each
     * run, the service's carry every earlier storm.
     * On 2026-12-03 one jar made 425 refunds/s (0.39 × raw) on a database grown by fifty storms and 605–769/s
     * (0.40–0.50) on fresh ones.
     */
    static Optional<String> grownByEarlierRuns(long refunds) {
        if (refunds <= 10_000) {
            return Optional.empty();
        }
        return Optional.of(String.format(Locale.ROOT, "[storm] warning: the database already holds %,d refunds from"
                + " earlier runs; the raw baseline's refund and ledger tables start empty, so the service reads slow"
                + " against it. Compare runs on fresh databases.", refunds));
    }

    /** Payouts leased to a worker or due now (a retry's backoff clears the lease and sets a later due time). */
    private static long payoutsInFlight(Connection db) throws SQLException {
        return number(db, "select count(*) from payout_outbox where lease_id is not null or available_at <= now()");
    }

    private static long count(Connection db, String table) throws SQLException {
        return number(db, "select count(*) from " + table);
    }

    /** The one number a query answers. */
    private static long number(Connection db, String query) throws SQLException {
        try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery(query)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** What the machine looked like when the run started. */
    private static Map<String, Object> machine() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cores", Runtime.getRuntime().availableProcessors());
        m.put("java", Runtime.version().toString());
        try {
            m.put("loadAverage", Files.readString(Path.of("/proc/loadavg")).strip());
            m.put("memTotal", Files.readAllLines(Path.of("/proc/meminfo")).getFirst().replaceAll("\\s+", " "));
        } catch (IOException | RuntimeException e) {
            m.put("loadAverage", "unknown");
        }
        return m;
    }
}
