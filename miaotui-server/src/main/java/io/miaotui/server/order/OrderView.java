package io.miaotui.server.order;

import io.miaotui.order.LineStatus;
import io.miaotui.order.Order;
import io.miaotui.order.OrderLine;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;

/** An order as the API shows it: amounts as decimal strings, each line with its derived status. */
public record OrderView(String orderId, String shopId, String buyerId, Instant paidAt, Instant shipBy,
        String currency, List<LineView> lines) {

    public record LineView(String lineId, String sku, int quantity, String paidAmount, String refundedAmount,
            String refundableAmount, String settledAmount, LineStatus status,
            @Schema(nullable = true, description = "none until the line ships")
            ShipmentView shipment) {

        public static LineView of(OrderLine line) {
            return new LineView(line.lineId().value(), line.sku(), line.quantity(), line.paid().toDecimalString(),
                    line.refunded().toDecimalString(), line.refundable().toDecimalString(),
                    line.settled().toDecimalString(), line.status(),
                    line.shipment().map(s -> new ShipmentView(s.carrier(), s.trackingNo(), s.shippedAt())).orElse(null));
        }
    }

    @Schema(name = "LineShipment")
    public record ShipmentView(String carrier, String trackingNo, Instant shippedAt) {
    }

    public static OrderView of(OrderStore.StoredOrder stored) {
        Order order = stored.order();
        Instant shipBy = stored.shipBy();
        return new OrderView(order.id().value(), order.shopId().value(), order.buyerId().value(), order.paidAt(),
                shipBy, order.currency().name(), order.lines().stream().map(LineView::of).toList());
    }
}
