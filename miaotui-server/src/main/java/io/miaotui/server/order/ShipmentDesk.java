package io.miaotui.server.order;

import io.miaotui.order.LineId;
import io.miaotui.order.OrderId;
import io.miaotui.order.OrderLine;
import io.miaotui.order.Shipment;
import io.miaotui.order.ShipmentOutcome;
import io.miaotui.server.audit.AuditLog;
import io.miaotui.server.database.RetryingTransactions;
import io.miaotui.server.trust.Access;
import io.miaotui.server.trust.Caller;
import io.miaotui.server.web.ApiProblem;
import io.miaotui.server.web.ProblemType;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.Map;
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
    private final Access access;

    public ShipmentDesk(OrderStore orders, RetryingTransactions transactions, Clock clock, MeterRegistry meters,
            AuditLog audit, Access access) {
        this.audit = audit;
        this.access = access;
        this.orders = orders;
        this.transactions = transactions;
        this.clock = clock;
        this.meters = meters;
    }

    public record Shipped(OrderLine line, boolean created) {
    }

    public Shipped ship(OrderId orderId, LineId lineId, String carrier, String trackingNo, Caller caller) {
        Shipped shipped = transactions.execute("shipment", status -> {
            LockedLine locked = orders.lockLine(orderId, lineId)
                    .orElseThrow(() -> MissingLine.problem(access, caller, orderId, lineId));
            ShipmentOutcome outcome = locked.line().ship(new Shipment(carrier, trackingNo, clock.instant()));
            return switch (outcome) {
                case ShipmentOutcome.Shipped s -> {
                    orders.saveShipment(s.line());
                    audit.record(caller, "LINE_SHIPPED", "order:" + orderId + "/" + lineId, carrier + " " + trackingNo);
                    yield new Shipped(s.line(), true);
                }
                case ShipmentOutcome.AlreadyShipped a -> new Shipped(a.line(), false);
                case ShipmentOutcome.ShippedDifferently d -> throw refused("already_shipped", new ApiProblem(
                        ProblemType.ALREADY_SHIPPED, "Line " + lineId + " of order " + orderId
                                + " already shipped as " + d.existing().carrier() + " " + d.existing().trackingNo() + "."));
                case ShipmentOutcome.RefundInProgress r -> throw refused("intercepted", new ApiProblem(
                        ProblemType.REFUND_IN_PROGRESS, "Line " + lineId + " of order " + orderId + " is " + r.status()
                                + ": the money is going back to the buyer, so do not ship it.",
                        Map.of("lineStatus", r.status().name())));
            };
        });
        meters.counter("miaotui.shipments", "outcome", shipped.created() ? "shipped" : "replayed").increment();
        if (shipped.created()) {
            log.info("order {} line {} shipped", orderId, lineId);
        }
        return shipped;
    }

    private ApiProblem refused(String outcome, ApiProblem problem) {
        meters.counter("miaotui.shipments", "outcome", outcome).increment();
        return problem;
    }
}
