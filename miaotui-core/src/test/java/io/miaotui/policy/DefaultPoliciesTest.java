package io.miaotui.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.miaotui.money.Currency;
import io.miaotui.money.Money;
import io.miaotui.order.BuyerId;
import io.miaotui.order.LineId;
import io.miaotui.order.OrderId;
import io.miaotui.order.OrderLine;
import io.miaotui.order.Shipment;
import io.miaotui.order.ShipmentOutcome;
import io.miaotui.shop.Channel;
import io.miaotui.shop.Shop;
import io.miaotui.shop.ShopId;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class DefaultPoliciesTest {

    private static final Instant PAID_AT = Instant.parse("2025-06-18T10:00:00Z");
    private static final BuyerId BUYER = new BuyerId("buyer-1");

    private static Shop shop(Channel channel) {
        return new Shop(new ShopId("shop-" + channel.name().toLowerCase()), "A shop", channel);
    }

    private static OrderLine unshipped(String paid) {
        return OrderLine.paid(new OrderId("order-1"), new LineId("line-1"), "SKU", 1, Money.parse(paid, Currency.CNY));
    }

    private static OrderLine shipped(String paid) {
        var outcome = unshipped(paid).ship(new Shipment("SF", "SF1", PAID_AT.plusSeconds(60)));
        return ((ShipmentOutcome.Shipped) outcome).line();
    }

    private static RefundContext context(Channel channel, OrderLine line, Duration sincePayment) {
        return new RefundContext(shop(channel), BUYER, PAID_AT, line, line.refundable(), PAID_AT.plus(sincePayment),
                PAID_AT.plus(java.time.Duration.ofHours(48)));
    }

    private static RefundContext context(Channel channel, OrderLine line) {
        return context(channel, line, Duration.ofMinutes(5));
    }

    @Test
    void the_shipped_policies_have_stable_keys_and_version_1() {
        assertThat(DefaultPolicies.all()).extracting(RefundPolicy::key)
                .containsExactly("tmall-unshipped", "taobao-unshipped", "legacy-2h-200");
        assertThat(DefaultPolicies.all()).extracting(RefundPolicy::version).containsOnly(1);
        assertThat(DefaultPolicies.all()).extracting(RefundPolicy::description).allSatisfy(d -> assertThat(d).isNotBlank());
    }

    @Nested
    class Taobao_unshipped {

        private final RefundPolicy policy = DefaultPolicies.taobaoUnshipped();

        @Test
        void an_unshipped_line_paid_exactly_500_00_is_instant() {
            PolicyVerdict verdict = policy.evaluate(context(Channel.TAOBAO, unshipped("500.00")));

            assertThat(verdict.instant()).isTrue();
            assertThat(verdict.explanation()).contains("line-1").contains("500.00").contains("has not shipped");
        }

        @Test
        void an_unshipped_line_paid_0_01_is_instant() {
            assertThat(policy.evaluate(context(Channel.TAOBAO, unshipped("0.01"))).instant()).isTrue();
        }

        @Test
        void an_unshipped_line_paid_500_01_goes_to_merchant_review_and_says_both_amounts() {
            PolicyVerdict verdict = policy.evaluate(context(Channel.TAOBAO, unshipped("500.01")));

            assertThat(verdict.instant()).isFalse();
            assertThat(verdict.explanation()).contains("line-1").contains("500.01").contains("500.00");
        }

        @Test
        void the_limit_is_on_what_the_line_paid_not_on_the_part_requested() {
            OrderLine line = unshipped("600.00");
            var partial = new RefundContext(shop(Channel.TAOBAO), BUYER, PAID_AT, line, Money.parse("1.00", Currency.CNY),
                    PAID_AT.plusSeconds(60), PAID_AT.plus(java.time.Duration.ofHours(48)));

            assertThat(policy.evaluate(partial).instant()).isFalse();
        }

        @Test
        void a_shipped_line_goes_to_merchant_review_even_when_cheap() {
            PolicyVerdict verdict = policy.evaluate(context(Channel.TAOBAO, shipped("1.00")));

            assertThat(verdict.instant()).isFalse();
            assertThat(verdict.explanation()).contains("line-1").contains("shipped");
        }

        @Test
        void a_tmall_shop_is_not_covered_and_goes_to_merchant_review() {
            PolicyVerdict verdict = policy.evaluate(context(Channel.TMALL, unshipped("1.00")));

            assertThat(verdict.instant()).isFalse();
            assertThat(verdict.explanation()).contains("TMALL").contains("TAOBAO");
        }
    }

    @Nested
    class Tmall_unshipped {

        private final RefundPolicy policy = DefaultPolicies.tmallUnshipped();

        @Test
        void an_unshipped_line_paid_100000_00_is_instant() {
            PolicyVerdict verdict = policy.evaluate(context(Channel.TMALL, unshipped("100000.00")));

            assertThat(verdict.instant()).isTrue();
            assertThat(verdict.explanation()).contains("line-1").contains("100000.00");
        }

        @Test
        void a_shipped_line_goes_to_merchant_review() {
            PolicyVerdict verdict = policy.evaluate(context(Channel.TMALL, shipped("1.00")));

            assertThat(verdict.instant()).isFalse();
            assertThat(verdict.explanation()).contains("line-1").contains("shipped");
        }

        @Test
        void a_taobao_shop_is_not_covered_and_goes_to_merchant_review() {
            PolicyVerdict verdict = policy.evaluate(context(Channel.TAOBAO, unshipped("1.00")));

            assertThat(verdict.instant()).isFalse();
            assertThat(verdict.explanation()).contains("shop-taobao").contains("TMALL");
        }
    }

    @Nested
    class Legacy_two_hours_200 {

        private final RefundPolicy policy = DefaultPolicies.legacy2h200();

        @ParameterizedTest
        @EnumSource(Channel.class)
        void an_unshipped_line_paid_200_00_at_1h59m_is_instant_on_any_channel(Channel channel) {
            PolicyVerdict verdict = policy.evaluate(context(channel, unshipped("200.00"), Duration.ofMinutes(119)));

            assertThat(verdict.instant()).isTrue();
            assertThat(verdict.explanation()).contains("200.00").contains("1 h 59 min");
        }

        @Test
        void an_unshipped_line_paid_200_01_goes_to_merchant_review_and_says_both_amounts() {
            PolicyVerdict verdict = policy.evaluate(context(Channel.TAOBAO, unshipped("200.01"), Duration.ofMinutes(119)));

            assertThat(verdict.instant()).isFalse();
            assertThat(verdict.explanation()).contains("200.01").contains("200.00");
        }

        @Test
        void exactly_two_hours_after_payment_is_still_instant() {
            PolicyVerdict verdict = policy.evaluate(context(Channel.TAOBAO, unshipped("200.00"), Duration.ofHours(2)));

            assertThat(verdict.instant()).isTrue();
        }

        @Test
        void one_nanosecond_past_two_hours_goes_to_merchant_review() {
            PolicyVerdict verdict = policy.evaluate(
                    context(Channel.TAOBAO, unshipped("1.00"), Duration.ofHours(2).plusNanos(1)));

            assertThat(verdict.instant()).isFalse();
        }

        @Test
        void two_hours_and_one_minute_after_payment_goes_to_merchant_review() {
            PolicyVerdict verdict = policy.evaluate(context(Channel.TMALL, unshipped("200.00"), Duration.ofMinutes(121)));

            assertThat(verdict.instant()).isFalse();
            assertThat(verdict.explanation()).contains("2 h 1 min").contains("2-hour");
        }

        @Test
        void a_shipped_line_goes_to_merchant_review() {
            PolicyVerdict verdict = policy.evaluate(context(Channel.TAOBAO, shipped("1.00"), Duration.ofMinutes(1)));

            assertThat(verdict.instant()).isFalse();
            assertThat(verdict.explanation()).contains("shipped");
        }

        @Test
        void the_explanation_of_a_short_wait_counts_minutes() {
            PolicyVerdict verdict = policy.evaluate(context(Channel.TAOBAO, unshipped("10.00"), Duration.ofMinutes(7)));

            assertThat(verdict.instant()).isTrue();
            assertThat(verdict.explanation()).contains("7 min").contains("10.00");
        }
    }
}
