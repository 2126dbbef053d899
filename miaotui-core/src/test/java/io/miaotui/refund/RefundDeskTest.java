package io.miaotui.refund;

import static org.assertj.core.api.Assertions.assertThat;

import io.miaotui.money.Currency;
import io.miaotui.money.Money;
import io.miaotui.order.BuyerId;
import io.miaotui.order.LineId;
import io.miaotui.order.LineStatus;
import io.miaotui.order.OrderId;
import io.miaotui.order.OrderLine;
import io.miaotui.order.Shipment;
import io.miaotui.order.ShipmentOutcome;
import io.miaotui.policy.DefaultPolicies;
import io.miaotui.policy.PolicyRouting;
import io.miaotui.shop.Channel;
import io.miaotui.shop.Shop;
import io.miaotui.shop.ShopId;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class RefundDeskTest {

    private static final RefundId ID = new RefundId("0197f0a0-0000-7000-8000-000000000001");
    private static final OrderId ORDER = new OrderId("order-1");
    private static final LineId LINE = new LineId("line-1");
    private static final BuyerId BUYER = new BuyerId("buyer-1");
    private static final Instant PAID_AT = Instant.parse("2025-06-18T10:00:00Z");
    private static final Instant NOW = PAID_AT.plus(Duration.ofMinutes(10));

    private final RefundDesk desk = new RefundDesk(PolicyRouting.defaults());

    private static Money yuan(String decimal) {
        return Money.parse(decimal, Currency.CNY);
    }

    private static Shop shop(Channel channel) {
        return new Shop(new ShopId("shop-1"), "Miao Shop", channel);
    }

    private static OrderLine unshipped(String paid) {
        return OrderLine.paid(ORDER, LINE, "SKU-1", 1, yuan(paid));
    }

    private static OrderLine shipped(String paid) {
        var outcome = unshipped(paid).ship(new Shipment("SF", "SF1", PAID_AT.plusSeconds(60)));
        return ((ShipmentOutcome.Shipped) outcome).line();
    }

    private static RefundRequest all(String reason) {
        return new RefundRequest(ORDER, LINE, Optional.empty(), reason);
    }

    private static RefundRequest part(String amount) {
        return new RefundRequest(ORDER, LINE, Optional.of(yuan(amount)), "part");
    }

    private static RefundOpening.Opened opened(RefundOpening opening) {
        assertThat(opening).isInstanceOf(RefundOpening.Opened.class);
        return (RefundOpening.Opened) opening;
    }

    private RefundOpening.Opened openAll(RefundDesk desk, Channel channel, OrderLine line, Instant now) {
        return opened(desk.open(ID, all("not needed"), shop(channel), BUYER, PAID_AT, line, now));
    }

    @Nested
    class Default_routing {

        @Test
        void a_taobao_unshipped_line_of_500_00_is_refunded_instantly() {
            Refund refund = openAll(desk, Channel.TAOBAO, unshipped("500.00"), NOW).refund();

            assertThat(refund.status()).isEqualTo(RefundStatus.APPROVED);
            assertThat(refund.decision().instant()).isTrue();
            assertThat(refund.decision().explanation()).contains("500.00");
        }

        @Test
        void a_taobao_unshipped_line_of_500_01_goes_to_merchant_review() {
            Refund refund = openAll(desk, Channel.TAOBAO, unshipped("500.01"), NOW).refund();

            assertThat(refund.status()).isEqualTo(RefundStatus.PENDING_MERCHANT_REVIEW);
            assertThat(refund.decision().instant()).isFalse();
            assertThat(refund.decision().explanation()).contains("500.01").contains("500.00");
        }

        @Test
        void a_tmall_unshipped_line_of_100000_00_is_refunded_instantly() {
            Refund refund = openAll(desk, Channel.TMALL, unshipped("100000.00"), NOW).refund();

            assertThat(refund.status()).isEqualTo(RefundStatus.APPROVED);
            assertThat(refund.decision().explanation()).contains("100000.00");
        }

        @ParameterizedTest
        @EnumSource(Channel.class)
        void a_shipped_line_always_goes_to_merchant_review(Channel channel) {
            Refund refund = openAll(desk, channel, shipped("0.01"), NOW).refund();

            assertThat(refund.status()).isEqualTo(RefundStatus.PENDING_MERCHANT_REVIEW);
            assertThat(refund.decision().instant()).isFalse();
            assertThat(refund.decision().explanation()).contains("shipped");
        }

        @Test
        void the_decision_records_the_policy_key_and_version_1() {
            assertThat(openAll(desk, Channel.TAOBAO, unshipped("1.00"), NOW).refund().decision())
                    .extracting(RefundDecision::policy, RefundDecision::policyVersion)
                    .containsExactly("taobao-unshipped", 1);
            assertThat(openAll(desk, Channel.TMALL, unshipped("1.00"), NOW).refund().decision())
                    .extracting(RefundDecision::policy, RefundDecision::policyVersion)
                    .containsExactly("tmall-unshipped", 1);
        }

        @Test
        void a_review_decision_still_records_the_policy_that_made_it() {
            assertThat(openAll(desk, Channel.TAOBAO, unshipped("500.01"), NOW).refund().decision())
                    .extracting(RefundDecision::policy, RefundDecision::policyVersion)
                    .containsExactly("taobao-unshipped", 1);
        }
    }

    @Nested
    class Legacy_routing {

        private final RefundDesk legacyDesk = new RefundDesk(PolicyRouting.of(
                Map.of(Channel.TMALL, DefaultPolicies.LEGACY_2H_200, Channel.TAOBAO, DefaultPolicies.LEGACY_2H_200),
                DefaultPolicies.all()));

        private Refund refundAfter(String paid, Duration sincePayment) {
            return openAll(legacyDesk, Channel.TAOBAO, unshipped(paid), PAID_AT.plus(sincePayment)).refund();
        }

        @Test
        void paid_200_00_and_asked_at_1h59m_is_instant() {
            Refund refund = refundAfter("200.00", Duration.ofMinutes(119));

            assertThat(refund.status()).isEqualTo(RefundStatus.APPROVED);
            assertThat(refund.decision().policy()).isEqualTo("legacy-2h-200");
            assertThat(refund.decision().policyVersion()).isEqualTo(1);
        }

        @Test
        void paid_200_01_goes_to_merchant_review() {
            Refund refund = refundAfter("200.01", Duration.ofMinutes(119));

            assertThat(refund.status()).isEqualTo(RefundStatus.PENDING_MERCHANT_REVIEW);
            assertThat(refund.decision().explanation()).contains("200.01").contains("200.00");
        }

        @Test
        void asked_2h01m_after_payment_goes_to_merchant_review() {
            assertThat(refundAfter("200.00", Duration.ofMinutes(121)).status())
                    .isEqualTo(RefundStatus.PENDING_MERCHANT_REVIEW);
        }

        @Test
        void asked_exactly_2h_after_payment_is_instant() {
            assertThat(refundAfter("200.00", Duration.ofHours(2)).status()).isEqualTo(RefundStatus.APPROVED);
        }

        @Test
        void the_legacy_rule_applies_to_tmall_shops_too() {
            Refund refund = openAll(legacyDesk, Channel.TMALL, unshipped("300.00"), NOW).refund();

            assertThat(refund.status()).isEqualTo(RefundStatus.PENDING_MERCHANT_REVIEW);
            assertThat(refund.decision().policy()).isEqualTo("legacy-2h-200");
        }
    }

    @Nested
    class Amounts {

        @Test
        void without_an_amount_the_refund_takes_everything_still_refundable() {
            OrderLine line = unshipped("300.00").reserve(yuan("50.00")).settle(yuan("50.00")).reserve(yuan("20.00"));

            RefundOpening.Opened opened = openAll(desk, Channel.TAOBAO, line, NOW);

            assertThat(opened.refund().amount()).isEqualTo(yuan("230.00"));
            assertThat(opened.line().refundable()).isEqualTo(yuan("0.00"));
        }

        @Test
        void a_requested_amount_is_used_as_given() {
            RefundOpening.Opened opened = opened(
                    desk.open(ID, part("123.45"), shop(Channel.TAOBAO), BUYER, PAID_AT, unshipped("300.00"), NOW));

            assertThat(opened.refund().amount()).isEqualTo(yuan("123.45"));
            assertThat(opened.line().refundable()).isEqualTo(yuan("176.55"));
        }

        @Test
        void the_whole_refundable_amount_may_be_requested_explicitly() {
            RefundOpening opening = desk.open(ID, part("300.00"), shop(Channel.TAOBAO), BUYER, PAID_AT,
                    unshipped("300.00"), NOW);

            assertThat(opening).isInstanceOf(RefundOpening.Opened.class);
        }

        @Test
        void an_amount_over_refundable_is_refused_with_both_amounts() {
            OrderLine line = unshipped("300.00").reserve(yuan("100.00"));

            RefundOpening opening = desk.open(ID, part("200.01"), shop(Channel.TAOBAO), BUYER, PAID_AT, line, NOW);

            assertThat(opening).isEqualTo(new RefundOpening.ExceedsRefundable(yuan("200.01"), yuan("200.00")));
        }

        @Test
        void a_fully_refunded_line_is_refused_with_nothing_refundable() {
            OrderLine line = unshipped("300.00").reserve(yuan("300.00")).settle(yuan("300.00"));
            assertThat(line.status()).isEqualTo(LineStatus.REFUNDED);

            RefundOpening opening = desk.open(ID, all("again"), shop(Channel.TAOBAO), BUYER, PAID_AT, line, NOW);

            assertThat(opening).isEqualTo(new RefundOpening.ExceedsRefundable(yuan("0.00"), yuan("0.00")));
            assertThat(((RefundOpening.ExceedsRefundable) opening).refundable().isZero()).isTrue();
        }

        @Test
        void a_fully_refunded_line_refuses_an_explicit_amount_too() {
            OrderLine line = unshipped("300.00").reserve(yuan("300.00")).settle(yuan("300.00"));

            RefundOpening opening = desk.open(ID, part("0.01"), shop(Channel.TAOBAO), BUYER, PAID_AT, line, NOW);

            assertThat(opening).isEqualTo(new RefundOpening.ExceedsRefundable(yuan("0.01"), yuan("0.00")));
        }

        @Test
        void a_line_whose_whole_amount_is_held_by_an_open_refund_is_refused() {
            OrderLine line = unshipped("300.00").reserve(yuan("300.00"));

            RefundOpening opening = desk.open(ID, all(""), shop(Channel.TMALL), BUYER, PAID_AT, line, NOW);

            assertThat(opening).isEqualTo(new RefundOpening.ExceedsRefundable(yuan("0.00"), yuan("0.00")));
        }

        @Test
        void a_zero_amount_is_refused() {
            RefundOpening opening = desk.open(ID, part("0"), shop(Channel.TAOBAO), BUYER, PAID_AT,
                    unshipped("300.00"), NOW);

            assertThat(opening).isInstanceOf(RefundOpening.ExceedsRefundable.class);
        }
    }

    @Nested
    class Opening {

        @Test
        void opening_reserves_the_amount_on_the_returned_line() {
            OrderLine line = unshipped("300.00");

            RefundOpening.Opened opened = opened(
                    desk.open(ID, part("120.00"), shop(Channel.TAOBAO), BUYER, PAID_AT, line, NOW));

            assertThat(opened.line().reserved()).isEqualTo(yuan("120.00"));
            assertThat(opened.line().refunded()).isEqualTo(yuan("0.00"));
            assertThat(opened.line().openRefunds()).isEqualTo(1);
            assertThat(opened.line().status()).isEqualTo(LineStatus.REFUNDING);
            assertThat(opened.line().lineId()).isEqualTo(LINE);
            assertThat(line.reserved().isZero()).as("the line passed in is unchanged").isTrue();
        }

        @Test
        void the_line_returned_by_opening_intercepts_shipment() {
            RefundOpening.Opened opened = openAll(desk, Channel.TAOBAO, unshipped("10.00"), NOW);

            assertThat(opened.line().ship(new Shipment("SF", "SF9", NOW)))
                    .isEqualTo(new ShipmentOutcome.RefundInProgress(LineStatus.REFUNDING));
        }

        @Test
        void the_refund_carries_the_request_the_buyer_and_the_time() {
            Refund refund = opened(desk.open(ID, all("wrong size"), shop(Channel.TAOBAO), BUYER, PAID_AT,
                    unshipped("10.00"), NOW)).refund();

            assertThat(refund.id()).isEqualTo(ID);
            assertThat(refund.orderId()).isEqualTo(ORDER);
            assertThat(refund.lineId()).isEqualTo(LINE);
            assertThat(refund.buyerId()).isEqualTo(BUYER);
            assertThat(refund.reason()).isEqualTo("wrong size");
            assertThat(refund.createdAt()).isEqualTo(NOW);
            assertThat(refund.paidAt()).isEmpty();
        }

        @Test
        void a_missing_reason_becomes_empty() {
            assertThat(new RefundRequest(ORDER, LINE, Optional.empty(), null).reason()).isEmpty();
        }

        @Test
        void a_reason_longer_than_500_characters_is_rejected() {
            assertThat(new RefundRequest(ORDER, LINE, Optional.empty(), "x".repeat(500)).reason()).hasSize(500);
            org.assertj.core.api.Assertions.assertThatThrownBy(
                            () -> new RefundRequest(ORDER, LINE, Optional.empty(), "x".repeat(501)))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }
}
