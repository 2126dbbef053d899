package io.miaotui.bench.storm;

import java.util.ArrayDeque;
import java.util.SplittableRandom;

/**
 * The storm's requests, drawn in order from a data set's unused orders: refunds of unshipped lines (most),
 * shipments of unshipped lines, retries of a recent refund with the same idempotency key and body, and refunds of
 * lines that had shipped. Each line is used by one request at most (a retry repeats its refund's line).
 * {@link #refundsOnly} draws refunds of unshipped lines alone: the storm the issue first measured (wrk, one refund
 * per unused line), the like-for-like match of the raw SQL baseline, which does nothing else.
 * Thread-safe; the draw is seeded, so a run's mix is reproducible.
 */
public final class StormOps {
    static final double REFUND_SHARE = 0.75;
    static final double SHIPMENT_SHARE = 0.10;
    static final double RETRY_SHARE = 0.10;
    // the rest (5 %): refunds of shipped lines
    private static final int RECENT = 256;

    public enum Kind { REFUND, SHIPMENT, RETRY, REFUND_SHIPPED }

    /** One request. {@code key} is the refund's idempotency key (refunds and retries), null for shipments. */
    public record Op(Kind kind, String orderId, String lineId, String buyerId, String key, boolean tmall,
                     long paidFen) {
        public String refundJson() {
            return "{\"orderId\":\"" + orderId + "\",\"lineId\":\"" + lineId + "\",\"reason\":\"storm\"}";
        }
    }

    private final StormData data;
    private final SplittableRandom random;
    private final boolean refundsOnly;
    private final ArrayDeque<Op> unshipped = new ArrayDeque<>();
    private final ArrayDeque<Op> shipped = new ArrayDeque<>();
    private final Op[] recent = new Op[RECENT];
    private int recentCount;
    private int nextOrder;

    /** Draws from orders {@code firstOrder} on. */
    public StormOps(StormData data, int firstOrder, long seed) {
        this(data, firstOrder, seed, false);
    }

    private StormOps(StormData data, int firstOrder, long seed, boolean refundsOnly) {
        this.data = data;
        this.nextOrder = firstOrder;
        this.random = new SplittableRandom(seed);
        this.refundsOnly = refundsOnly;
    }

    /** Refunds of unshipped lines only, drawn from orders {@code firstOrder} on (their shipped lines are skipped). */
    public static StormOps refundsOnly(StormData data, int firstOrder) {
        return new StormOps(data, firstOrder, 0, true);
    }

    /** The first order no drawn request touched (the next storm starts there). */
    public synchronized int nextUnusedOrder() {
        return nextOrder;
    }

    public synchronized Op next() {
        if (refundsOnly) {
            return take(unshipped, Kind.REFUND);
        }
        double u = random.nextDouble();
        if (u < REFUND_SHARE) {
            return remember(take(unshipped, Kind.REFUND));
        }
        if (u < REFUND_SHARE + SHIPMENT_SHARE) {
            return take(unshipped, Kind.SHIPMENT);
        }
        if (u < REFUND_SHARE + SHIPMENT_SHARE + RETRY_SHARE && recentCount > 0) {
            Op original = recent[random.nextInt(Math.min(recentCount, RECENT))];
            return new Op(Kind.RETRY, original.orderId(), original.lineId(), original.buyerId(), original.key(),
                    original.tmall(), original.paidFen());
        }
        return remember(take(shipped, Kind.REFUND_SHIPPED));
    }

    private Op remember(Op op) {
        recent[recentCount++ % RECENT] = op;
        return op;
    }

    private Op take(ArrayDeque<Op> queue, Kind kind) {
        while (queue.isEmpty()) {
            StormData.Order order = data.order(nextOrder++);
            for (StormData.Line line : order.lines()) {
                Op op = new Op(kind, order.orderId(), line.lineId(), order.buyerId(),
                        order.orderId() + "-" + line.lineId(), order.shop().tmall(), line.paidFen());
                (line.shipped() ? shipped : unshipped).add(op);
            }
        }
        Op op = queue.poll();
        return new Op(kind, op.orderId(), op.lineId(), op.buyerId(), kind == Kind.SHIPMENT ? null : op.key(),
                op.tmall(), op.paidFen());
    }
}
