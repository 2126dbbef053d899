package io.miaotui.order;

/** What asking to ship a line came to: expected refusals are values, not exceptions. */
public sealed interface ShipmentOutcome {

    /** The line is now shipped. */
    record Shipped(OrderLine line) implements ShipmentOutcome {
    }

    /** The same parcel was already recorded: a replay, nothing changes. */
    record AlreadyShipped(OrderLine line) implements ShipmentOutcome {
    }

    /** The line was shipped with another parcel. */
    record ShippedDifferently(Shipment existing) implements ShipmentOutcome {
    }

    /** A refund is open or the line is fully refunded: the shipment is intercepted. */
    record RefundInProgress(LineStatus status) implements ShipmentOutcome {
    }
}
