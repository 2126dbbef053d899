package io.miaotui.bench.storm;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The storm's data set, as pure functions of a seed and an index, so that a data set can be loaded in chunks,
 * grown later and walked again by the driver without storing anything but how far it got.
 *
 * <ul>
 *   <li>shops: 70 % TAOBAO, 30 % TMALL; order {@code i} belongs to one of the first {@code 20 + i / 500} shops;</li>
 *   <li>buyers: order {@code i} belongs to one of the first {@code 1,000 + i / 2} buyers (many buyers, a few of them
 *       with many orders, as a growing pool gives);</li>
 *   <li>orders of 1–5 lines (55 %, 20 %, 12 %, 8 %, 5 %: 1.88 lines an order);</li>
 *   <li>each line's paid amount log-normal with a median of ¥89 (σ = 1.2), clamped to ¥1.00–¥20,000.00;</li>
 *   <li>one line in ten already shipped when loaded (the driver's refunds on shipped lines find them).</li>
 * </ul>
 */
public final class StormData {
    static final double TMALL_SHARE = 0.30;
    static final long MEDIAN_FEN = 89_00;
    static final double SIGMA = 1.2;
    static final long MIN_FEN = 1_00;
    static final long MAX_FEN = 20_000_00;
    static final double SHIPPED_SHARE = 0.10;
    static final double[] LINE_COUNT_SHARES = {0.55, 0.20, 0.12, 0.08, 0.05};
    /** Orders are paid in the hour before the data set's epoch. */
    static final int PAID_WITHIN_SECONDS = 3600;
    private static final long SHOP_STREAM = 1;
    private static final long ORDER_STREAM = 2;

    private final long seed;
    private final String prefix;
    private final Instant epoch;

    /** {@code prefix} starts every id (at most 20 characters keeps ids far under the server's 64). */
    public StormData(long seed, String prefix, Instant epoch) {
        if (prefix.length() > 20) {
            throw new IllegalArgumentException("a prefix of at most 20 characters, got " + prefix);
        }
        this.seed = seed;
        this.prefix = prefix;
        this.epoch = epoch;
    }

    public record Shop(String shopId, boolean tmall) {
        public String channel() {
            return tmall ? "TMALL" : "TAOBAO";
        }
    }

    public record Line(String lineId, String sku, int quantity, long paidFen, boolean shipped) {
    }

    public record Order(int index, String orderId, Shop shop, String buyerId, Instant paidAt, List<Line> lines) {
        public long totalFen() {
            return lines.stream().mapToLong(Line::paidFen).sum();
        }
    }

    public long seed() {
        return seed;
    }

    public String prefix() {
        return prefix;
    }

    public Instant epoch() {
        return epoch;
    }

    /** How many shops orders {@code 0..orders-1} may belong to. */
    public static int shopsFor(int orders) {
        return 20 + Math.max(0, orders - 1) / 500;
    }

    public Shop shop(int index) {
        SplittableRandom random = random(SHOP_STREAM, index);
        return new Shop(prefix + "-s" + index, random.nextDouble() < TMALL_SHARE);
    }

    public Order order(int index) {
        SplittableRandom random = random(ORDER_STREAM, index);
        Shop shop = shop(random.nextInt(20 + index / 500));
        String buyerId = prefix + "-b" + random.nextInt(1000 + index / 2);
        Instant paidAt = epoch.minusMillis(random.nextLong(PAID_WITHIN_SECONDS * 1000L));
        int lineCount = lineCount(random);
        List<Line> lines = new ArrayList<>(lineCount);
        for (int k = 1; k <= lineCount; k++) {
            lines.add(new Line("L" + k, "SKU-" + random.nextInt(100_000), 1 + (random.nextDouble() < 0.8 ? 0
                    : random.nextInt(4)), amountFen(random), random.nextDouble() < SHIPPED_SHARE));
        }
        return new Order(index, prefix + "-o" + index, shop, buyerId, paidAt, List.copyOf(lines));
    }

    /** 1 to 5, with {@link #LINE_COUNT_SHARES}. */
    static int lineCount(SplittableRandom random) {
        double u = random.nextDouble();
        for (int k = 0; k < LINE_COUNT_SHARES.length - 1; k++) {
            u -= LINE_COUNT_SHARES[k];
            if (u < 0) {
                return k + 1;
            }
        }
        return LINE_COUNT_SHARES.length;
    }

    /** Log-normal around {@link #MEDIAN_FEN}, clamped to {@link #MIN_FEN}..{@link #MAX_FEN}. */
    static long amountFen(SplittableRandom random) {
        double gaussian = gaussian(random);
        long fen = Math.round(MEDIAN_FEN * Math.exp(SIGMA * gaussian));
        return Math.clamp(fen, MIN_FEN, MAX_FEN);
    }

    /** A standard normal draw (Box–Muller), so a seed gives the same amounts on every JDK. */
    private static double gaussian(SplittableRandom random) {
        double u1 = 1.0 - random.nextDouble(); // (0, 1]: log is finite
        double u2 = random.nextDouble();
        return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    }

    /** A generator of its own for each (kind, index): any order can be drawn without drawing the ones before. */
    private SplittableRandom random(long kind, int index) {
        return new SplittableRandom(mix(seed ^ mix(kind * 0x9E3779B97F4A7C15L + index)));
    }

    /** SplitMix64's finaliser. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
