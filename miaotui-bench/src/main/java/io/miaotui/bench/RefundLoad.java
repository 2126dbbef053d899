package io.miaotui.bench;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Miaotui's load generator. Seeds shops and orders, fires one refund per order from concurrent virtual-thread
 * workers, samples time-to-money, and prints a report to stdout (progress goes to stderr). Exits 1 if any call got
 * a 5xx or no response, 2 on bad arguments.
 *
 * <pre>java -jar miaotui-bench/target/miaotui-bench.jar --orders 20000 --concurrency 64</pre>
 */
public final class RefundLoad {
    static final int EXIT_OK = 0;
    static final int EXIT_FAILURES = 1;
    static final int EXIT_USAGE = 2;

    private RefundLoad() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        BenchOptions options;
        try {
            options = BenchArgs.parse(args);
        } catch (BenchArgs.UsageException e) {
            err.println("error: " + e.getMessage());
            err.println();
            err.print(BenchArgs.usage());
            return EXIT_USAGE;
        }
        if (options.help()) {
            out.print(BenchArgs.usage());
            return EXIT_OK;
        }

        err.printf("miaotui-bench: run %s, %d orders, concurrency %d (seed %d) against %s%n",
                options.runId(), options.orders(), options.concurrency(), options.seedConcurrency(),
                options.baseUrl());
        BenchTokens tokens;
        try {
            tokens = BenchTokens.fromFile(options.secretFile().orElseGet(() -> Path.of(
                    System.getenv().getOrDefault("MIAOTUI_DATA_DIR", "./data"), "auth", "jwt-hmac.key")), Clock.systemUTC());
        } catch (java.io.UncheckedIOException e) {
            err.println("error: " + e.getMessage());
            return EXIT_USAGE;
        }
        ApiClient api = new ApiClient(options.baseUrl(), tokens);
        // Paid a minute ago: well inside any "within N hours of payment" rule.
        OrderPlan plan = new OrderPlan(options.runId(),
                Instant.now().minus(1, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.MILLIS));

        Seeder.Result seed;
        try {
            seed = new Seeder(api, plan, err).seed(options.orders(), options.seedConcurrency());
        } catch (Seeder.SeedingFailed e) {
            err.println("error: " + e.getMessage());
            return EXIT_FAILURES;
        }
        err.println("[refunds] starting " + options.concurrency() + " workers");
        RefundPhase.Result refunds = new RefundPhase(api, plan, err)
                .run(options.orders(), options.concurrency(), options.durationCap());
        err.printf("[refunds] %d requests in %.1f s%n", refunds.requests(), refunds.seconds());
        TimeToMoney.Result money = new TimeToMoney(api, err).measure(refunds.instantRefundIds(), options.concurrency());

        out.print(Report.render(options, seed, refunds, money));
        out.flush();
        boolean failed = seed.tally().hasHardFailures() || refunds.tally().hasHardFailures()
                || money.tally().hasHardFailures();
        return failed ? EXIT_FAILURES : EXIT_OK;
    }
}
