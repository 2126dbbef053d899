package io.miaotui.order;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.miaotui.money.Currency;
import io.miaotui.money.Money;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class OrderLineTest {

    private static final OrderId ORDER = new OrderId("order-1");
    private static final LineId LINE = new LineId("line-1");
    private static final Instant SHIPPED_AT = Instant.parse("2025-06-18T12:00:00Z");
    private static final Shipment PARCEL = new Shipment("SF", "SF1234567890", SHIPPED_AT);

    private static Money fen(long minorUnits) {
        return Money.of(minorUnits, Currency.CNY);
    }

    private static OrderLine freshLine(long paidFen) {
        return OrderLine.paid(ORDER, LINE, "SKU-1", 1, fen(paidFen));
    }

    private static OrderLine shipped(OrderLine line, Shipment parcel) {
        ShipmentOutcome outcome = line.ship(parcel);
        assertThat(outcome).isInstanceOf(ShipmentOutcome.Shipped.class);
        return ((ShipmentOutcome.Shipped) outcome).line();
    }

    @Nested
    class Shipping {

        @Test
        void a_fresh_line_ships() {
            OrderLine line = freshLine(49900);

            ShipmentOutcome outcome = line.ship(PARCEL);

            assertThat(outcome).isInstanceOf(ShipmentOutcome.Shipped.class);
            OrderLine after = ((ShipmentOutcome.Shipped) outcome).line();
            assertThat(after.isShipped()).isTrue();
            assertThat(after.shipment()).contains(PARCEL);
            assertThat(after.status()).isEqualTo(LineStatus.SHIPPED);
            assertThat(after.paid()).isEqualTo(line.paid());
            assertThat(line.isShipped()).as("the original line is unchanged").isFalse();
        }

        @Test
        void shipping_the_same_parcel_again_is_a_replay_that_changes_nothing() {
            OrderLine line = shipped(freshLine(49900), PARCEL);
            Shipment replay = new Shipment("SF", "SF1234567890", SHIPPED_AT.plusSeconds(30));

            ShipmentOutcome outcome = line.ship(replay);

            assertThat(outcome).isEqualTo(new ShipmentOutcome.AlreadyShipped(line));
            assertThat(((ShipmentOutcome.AlreadyShipped) outcome).line().shipment()).contains(PARCEL);
        }

        @Test
        void shipping_a_different_parcel_reports_the_existing_one() {
            OrderLine line = shipped(freshLine(49900), PARCEL);

            assertThat(line.ship(new Shipment("SF", "SF0000000000", SHIPPED_AT)))
                    .isEqualTo(new ShipmentOutcome.ShippedDifferently(PARCEL));
            assertThat(line.ship(new Shipment("YTO", "SF1234567890", SHIPPED_AT)))
                    .isEqualTo(new ShipmentOutcome.ShippedDifferently(PARCEL));
        }

        @Test
        void shipping_while_a_refund_is_open_is_intercepted() {
            OrderLine line = freshLine(49900).reserve(fen(10000));

            assertThat(line.ship(PARCEL)).isEqualTo(new ShipmentOutcome.RefundInProgress(LineStatus.REFUNDING));
        }

        @Test
        void shipping_while_a_full_refund_is_open_is_intercepted() {
            OrderLine line = freshLine(49900).reserve(fen(49900));

            assertThat(line.ship(PARCEL)).isEqualTo(new ShipmentOutcome.RefundInProgress(LineStatus.REFUNDING));
        }

        @Test
        void shipping_after_a_full_refund_was_paid_is_intercepted_as_refunded() {
            OrderLine line = freshLine(49900).reserve(fen(49900)).settle(fen(49900));

            assertThat(line.ship(PARCEL)).isEqualTo(new ShipmentOutcome.RefundInProgress(LineStatus.REFUNDED));
        }

        @Test
        void shipping_after_a_full_refund_paid_in_two_parts_is_intercepted_as_refunded() {
            OrderLine line = freshLine(49900)
                    .reserve(fen(20000)).settle(fen(20000))
                    .reserve(fen(29900)).settle(fen(29900));

            assertThat(line.ship(PARCEL)).isEqualTo(new ShipmentOutcome.RefundInProgress(LineStatus.REFUNDED));
        }

        @Test
        void after_a_partial_refund_was_paid_the_rest_may_ship() {
            OrderLine line = freshLine(49900).reserve(fen(10000)).settle(fen(10000));

            ShipmentOutcome outcome = line.ship(PARCEL);

            assertThat(outcome).isInstanceOf(ShipmentOutcome.Shipped.class);
            OrderLine after = ((ShipmentOutcome.Shipped) outcome).line();
            assertThat(after.shipment()).contains(PARCEL);
            assertThat(after.refunded()).isEqualTo(fen(10000));
            assertThat(after.status()).isEqualTo(LineStatus.SHIPPED);
        }

        @Test
        void after_a_rejected_refund_released_its_money_the_line_may_ship() {
            OrderLine line = freshLine(49900).reserve(fen(49900)).release(fen(49900));

            assertThat(line.ship(PARCEL)).isInstanceOf(ShipmentOutcome.Shipped.class);
        }

        @Test
        void a_shipped_line_with_an_open_refund_still_recognises_a_replayed_parcel() {
            OrderLine line = shipped(freshLine(49900), PARCEL).reserve(fen(100));

            assertThat(line.ship(PARCEL)).isEqualTo(new ShipmentOutcome.AlreadyShipped(line));
        }
    }

    @Nested
    class Status {

        @Test
        void a_fresh_line_is_paid() {
            assertThat(freshLine(49900).status()).isEqualTo(LineStatus.PAID);
        }

        @Test
        void a_line_with_an_open_refund_is_refunding() {
            assertThat(freshLine(49900).reserve(fen(1)).status()).isEqualTo(LineStatus.REFUNDING);
        }

        @Test
        void a_shipped_line_with_an_open_refund_is_refunding() {
            assertThat(shipped(freshLine(49900), PARCEL).reserve(fen(1)).status()).isEqualTo(LineStatus.REFUNDING);
        }

        @Test
        void a_shipped_line_is_shipped() {
            assertThat(shipped(freshLine(49900), PARCEL).status()).isEqualTo(LineStatus.SHIPPED);
        }

        @Test
        void a_fully_refunded_line_is_refunded() {
            assertThat(freshLine(49900).reserve(fen(49900)).settle(fen(49900)).status())
                    .isEqualTo(LineStatus.REFUNDED);
        }

        @Test
        void a_shipped_then_fully_refunded_line_is_refunded() {
            assertThat(shipped(freshLine(49900), PARCEL).reserve(fen(49900)).settle(fen(49900)).status())
                    .isEqualTo(LineStatus.REFUNDED);
        }

        @Test
        void a_partly_refunded_unshipped_line_is_paid_again() {
            assertThat(freshLine(49900).reserve(fen(100)).settle(fen(100)).status()).isEqualTo(LineStatus.PAID);
        }

        @Test
        void a_line_whose_refund_was_rejected_is_paid_again() {
            assertThat(freshLine(49900).reserve(fen(100)).release(fen(100)).status()).isEqualTo(LineStatus.PAID);
        }
    }

    @Nested
    class Money_held_on_the_line {

        @Test
        void a_fresh_line_can_refund_everything_it_was_paid() {
            OrderLine line = freshLine(49900);
            assertThat(line.refunded()).isEqualTo(fen(0));
            assertThat(line.reserved()).isEqualTo(fen(0));
            assertThat(line.openRefunds()).isZero();
            assertThat(line.refundable()).isEqualTo(fen(49900));
        }

        @Test
        void reserving_holds_the_amount_and_counts_an_open_refund() {
            OrderLine line = freshLine(49900).reserve(fen(10000));

            assertThat(line.reserved()).isEqualTo(fen(10000));
            assertThat(line.refunded()).isEqualTo(fen(0));
            assertThat(line.openRefunds()).isEqualTo(1);
            assertThat(line.refundable()).isEqualTo(fen(39900));
        }

        @Test
        void two_reservations_add_up() {
            OrderLine line = freshLine(49900).reserve(fen(10000)).reserve(fen(20000));

            assertThat(line.reserved()).isEqualTo(fen(30000));
            assertThat(line.openRefunds()).isEqualTo(2);
            assertThat(line.refundable()).isEqualTo(fen(19900));
        }

        @Test
        void releasing_gives_the_amount_back_to_refundable() {
            OrderLine line = freshLine(49900).reserve(fen(10000)).reserve(fen(20000)).release(fen(10000));

            assertThat(line.reserved()).isEqualTo(fen(20000));
            assertThat(line.refunded()).isEqualTo(fen(0));
            assertThat(line.openRefunds()).isEqualTo(1);
            assertThat(line.refundable()).isEqualTo(fen(29900));
        }

        @Test
        void settling_moves_the_amount_from_reserved_to_refunded() {
            OrderLine line = freshLine(49900).reserve(fen(10000)).reserve(fen(20000)).settle(fen(20000));

            assertThat(line.reserved()).isEqualTo(fen(10000));
            assertThat(line.refunded()).isEqualTo(fen(20000));
            assertThat(line.openRefunds()).isEqualTo(1);
            assertThat(line.refundable()).isEqualTo(fen(19900));
        }

        @Test
        void reserving_exactly_the_refundable_amount_is_allowed() {
            OrderLine line = freshLine(49900).reserve(fen(100)).settle(fen(100));

            OrderLine after = line.reserve(fen(49800));

            assertThat(after.refundable()).isEqualTo(fen(0));
        }

        @Test
        void reserving_more_than_refundable_throws() {
            OrderLine line = freshLine(49900);
            assertThatThrownBy(() -> line.reserve(fen(49901))).isInstanceOf(IllegalArgumentException.class);

            OrderLine partly = line.reserve(fen(40000));
            assertThatThrownBy(() -> partly.reserve(fen(9901))).isInstanceOf(IllegalArgumentException.class);

            OrderLine refunded = partly.settle(fen(40000));
            assertThatThrownBy(() -> refunded.reserve(fen(9901))).isInstanceOf(IllegalArgumentException.class);
        }

        @Test
        void reserving_anything_on_a_fully_refunded_line_throws() {
            OrderLine line = freshLine(49900).reserve(fen(49900)).settle(fen(49900));

            assertThatThrownBy(() -> line.reserve(fen(1))).isInstanceOf(IllegalArgumentException.class);
        }

        @Test
        void reserving_zero_or_a_negative_amount_throws() {
            OrderLine line = freshLine(49900);
            assertThatThrownBy(() -> line.reserve(fen(0))).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> line.reserve(fen(-1))).isInstanceOf(IllegalArgumentException.class);
        }

        @Test
        void releasing_or_settling_more_than_is_reserved_throws() {
            OrderLine line = freshLine(49900).reserve(fen(100));
            assertThatThrownBy(() -> line.release(fen(101))).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> line.settle(fen(101))).isInstanceOf(IllegalArgumentException.class);
        }

        @Test
        void releasing_or_settling_without_a_reservation_throws() {
            OrderLine line = freshLine(49900);
            assertThatThrownBy(() -> line.release(fen(1))).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> line.settle(fen(1))).isInstanceOf(IllegalArgumentException.class);
        }

        @Test
        void releasing_or_settling_zero_throws() {
            OrderLine line = freshLine(49900).reserve(fen(100));
            assertThatThrownBy(() -> line.release(fen(0))).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> line.settle(fen(0))).isInstanceOf(IllegalArgumentException.class);
        }

        @Test
        void money_transitions_keep_the_shipment() {
            OrderLine line = shipped(freshLine(49900), PARCEL).reserve(fen(100)).settle(fen(100));

            assertThat(line.shipment()).contains(PARCEL);
        }
    }

    @Nested
    class Construction {

        @Test
        void refunded_plus_reserved_may_not_exceed_paid() {
            assertThatThrownBy(() -> new OrderLine(ORDER, LINE, "SKU", 1, fen(100), fen(60), fen(41), 1, Optional.empty(), fen(0)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("exceeds paid");
        }

        @Test
        void money_may_not_be_reserved_without_an_open_refund() {
            assertThatThrownBy(() -> new OrderLine(ORDER, LINE, "SKU", 1, fen(100), fen(0), fen(1), 0, Optional.empty(), fen(0)))
                    .isInstanceOf(IllegalArgumentException.class);
        }

        @Test
        void amounts_and_counts_may_not_be_negative() {
            assertThatThrownBy(() -> new OrderLine(ORDER, LINE, "SKU", 1, fen(-1), fen(0), fen(0), 0, Optional.empty(), fen(0)))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> new OrderLine(ORDER, LINE, "SKU", 1, fen(100), fen(-1), fen(0), 0, Optional.empty(), fen(0)))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> new OrderLine(ORDER, LINE, "SKU", 1, fen(100), fen(0), fen(-1), 1, Optional.empty(), fen(0)))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> new OrderLine(ORDER, LINE, "SKU", 1, fen(100), fen(0), fen(0), -1, Optional.empty(), fen(0)))
                    .isInstanceOf(IllegalArgumentException.class);
        }

        @Test
        void quantity_must_be_positive() {
            assertThatThrownBy(() -> OrderLine.paid(ORDER, LINE, "SKU", 0, fen(100)))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> OrderLine.paid(ORDER, LINE, "SKU", -1, fen(100)))
                    .isInstanceOf(IllegalArgumentException.class);
        }

        @Test
        void a_shipment_is_never_null_but_may_be_empty() {
            assertThatThrownBy(() -> new OrderLine(ORDER, LINE, "SKU", 1, fen(100), fen(0), fen(0), 0, null, fen(0)))
                    .isInstanceOf(NullPointerException.class);
        }
    }

    @Nested
    class Parcels {

        @Test
        void the_same_carrier_and_tracking_number_is_the_same_parcel_whatever_the_time() {
            assertThat(PARCEL.sameParcelAs(new Shipment("SF", "SF1234567890", SHIPPED_AT.plusSeconds(3600)))).isTrue();
        }

        @Test
        void another_carrier_or_tracking_number_is_another_parcel() {
            assertThat(PARCEL.sameParcelAs(new Shipment("ZTO", "SF1234567890", SHIPPED_AT))).isFalse();
            assertThat(PARCEL.sameParcelAs(new Shipment("SF", "SF1234567891", SHIPPED_AT))).isFalse();
        }
    }
}
