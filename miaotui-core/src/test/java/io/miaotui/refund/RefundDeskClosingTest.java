package io.miaotui.refund;

import static org.assertj.core.api.Assertions.assertThat;

import io.miaotui.closing.ShopClosing;
import io.miaotui.money.Currency;
import io.miaotui.money.Money;
import io.miaotui.order.BuyerId;
import io.miaotui.order.LineId;
import io.miaotui.order.OrderId;
import io.miaotui.order.OrderLine;
import io.miaotui.order.Shipment;
import io.miaotui.order.ShipmentOutcome;
import io.miaotui.policy.PolicyRouting;
import io.miaotui.shop.Channel;
import io.miaotui.shop.Shop;
import io.miaotui.shop.ShopId;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RefundDeskClosingTest {
    private static final Instant NOW = Instant.parse("2027-02-01T10:00:00Z");
    private static final Shop TAOBAO = new Shop(new ShopId("S-1"), "Tea", Channel.TAOBAO);
    private static final ShopClosing CLOSED_NOW = new ShopClosing(NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(3)));
    private static final ShopClosing CLOSING_TOMORROW = new ShopClosing(NOW.plus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(4)));

    private final RefundDesk desk = new RefundDesk(PolicyRouting.defaults());

    private static OrderLine line(String paid) {
        return OrderLine.paid(new OrderId("O-1"), new LineId("L-1"), "SKU", 1, Money.parse(paid, Currency.CNY));
    }

    private Refund open(OrderLine line, Optional<ShopClosing> closing) {
        var request = new RefundRequest(new OrderId("O-1"), new LineId("L-1"), Optional.empty(), "");
        var opening = desk.open(new RefundId("r-1"), request, TAOBAO, closing, new BuyerId("B-1"), NOW.minusSeconds(60),
                NOW.plus(Duration.ofHours(47)), line, io.miaotui.policy.RequestHistory.none(Currency.CNY), NOW);
        return ((RefundOpening.Opened) opening).refund();
    }

    @Test
    void while_closed_an_unshipped_line_of_any_amount_is_instant() {
        Refund refund = open(line("20000.00"), Optional.of(CLOSED_NOW));

        assertThat(refund.status()).isEqualTo(RefundStatus.APPROVED);
        assertThat(refund.decision().policy()).isEqualTo(RefundDesk.SHOP_CLOSED_POLICY);
        assertThat(refund.decision().explanation()).contains("closed").contains("20000.00");
        assertThat(refund.reviewDeadline()).isEmpty();
    }

    @Test
    void while_closed_a_shipped_line_still_follows_the_channel_policy() {
        OrderLine shipped = ((ShipmentOutcome.Shipped) line("800.00").ship(new Shipment("SF", "1", NOW.minusSeconds(30))))
                .line();

        Refund refund = open(shipped, Optional.of(CLOSED_NOW));

        assertThat(refund.status()).isEqualTo(RefundStatus.PENDING_MERCHANT_REVIEW);
        assertThat(refund.decision().policy()).isEqualTo("taobao-unshipped");
        assertThat(refund.reviewDeadline()).as("48 h of open time, all after the closing")
                .contains(CLOSED_NOW.to().plus(Duration.ofHours(48)));
    }

    @Test
    void a_closing_still_to_come_does_not_grant_instantly_but_extends_the_review_deadline() {
        Refund refund = open(line("800.00"), Optional.of(CLOSING_TOMORROW));

        assertThat(refund.status()).isEqualTo(RefundStatus.PENDING_MERCHANT_REVIEW);
        assertThat(refund.reviewDeadline()).as("24 h open before the closing, 24 h after")
                .contains(CLOSING_TOMORROW.to().plus(Duration.ofHours(24)));
        assertThat(refund.reviewWindowEnd()).as("kept, so the deadline can follow a changed closing")
                .contains(NOW.plus(Duration.ofHours(48)));
    }

    @Test
    void without_a_closing_the_deadline_is_48_hours() {
        assertThat(open(line("800.00"), Optional.empty()).reviewDeadline()).contains(NOW.plus(Duration.ofHours(48)));
    }
}
