package io.miaotui.order;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.miaotui.money.Currency;
import io.miaotui.money.Money;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class OrderLineSettlementTest {

    private static final OrderId ORDER = new OrderId("O-1");
    private static final LineId LINE = new LineId("L-1");
    private static final Shipment PARCEL = new Shipment("SF", "SF1234567890", Instant.parse("2025-06-18T12:00:00Z"));

    private static Money fen(long minorUnits) {
        return Money.of(minorUnits, Currency.CNY);
    }

    private static OrderLine fresh(long paid) {
        return OrderLine.paid(ORDER, LINE, "SKU-1", 1, fen(paid));
    }

    private static OrderLine shipped(OrderLine line) {
        ShipmentOutcome outcome = line.ship(PARCEL);
        assertThat(outcome).isInstanceOf(ShipmentOutcome.Shipped.class);
        return ((ShipmentOutcome.Shipped) outcome).line();
    }

    private static OrderLine released(OrderLine line) {
        Optional<OrderLine> after = line.releaseToMerchant();
        assertThat(after).isPresent();
        return after.orElseThrow();
    }

    @Test
    void a_new_line_has_settled_nothing() {
        OrderLine line = fresh(100);

        assertThat(line.settled()).isEqualTo(fen(0));
        assertThat(line.isSettled()).isFalse();
    }

    @Test
    void a_shipped_line_is_not_settled_until_it_is_released() {
        OrderLine line = shipped(fresh(100));

        assertThat(line.isSettled()).isFalse();
        assertThat(line.settled()).isEqualTo(fen(0));
        assertThat(line.refundable()).isEqualTo(fen(100));
    }

    @Test
    void a_partly_settled_line_releases_the_rest_on_top_of_what_it_settled() {
        OrderLine line = new OrderLine(ORDER, LINE, "SKU-1", 1, fen(100), fen(0), fen(0), 0, Optional.of(PARCEL),
                fen(30));

        OrderLine after = released(line);

        assertThat(after.settled()).isEqualTo(fen(100));
        assertThat(after.refundable()).isEqualTo(fen(0));
    }

    @Test
    void an_unshipped_line_is_not_released_to_the_merchant() {
        assertThat(fresh(100).releaseToMerchant()).isEmpty();
    }

    @Test
    void an_unshipped_line_after_a_partial_refund_is_still_not_released() {
        assertThat(fresh(100).reserve(fen(30)).settle(fen(30)).releaseToMerchant()).isEmpty();
    }

    @Test
    void a_shipped_line_with_an_open_refund_stays_in_escrow_until_the_refund_is_decided() {
        OrderLine line = shipped(fresh(100)).reserve(fen(30));

        assertThat(line.releaseToMerchant()).isEmpty();
    }

    @Test
    void a_shipped_line_with_no_refund_releases_everything_it_was_paid() {
        OrderLine after = released(shipped(fresh(100)));

        assertThat(after.settled()).isEqualTo(fen(100));
        assertThat(after.refundable()).isEqualTo(fen(0));
        assertThat(after.isSettled()).isTrue();
    }

    @Test
    void a_shipped_line_with_a_paid_partial_refund_releases_what_is_left() {
        OrderLine line = shipped(fresh(100)).reserve(fen(30)).settle(fen(30));

        OrderLine after = released(line);

        assertThat(after.settled()).isEqualTo(fen(70));
        assertThat(after.refunded()).isEqualTo(fen(30));
        assertThat(after.reserved()).isEqualTo(fen(0));
        assertThat(after.openRefunds()).isZero();
        assertThat(after.refundable()).isEqualTo(fen(0));
        assertThat(after.status()).isEqualTo(LineStatus.SHIPPED);
        assertThat(after.isSettled()).isTrue();
        assertThat(after.shipment()).contains(PARCEL);
        assertThat(after.paid()).isEqualTo(fen(100));
        assertThat(line.settled()).as("the original line is unchanged").isEqualTo(fen(0));
    }

    @Test
    void a_rejected_refund_leaves_the_whole_line_to_release() {
        OrderLine line = shipped(fresh(100)).reserve(fen(30)).release(fen(30));

        assertThat(released(line).settled()).isEqualTo(fen(100));
    }

    @Test
    void releasing_a_line_again_releases_nothing() {
        OrderLine once = released(shipped(fresh(100)).reserve(fen(30)).settle(fen(30)));

        assertThat(once.releaseToMerchant()).isEmpty();
    }

    @Test
    void a_fully_refunded_shipped_line_has_nothing_left_to_release() {
        OrderLine line = shipped(fresh(100)).reserve(fen(100)).settle(fen(100));

        assertThat(line.status()).isEqualTo(LineStatus.REFUNDED);
        assertThat(line.releaseToMerchant()).isEmpty();
    }

    @Test
    void after_settlement_nothing_is_refundable_so_no_refund_can_be_reserved() {
        OrderLine after = released(shipped(fresh(100)).reserve(fen(30)).settle(fen(30)));

        assertThat(after.refundable()).isEqualTo(fen(0));
        assertThatThrownBy(() -> after.reserve(fen(1))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refundable_subtracts_what_was_settled() {
        OrderLine line = new OrderLine(ORDER, LINE, "SKU-1", 1, fen(100), fen(10), fen(20), 1, Optional.of(PARCEL),
                fen(30));

        assertThat(line.refundable()).isEqualTo(fen(40));
    }

    @Test
    void the_constructor_refuses_a_settled_amount_on_an_unshipped_line() {
        assertThatThrownBy(() -> new OrderLine(ORDER, LINE, "SKU-1", 1, fen(100), fen(0), fen(0), 0, Optional.empty(),
                fen(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("shipped")
                .hasMessageContaining("L-1");
    }

    @Test
    void the_constructor_accepts_zero_settled_on_an_unshipped_line() {
        OrderLine line = new OrderLine(ORDER, LINE, "SKU-1", 1, fen(100), fen(0), fen(0), 0, Optional.empty(),
                fen(0));

        assertThat(line.isSettled()).isFalse();
    }

    @Test
    void the_constructor_refuses_refunded_reserved_and_settled_together_exceeding_paid() {
        assertThatThrownBy(() -> new OrderLine(ORDER, LINE, "SKU-1", 1, fen(100), fen(30), fen(20), 1,
                Optional.of(PARCEL), fen(51)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("exceeds paid");
        assertThat(new OrderLine(ORDER, LINE, "SKU-1", 1, fen(100), fen(30), fen(20), 1, Optional.of(PARCEL),
                fen(50)).refundable()).isEqualTo(fen(0));
    }

    @Test
    void the_constructor_refuses_a_negative_settled_amount() {
        assertThatThrownBy(() -> new OrderLine(ORDER, LINE, "SKU-1", 1, fen(100), fen(0), fen(0), 0,
                Optional.of(PARCEL), fen(-1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
