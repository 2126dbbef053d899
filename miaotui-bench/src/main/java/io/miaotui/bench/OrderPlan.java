package io.miaotui.bench;

import java.time.Instant;

/**
 * The run's data, derived from the run id and an order index so every phase agrees without sharing state: ids,
 * which shop (even index TAOBAO, odd TMALL) and the paid amount, spread over 1.00..800.00 yuan so that some
 * TAOBAO lines exceed the 500.00 instant limit and go to merchant review.
 */
public final class OrderPlan {
    static final long MIN_FEN = 1_00;
    static final long MAX_FEN = 800_00;
    static final long TAOBAO_INSTANT_LIMIT_FEN = 500_00;
    /** A stride coprime with the range, so consecutive orders (and both parities) sweep the whole range. */
    private static final long STRIDE = 7_919;

    private final String runId;
    private final Instant paidAt;

    public OrderPlan(String runId, Instant paidAt) {
        this.runId = runId;
        this.paidAt = paidAt;
    }

    public String runId() {
        return runId;
    }

    public String taobaoShopId() {
        return runId + "-taobao";
    }

    public String tmallShopId() {
        return runId + "-tmall";
    }

    public boolean isTaobao(int index) {
        return index % 2 == 0;
    }

    public String shopId(int index) {
        return isTaobao(index) ? taobaoShopId() : tmallShopId();
    }

    public String orderId(int index) {
        return runId + "-o-" + index;
    }

    public String lineId(int index) {
        return orderId(index) + "-l1";
    }

    public String buyerId(int index) {
        return runId + "-b-" + index;
    }

    public String idempotencyKey(int index) {
        return runId + "-k-" + index;
    }

    /** The line's paid amount in fen, in [1.00, 800.00] yuan. */
    public long paidFen(int index) {
        long span = MAX_FEN - MIN_FEN + 1;
        return MIN_FEN + Math.floorMod(index * STRIDE, span);
    }

    /** Whether Miaotui's default rules refund this order instantly: TMALL always, TAOBAO up to 500.00. */
    public boolean expectsInstant(int index) {
        return !isTaobao(index) || paidFen(index) <= TAOBAO_INSTANT_LIMIT_FEN;
    }

    public String orderJson(int index) {
        return "{\"orderId\":" + MiniJson.quote(orderId(index))
                + ",\"shopId\":" + MiniJson.quote(shopId(index))
                + ",\"buyerId\":" + MiniJson.quote(buyerId(index))
                + ",\"paidAt\":" + MiniJson.quote(paidAt.toString())
                + ",\"currency\":\"CNY\""
                + ",\"lines\":[{\"lineId\":" + MiniJson.quote(lineId(index))
                + ",\"sku\":" + MiniJson.quote("SKU-" + (index % 500))
                + ",\"quantity\":1"
                + ",\"paidAmount\":" + MiniJson.quote(yuan(paidFen(index)))
                + "}]}";
    }

    /** A full refund of the order's one line (no amount: everything still refundable). */
    public String refundJson(int index) {
        return "{\"orderId\":" + MiniJson.quote(orderId(index))
                + ",\"lineId\":" + MiniJson.quote(lineId(index))
                + ",\"reason\":\"miaotui-bench load test\"}";
    }

    /** Fen as a yuan decimal string: 49900 -> "499.00". */
    static String yuan(long fen) {
        return (fen / 100) + "." + String.format("%02d", fen % 100);
    }
}
