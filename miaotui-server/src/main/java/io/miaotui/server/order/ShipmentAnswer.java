package io.miaotui.server.order;

import io.miaotui.order.LineId;
import io.miaotui.order.LineStatus;
import io.miaotui.order.OrderId;
import io.miaotui.order.OrderLine;
import io.miaotui.order.Shipment;

/** What came of a merchant's report that a line shipped: recorded (or replayed), or refused and nothing written. */
public sealed interface ShipmentAnswer permits ShipmentAnswer.Shipped, ShipmentAnswer.ShippedDifferently,
        ShipmentAnswer.Intercepted, ShipmentAnswer.LineNotFound {

    /** The line with its parcel; {@code created} false when this very parcel was recorded before (a replay). */
    record Shipped(OrderLine line, boolean created) implements ShipmentAnswer {
    }

    /** The line already shipped, as {@code existing}: another parcel cannot replace it. */
    record ShippedDifferently(OrderId orderId, LineId lineId, Shipment existing) implements ShipmentAnswer {
    }

    /** A refund of the line is open or done ({@code status}): the money goes back to the buyer, so do not ship. */
    record Intercepted(OrderId orderId, LineId lineId, LineStatus status) implements ShipmentAnswer {
    }

    /** The order has no such line. */
    record LineNotFound(OrderId orderId, LineId lineId) implements ShipmentAnswer {
    }
}
