package io.miaotui.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class OrderPlanTest {
    private final OrderPlan plan = new OrderPlan("r20250618-093015-123", Instant.parse("2025-06-18T09:29:15Z"));

    @Test
    void alternatesShopsAndSpreadsAmountsOverOneToEightHundredYuan() {
        assertThat(plan.shopId(0)).isEqualTo(plan.taobaoShopId());
        assertThat(plan.shopId(1)).isEqualTo(plan.tmallShopId());
        assertThat(IntStream.range(0, 20_000).mapToLong(plan::paidFen)).allMatch(f -> f >= 1_00 && f <= 800_00);
        assertThat(IntStream.range(0, 20_000).mapToLong(plan::paidFen).max().orElseThrow()).isGreaterThan(790_00);
        assertThat(IntStream.range(0, 20_000).mapToLong(plan::paidFen).min().orElseThrow()).isLessThan(10_00);
    }

    @Test
    void someTaobaoOrdersGoToReviewAndNoTmallOnesDo() {
        long taobaoReview = IntStream.range(0, 1000).filter(i -> plan.isTaobao(i) && !plan.expectsInstant(i)).count();
        long tmallReview = IntStream.range(0, 1000).filter(i -> !plan.isTaobao(i) && !plan.expectsInstant(i)).count();

        assertThat(taobaoReview).isBetween(150L, 230L); // about 3/8 of the 500 TAOBAO orders
        assertThat(tmallReview).isZero();
    }

    @Test
    void idsStayWithinTheServersSixtyFourCharacterLimit() {
        OrderPlan longest = new OrderPlan("x".repeat(32), Instant.EPOCH);
        int index = BenchArgs.MAX_ORDERS - 1;

        assertThat(longest.lineId(index).length()).isLessThanOrEqualTo(64);
        assertThat(longest.idempotencyKey(index).length()).isLessThanOrEqualTo(64);
        assertThat(longest.buyerId(index).length()).isLessThanOrEqualTo(64);
    }

    @Test
    void writesTheOrderAndRefundBodies() {
        int index = 3;
        String order = plan.orderJson(index);

        assertThat(MiniJson.stringField(order, "orderId")).contains("r20250618-093015-123-o-3");
        assertThat(MiniJson.stringField(order, "shopId")).contains("r20250618-093015-123-tmall");
        assertThat(MiniJson.stringField(order, "paidAt")).contains("2025-06-18T09:29:15Z");
        assertThat(MiniJson.stringField(order, "currency")).contains("CNY");
        assertThat(order).contains("\"paidAmount\":\"" + OrderPlan.yuan(plan.paidFen(index)) + "\"");
        assertThat(MiniJson.stringField(plan.refundJson(index), "lineId")).contains(plan.lineId(index));
        assertThat(OrderPlan.yuan(49_900)).isEqualTo("499.00");
        assertThat(OrderPlan.yuan(1_05)).isEqualTo("1.05");
    }
}
