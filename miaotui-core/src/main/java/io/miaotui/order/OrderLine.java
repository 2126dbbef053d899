package io.miaotui.order;

import io.miaotui.money.Money;
import java.util.Objects;
import java.util.Optional;

/**
 * One line (sub-order) and its money: what was paid, what has been refunded, what open refunds hold back, and
 * what was released to the merchant when the buyer confirmed receipt. Immutable; each transition returns the
 * next line or says why it cannot happen. The database row mirrors these fields and its CHECK constraints
 * repeat the invariant {@code refunded + reserved + settled <= paid}.
 */
public record OrderLine(
        OrderId orderId,
        LineId lineId,
        String sku,
        int quantity,
        Money paid,
        Money refunded,
        Money reserved,
        int openRefunds,
        Optional<Shipment> shipment,
        Money settled) {

    public OrderLine {
        Objects.requireNonNull(orderId, "orderId");
        Objects.requireNonNull(lineId, "lineId");
        Objects.requireNonNull(shipment, "shipment");
        if (quantity <= 0) {
            throw new IllegalArgumentException("quantity must be positive");
        }
        if (paid.minorUnits() < 0 || refunded.minorUnits() < 0 || reserved.minorUnits() < 0 || openRefunds < 0
                || settled.minorUnits() < 0) {
            throw new IllegalArgumentException("line amounts and counts are never negative");
        }
        if (refunded.plus(reserved).plus(settled).isGreaterThan(paid)) {
            throw new IllegalArgumentException("refunded + reserved + settled exceeds paid on line " + lineId);
        }
        if (settled.isPositive() && shipment.isEmpty()) {
            throw new IllegalArgumentException("only a shipped line is settled to the merchant: " + lineId);
        }
        if (openRefunds == 0 && reserved.isPositive()) {
            throw new IllegalArgumentException("money reserved without an open refund on line " + lineId);
        }
    }

    /** A newly paid line: nothing refunded, nothing shipped. */
    public static OrderLine paid(OrderId orderId, LineId lineId, String sku, int quantity, Money paid) {
        Money zero = Money.zero(paid.currency());
        return new OrderLine(orderId, lineId, sku, quantity, paid, zero, zero, 0, Optional.empty(), zero);
    }

    public boolean isShipped() {
        return shipment.isPresent();
    }

    /** What a new refund may still take: paid, less refunded, less what open refunds hold, less what was settled. */
    public Money refundable() {
        return paid.minus(refunded).minus(reserved).minus(settled);
    }

    public boolean isSettled() {
        return settled.isPositive();
    }

    public LineStatus status() {
        if (paid.isPositive() && refunded.equals(paid)) {
            return LineStatus.REFUNDED;
        }
        if (openRefunds > 0) {
            return LineStatus.REFUNDING;
        }
        return isShipped() ? LineStatus.SHIPPED : LineStatus.PAID;
    }

    /**
     * Ships the line. Intercepted while a refund is open or once everything is refunded, because the money is on
     * its way back to the buyer; after a partial refund has been paid the rest may ship.
     */
    public ShipmentOutcome ship(Shipment parcel) {
        if (shipment.isPresent()) {
            return shipment.get().sameParcelAs(parcel)
                    ? new ShipmentOutcome.AlreadyShipped(this)
                    : new ShipmentOutcome.ShippedDifferently(shipment.get());
        }
        if (openRefunds > 0 || status() == LineStatus.REFUNDED) {
            return new ShipmentOutcome.RefundInProgress(status());
        }
        return new ShipmentOutcome.Shipped(
                new OrderLine(orderId, lineId, sku, quantity, paid, refunded, reserved, openRefunds, Optional.of(parcel),
                        settled));
    }

    /** Holds {@code amount} for a new open refund; the caller has checked it against {@link #refundable()}. */
    public OrderLine reserve(Money amount) {
        requirePositiveWithin(amount, refundable());
        return with(refunded, reserved.plus(amount), openRefunds + 1);
    }

    /** A refund that held {@code amount} was rejected: the money stays in escrow for the line. */
    public OrderLine release(Money amount) {
        requirePositiveWithin(amount, reserved);
        return with(refunded, reserved.minus(amount), openRefunds - 1);
    }

    /** A refund that held {@code amount} was paid to the buyer. */
    public OrderLine settle(Money amount) {
        requirePositiveWithin(amount, reserved);
        return with(refunded.plus(amount), reserved.minus(amount), openRefunds - 1);
    }

    /**
     * The buyer confirmed receipt: what is left of a shipped line with no open refund goes to the merchant. Empty
     * when nothing is to release: unshipped, a refund still open (it stays in escrow until decided), nothing
     * left, or released already.
     */
    public Optional<OrderLine> releaseToMerchant() {
        Money left = refundable();
        if (!isShipped() || openRefunds > 0 || !left.isPositive()) {
            return Optional.empty();
        }
        return Optional.of(new OrderLine(orderId, lineId, sku, quantity, paid, refunded, reserved, openRefunds,
                shipment, settled.plus(left)));
    }

    private OrderLine with(Money newRefunded, Money newReserved, int newOpenRefunds) {
        return new OrderLine(orderId, lineId, sku, quantity, paid, newRefunded, newReserved, newOpenRefunds, shipment,
                settled);
    }

    private static void requirePositiveWithin(Money amount, Money limit) {
        if (!amount.isPositive() || amount.isGreaterThan(limit)) {
            throw new IllegalArgumentException("amount " + amount + " is not within (0, " + limit + "]");
        }
    }
}
