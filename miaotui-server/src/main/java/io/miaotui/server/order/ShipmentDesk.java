package io.miaotui.server.order;

import io.miaotui.order.LineId;
import io.miaotui.order.OrderId;
import io.miaotui.order.Shipment;
import io.miaotui.order.ShipmentOutcome;
import io.miaotui.server.audit.AuditLog;
import io.miaotui.server.database.RetryingTransactions;
import io.miaotui.server.trust.Caller;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Records that a merchant shipped a line, under the line's row lock, so a shipment and a refund arriving together
 * are decided one after the other: whichever locks first wins, and the other sees it.
 */
@Service
public class ShipmentDesk {
    private static final Logger log = LoggerFactory.getLogger(ShipmentDesk.class);

    private final OrderStore orders;
    private final RetryingTransactions transactions;
    private final Clock clock;
    private final MeterRegistry meters;
    private final AuditLog audit;

    public ShipmentDesk(OrderStore orders, RetryingTransactions transactions, Clock clock, MeterRegistry meters,
            AuditLog audit) {
        this.audit = audit;
        this.orders = orders;
        this.transactions = transactions;
        this.clock = clock;
        this.meters = meters;
    }

    public ShipmentAnswer ship(OrderId orderId, LineId lineId, String carrier, String trackingNo, Caller caller) {
        ShipmentAnswer answer = transactions.execute("shipment", status -> {
            Optional<LockedLine> locked = orders.lockLine(orderId, lineId);
            if (locked.isEmpty()) {
                return new ShipmentAnswer.LineNotFound(orderId, lineId);
            }
            ShipmentOutcome outcome = locked.get().line().ship(new Shipment(carrier, trackingNo, clock.instant()));
            return switch (outcome) {
                case ShipmentOutcome.Shipped s -> {
                    orders.saveShipment(s.line());
                    audit.record(caller, "LINE_SHIPPED", "order:" + orderId + "/" + lineId, carrier + " " + trackingNo);
                    yield new ShipmentAnswer.Shipped(s.line(), true);
                }
                case ShipmentOutcome.AlreadyShipped a -> new ShipmentAnswer.Shipped(a.line(), false);
                case ShipmentOutcome.ShippedDifferently d -> {
                    status.setRollbackOnly();
                    yield new ShipmentAnswer.ShippedDifferently(orderId, lineId, d.existing());
                }
                case ShipmentOutcome.RefundInProgress r -> {
                    status.setRollbackOnly();
                    yield new ShipmentAnswer.Intercepted(orderId, lineId, r.status());
                }
            };
        });
        String outcome = switch (answer) {
            case ShipmentAnswer.Shipped shipped -> shipped.created() ? "shipped" : "replayed";
            case ShipmentAnswer.ShippedDifferently d -> "already_shipped";
            case ShipmentAnswer.Intercepted i -> "intercepted";
            case ShipmentAnswer.LineNotFound n -> null; // the caller's mistake, not a shipment: not counted
        };
        if (outcome != null) {
            meters.counter("miaotui.shipments", "outcome", outcome).increment();
        }
        if (answer instanceof ShipmentAnswer.Shipped shipped && shipped.created()) {
            log.info("order {} line {} shipped", orderId, lineId);
        }
        return answer;
    }
}
