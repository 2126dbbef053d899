package io.miaotui.server.order;

import io.miaotui.order.LineId;
import io.miaotui.order.OrderId;
import io.miaotui.order.OrderLine;
import io.miaotui.order.Shipment;
import io.miaotui.order.ShipmentOutcome;
import io.miaotui.server.audit.AuditLog;
import io.miaotui.server.database.GroupCommit;
import io.miaotui.server.database.GroupCommitProperties;
import io.miaotui.server.database.RetryingTransactions;
import io.miaotui.server.trust.Caller;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Records that a merchant shipped a line, under the line's row lock, so a shipment and a refund arriving together
 * are decided one after the other: whichever locks first wins, and the other sees it. Concurrent shipments are
 * committed in groups, as refund requests are ({@link GroupCommit}, the same limits): a merchant's warehouse ships
 * in waves, and alone each shipment paid five round trips and a commit of its own.
 */
@Service
public class ShipmentDesk {
    private static final Logger log = LoggerFactory.getLogger(ShipmentDesk.class);

    private final OrderStore orders;
    private final RetryingTransactions transactions;
    private final Clock clock;
    private final MeterRegistry meters;
    private final AuditLog audit;
    private final GroupCommit<Parcel, ShipmentAnswer> shipments;

    public ShipmentDesk(OrderStore orders, RetryingTransactions transactions, Clock clock, MeterRegistry meters,
            AuditLog audit, GroupCommitProperties groupCommit) {
        this.audit = audit;
        this.orders = orders;
        this.transactions = transactions;
        this.clock = clock;
        this.meters = meters;
        this.shipments = new GroupCommit<>("shipments", groupCommit, transactions, parcel -> parcel.orderId().value(),
                this::shipTogether, this::shipAlone, meters);
    }

    /** Lets the group commit's writers finish what is queued. */
    @PreDestroy
    void stopGroupCommit() {
        shipments.close();
    }

    public ShipmentAnswer ship(OrderId orderId, LineId lineId, String carrier, String trackingNo, Caller caller) {
        ShipmentAnswer answer = shipments.submit(new Parcel(orderId, lineId, carrier, trackingNo, caller));
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

    /** A shipment reported for a line, on its way to the database. */
    private record Parcel(OrderId orderId, LineId lineId, String carrier, String trackingNo, Caller caller) {
        OrderStore.LineKey line() {
            return new OrderStore.LineKey(orderId, lineId);
        }
    }

    /**
     * A shipment alone in its own transaction (or the caller's), written as a batch of one: the lock, then the line
     * and its audit row in one round trip. Rolled back when refused, as before the group commit: an order event's
     * claim goes with it, so a corrected resend may pass. A replay commits, as it did: it wrote nothing, and marking
     * the caller's transaction rollback-only would fail the event that carried it.
     */
    private ShipmentAnswer shipAlone(Parcel parcel) {
        return transactions.execute("shipment", status -> {
            ShipmentAnswer answer = shipTogether(List.of(parcel)).getFirst();
            if (answer instanceof ShipmentAnswer.ShippedDifferently || answer instanceof ShipmentAnswer.Intercepted) {
                status.setRollbackOnly();
            }
            return answer;
        });
    }

    /**
     * Several shipments in the caller's transaction (group commit): every line locked at once, in key order, then
     * each shipment decided on its line as the ones before it in the batch left it (a second parcel for a line
     * sees the first, as it would alone), then every shipped line and its audit row written in one round trip.
     * A refused shipment writes nothing.
     */
    private List<ShipmentAnswer> shipTogether(List<Parcel> parcels) {
        var lines = new HashMap<>(orders.lockLines(parcels.stream().map(Parcel::line).distinct().toList()));
        var answers = new ArrayList<ShipmentAnswer>(parcels.size());
        var shipped = new LinkedHashMap<OrderStore.LineKey, OrderLine>();
        var changes = new ArrayList<AuditLog.Change>();
        for (Parcel parcel : parcels) {
            ShipmentAnswer answer = decide(parcel, Optional.ofNullable(lines.get(parcel.line())));
            if (answer instanceof ShipmentAnswer.Shipped s && s.created()) {
                lines.put(parcel.line(), s.line());
                shipped.put(parcel.line(), s.line());
                changes.add(change(parcel));
            }
            answers.add(answer);
        }
        if (!shipped.isEmpty()) {
            orders.saveShipments(shipped.values(), audit.recording(changes));
        }
        return answers;
    }

    /** A shipment decided on its line as read under the lock; writes nothing. */
    private ShipmentAnswer decide(Parcel parcel, Optional<OrderLine> line) {
        if (line.isEmpty()) {
            return new ShipmentAnswer.LineNotFound(parcel.orderId(), parcel.lineId());
        }
        return switch (line.get().ship(new Shipment(parcel.carrier(), parcel.trackingNo(), clock.instant()))) {
            case ShipmentOutcome.Shipped s -> new ShipmentAnswer.Shipped(s.line(), true);
            case ShipmentOutcome.AlreadyShipped a -> new ShipmentAnswer.Shipped(a.line(), false);
            case ShipmentOutcome.ShippedDifferently d ->
                    new ShipmentAnswer.ShippedDifferently(parcel.orderId(), parcel.lineId(), d.existing());
            case ShipmentOutcome.RefundInProgress r ->
                    new ShipmentAnswer.Intercepted(parcel.orderId(), parcel.lineId(), r.status());
        };
    }

    /** What the audit log records of a parcel recorded. */
    private static AuditLog.Change change(Parcel parcel) {
        return new AuditLog.Change(parcel.caller(), "LINE_SHIPPED",
                "order:" + parcel.orderId() + "/" + parcel.lineId(), parcel.carrier() + " " + parcel.trackingNo());
    }
}
