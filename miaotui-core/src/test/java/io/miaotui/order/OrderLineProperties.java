package io.miaotui.order;

import static org.assertj.core.api.Assertions.assertThat;

import io.miaotui.money.Currency;
import io.miaotui.money.Money;
import java.time.Instant;
import io.miaotui.testing.Gen;
import io.miaotui.testing.Tries;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Random sequences of reserve / release / settle / ship on one line. Operations the domain refuses (it throws
 * {@link IllegalArgumentException}) are skipped, but only after checking that the refusal was deserved.
 */
class OrderLineProperties {

    enum Kind { RESERVE, RELEASE, SETTLE, SHIP }

    /** How an operation's amount is chosen: a literal number of fen, or exactly what the line allows right now. */
    enum AmountMode { LITERAL, ALL_REFUNDABLE, ALL_RESERVED, HALF_RESERVED }

    record Op(Kind kind, AmountMode mode, long literalFen, int parcel) {
        Money amountFor(OrderLine line) {
            long fen = switch (mode) {
                case LITERAL -> literalFen;
                case ALL_REFUNDABLE -> line.refundable().minorUnits();
                case ALL_RESERVED -> line.reserved().minorUnits();
                case HALF_RESERVED -> line.reserved().minorUnits() / 2;
            };
            return Money.of(fen, Currency.CNY);
        }

        Shipment shipment() {
            return new Shipment("SF", "SF" + parcel, Instant.parse("2025-06-18T12:00:00Z").plusSeconds(parcel));
        }
    }

    private static List<Op> operations(Gen gen) {
        return gen.list(1, 40, g -> new Op(g.oneOf(Kind.class), g.oneOf(AmountMode.class), g.longs(-2, 1_200),
                g.ints(1, 2)));
    }

    @Test
    void money_on_a_line_never_exceeds_what_was_paid_and_refunds_only_grow() {
        Tries.check(2_000, gen -> moneyOnALineNeverExceedsWhatWasPaid(gen.longs(1, 1_000), operations(gen)));
    }

    private static void moneyOnALineNeverExceedsWhatWasPaid(long paidFen, List<Op> ops) {
        OrderLine line = OrderLine.paid(new OrderId("o"), new LineId("l"), "SKU", 1, Money.of(paidFen, Currency.CNY));

        for (Op op : ops) {
            OrderLine before = line;
            line = apply(before, op);

            assertThat(line.refunded().plus(line.reserved())).isLessThanOrEqualTo(line.paid());
            assertThat(line.refundable().minorUnits()).isNotNegative();
            assertThat(line.refunded()).isGreaterThanOrEqualTo(before.refunded());
            assertThat(line.paid()).isEqualTo(before.paid());
            assertThat(line.openRefunds()).isNotNegative();
            if (line.reserved().isPositive()) {
                assertThat(line.openRefunds()).isPositive();
            }
            if (before.isShipped()) {
                assertThat(line.shipment()).as("a shipment is never undone or replaced").isEqualTo(before.shipment());
            }
        }
    }

    @Test
    void a_line_with_an_open_refund_or_nothing_left_to_ship_never_becomes_shipped() {
        Tries.check(2_000, gen -> aLineWithAnOpenRefundIsNeverShipped(gen.longs(1, 1_000), operations(gen)));
    }

    private static void aLineWithAnOpenRefundIsNeverShipped(long paidFen, List<Op> ops) {
        OrderLine line = OrderLine.paid(new OrderId("o"), new LineId("l"), "SKU", 1, Money.of(paidFen, Currency.CNY));

        for (Op op : ops) {
            OrderLine before = line;
            line = apply(before, op);

            if (op.kind() == Kind.SHIP && !before.isShipped()) {
                boolean intercepted = before.openRefunds() > 0 || before.refunded().equals(before.paid());
                assertThat(line.isShipped()).as("ship() from %s", before).isEqualTo(!intercepted);
            }
        }
    }

    /** Applies {@code op}; a refused money operation leaves the line as it was, after checking it had to be refused. */
    private static OrderLine apply(OrderLine line, Op op) {
        if (op.kind() == Kind.SHIP) {
            ShipmentOutcome outcome = line.ship(op.shipment());
            return switch (outcome) {
                case ShipmentOutcome.Shipped shipped -> {
                    assertThat(line.isShipped()).isFalse();
                    assertThat(line.openRefunds()).isZero();
                    assertThat(shipped.line().shipment()).contains(op.shipment());
                    assertThat(shipped.line().refunded()).isEqualTo(line.refunded());
                    assertThat(shipped.line().reserved()).isEqualTo(line.reserved());
                    yield shipped.line();
                }
                case ShipmentOutcome.AlreadyShipped already -> {
                    assertThat(line.shipment().orElseThrow().sameParcelAs(op.shipment())).isTrue();
                    assertThat(already.line()).isEqualTo(line);
                    yield line;
                }
                case ShipmentOutcome.ShippedDifferently differently -> {
                    assertThat(differently.existing()).isEqualTo(line.shipment().orElseThrow());
                    assertThat(differently.existing().sameParcelAs(op.shipment())).isFalse();
                    yield line;
                }
                case ShipmentOutcome.RefundInProgress intercepted -> {
                    assertThat(line.isShipped()).isFalse();
                    assertThat(intercepted.status()).isEqualTo(line.status());
                    assertThat(intercepted.status()).isIn(LineStatus.REFUNDING, LineStatus.REFUNDED);
                    yield line;
                }
            };
        }
        Money amount = op.amountFor(line);
        try {
            OrderLine next = switch (op.kind()) {
                case RESERVE -> line.reserve(amount);
                case RELEASE -> line.release(amount);
                case SETTLE -> line.settle(amount);
                case SHIP -> throw new AssertionError("handled above");
            };
            long fen = amount.minorUnits();
            switch (op.kind()) {
                case RESERVE -> {
                    assertThat(next.reserved().minorUnits()).isEqualTo(line.reserved().minorUnits() + fen);
                    assertThat(next.refunded()).isEqualTo(line.refunded());
                    assertThat(next.openRefunds()).isEqualTo(line.openRefunds() + 1);
                }
                case RELEASE -> {
                    assertThat(next.reserved().minorUnits()).isEqualTo(line.reserved().minorUnits() - fen);
                    assertThat(next.refunded()).isEqualTo(line.refunded());
                    assertThat(next.openRefunds()).isEqualTo(line.openRefunds() - 1);
                }
                case SETTLE -> {
                    assertThat(next.reserved().minorUnits()).isEqualTo(line.reserved().minorUnits() - fen);
                    assertThat(next.refunded().minorUnits()).isEqualTo(line.refunded().minorUnits() + fen);
                    assertThat(next.openRefunds()).isEqualTo(line.openRefunds() - 1);
                }
                case SHIP -> throw new AssertionError("handled above");
            }
            assertThat(next.shipment()).isEqualTo(line.shipment());
            return next;
        } catch (IllegalArgumentException refused) {
            long fen = amount.minorUnits();
            boolean deserved = switch (op.kind()) {
                case RESERVE -> fen <= 0 || fen > line.refundable().minorUnits();
                case RELEASE, SETTLE -> fen <= 0 || fen > line.reserved().minorUnits()
                        // closing the last open refund while money is still held would break the line's invariant
                        || (line.openRefunds() == 1 && fen < line.reserved().minorUnits());
                case SHIP -> false;
            };
            assertThat(deserved).as("%s of %s on %s was refused: %s", op.kind(), amount, line, refused.getMessage())
                    .isTrue();
            return line;
        }
    }
}
