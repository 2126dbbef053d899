package io.miaotui.bench;

import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/** Phase 1: one TAOBAO and one TMALL shop, then N one-line orders alternating between them. */
public final class Seeder {
    private final ApiClient api;
    private final OrderPlan plan;
    private final PrintStream log;

    public Seeder(ApiClient api, OrderPlan plan, PrintStream log) {
        this.api = api;
        this.plan = plan;
        this.log = log;
    }

    /** What seeding did; {@code tally} counts the order POSTs (and the two shop PUTs). */
    public record Result(int planned, long created, Duration elapsed, OutcomeTally tally) {
        public double perSecond() {
            return tally.total() / Math.max(elapsed.toNanos() / 1e9, 1e-9);
        }
    }

    /** Thrown when the shops cannot be created: nothing after that can work. */
    public static final class SeedingFailed extends RuntimeException {
        SeedingFailed(String message) {
            super(message);
        }
    }

    public Result seed(int orders, int workers) {
        OutcomeTally tally = new OutcomeTally();
        putShop(tally, plan.taobaoShopId(), "TAOBAO");
        putShop(tally, plan.tmallShopId(), "TMALL");

        AtomicInteger next = new AtomicInteger();
        long start = System.nanoTime();
        long shopCalls = tally.total();
        try (Progress progress = Progress.start("seed", orders, () -> tally.total() - shopCalls, tally::failures, log)) {
            Workers.run(Math.min(workers, orders), () -> {
                int index;
                while ((index = next.getAndIncrement()) < orders) {
                    tally.record(api.postOrder(plan.orderJson(index)));
                }
            });
        }
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        long created = tally.successes() - shopCalls;
        log.printf("[seed] %d/%d orders accepted in %.1f s%n", created, orders, elapsed.toNanos() / 1e9);
        if (created < orders && tally.firstFailure() != null) {
            log.println("[seed] first failure: " + tally.firstFailure());
        }
        return new Result(orders, created, elapsed, tally);
    }

    private void putShop(OutcomeTally tally, String shopId, String channel) {
        ApiResponse response = api.putShop(shopId, "miaotui-bench " + channel + " shop " + plan.runId(), channel);
        tally.record(response);
        if (!response.isSuccess()) {
            throw new SeedingFailed("PUT /api/v1/shops/" + shopId + " failed: " + response.describe());
        }
    }
}
