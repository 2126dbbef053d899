package io.miaotui.server.order;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.miaotui.money.Currency;
import io.miaotui.money.Money;
import io.miaotui.order.BuyerId;
import io.miaotui.order.LineId;
import io.miaotui.order.Order;
import io.miaotui.order.OrderId;
import io.miaotui.order.OrderLine;
import io.miaotui.server.trust.Access;
import io.miaotui.server.trust.Caller;
import io.miaotui.server.web.ApiProblem;
import io.miaotui.server.web.ProblemType;
import io.miaotui.server.web.RequestCheck;
import io.miaotui.server.web.RequestFingerprint;
import io.miaotui.shop.ShopId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Paid orders from the upstream order system, and merchants' shipments of their lines. */
@RestController
@Tag(name = "Orders")
@RequestMapping("/api/v1/orders")
public class OrderController {
    private final OrderRegistration registration;
    private final ShipmentDesk shipments;
    private final OrderStore orders;
    private final ReceiptConfirmation receipts;
    private final Access access;

    public OrderController(OrderRegistration registration, ShipmentDesk shipments, OrderStore orders,
            ReceiptConfirmation receipts, Access access) {
        this.access = access;
        this.registration = registration;
        this.shipments = shipments;
        this.orders = orders;
        this.receipts = receipts;
    }

    public record ReceiptView(String orderId, String releasedAmount, List<OrderView.LineView> lines) {
    }

    /** The buyer confirmed receipt: shipped lines' escrow goes to the merchant (see {@link ReceiptConfirmation}). */
    @Operation(operationId = "confirmReceipt", summary = "Confirm receipt of an order",
            description = "The buyer (or the order system) confirms receipt: each shipped line's escrow, less "
                    + "refunds, goes to the merchant; repeating it releases nothing twice.")
    @PostMapping("/{orderId}/confirm-receipt")
    public ReceiptView confirmReceipt(Caller caller, @PathVariable String orderId) {
        OrderId id = new OrderId(validId("orderId", orderId));
        access.order(caller, id);
        ReceiptAnswer.Confirmed confirmed = switch (receipts.confirm(id, caller)) {
            case ReceiptAnswer.Confirmed done -> done;
            case ReceiptAnswer.OrderNotFound missing -> throw Access.orderNotFound(missing.orderId());
        };
        return new ReceiptView(orderId, confirmed.released().toDecimalString(),
                confirmed.lines().stream().map(OrderView.LineView::of).toList());
    }

    /**
     * {@code shipBy} is optional: without it the channel's window after payment applies (48 hours by default).
     * {@code buyerCreditLevel} is optional (0 when left out): the marketplace's credit level for the buyer, a fact
     * refund policies may read.
     */
    public record OrderBody(@Schema(requiredMode = REQUIRED, example = "O-1001") String orderId,
            @Schema(requiredMode = REQUIRED, example = "S-1") String shopId,
            @Schema(requiredMode = REQUIRED, example = "B-1") String buyerId,
            @Schema(requiredMode = REQUIRED, example = "2026-11-11T00:00:05Z") String paidAt,
            @Schema(requiredMode = REQUIRED, example = "CNY") String currency,
            @Schema(requiredMode = REQUIRED, description = "1 to 200 lines") List<LineBody> lines,
            @Schema(example = "2026-11-13T00:00:05Z") String shipBy, @Schema(example = "0") Integer buyerCreditLevel) {
    }

    public record LineBody(@Schema(requiredMode = REQUIRED, example = "L-1") String lineId,
            @Schema(requiredMode = REQUIRED, example = "longjing-250g") String sku,
            @Schema(requiredMode = REQUIRED, example = "1") Integer quantity,
            @Schema(requiredMode = REQUIRED, example = "499.00") String paidAmount) {
    }

    public record ShipmentBody(@Schema(requiredMode = REQUIRED, example = "SF") String carrier,
            @Schema(requiredMode = REQUIRED, example = "SF1234567890") String trackingNo) {
    }

    @Schema(name = "Shipment")
    public record ShipmentView(String orderId, String lineId, String carrier, String trackingNo, Instant shippedAt,
            String status) {
    }

    @Operation(operationId = "registerOrder", summary = "Register a paid order",
            description = "The order system registers a paid order and its lines (optional `shipBy`, default the "
                    + "channel's window after payment). The same body again is a replay (200); another body under "
                    + "the same id is a 409.")
    @ApiResponse(responseCode = "201", description = "The order was registered.")
    @ApiResponse(responseCode = "200", description = "A replay: this order was already registered with this body.")
    @ApiResponse(responseCode = "409", description = "`order-conflict`: the id is registered with other content.")
    @ApiResponse(responseCode = "422", description = "Invalid input or `unknown-shop`.")
    @PostMapping
    public ResponseEntity<OrderView> register(Caller caller, @RequestBody OrderBody body) {
        Parsed parsed = parse(body);
        Order order = parsed.order();
        String fingerprint = parsed.fingerprint();
        RegistrationAnswer.Registered registered = switch (registration.register(order, parsed.shipBy(),
                parsed.creditLevel(), fingerprint, caller)) {
            case RegistrationAnswer.Registered done -> done;
            case RegistrationAnswer.UnknownShop unknown -> throw new ApiProblem(ProblemType.UNKNOWN_SHOP, "Shop "
                    + unknown.shopId() + " is not registered; PUT /api/v1/shops/" + unknown.shopId() + " first.");
            case RegistrationAnswer.Conflict conflict -> throw new ApiProblem(ProblemType.ORDER_CONFLICT,
                    "Order " + conflict.orderId() + " is already registered with different content.");
        };
        return ResponseEntity.status(registered.created() ? HttpStatus.CREATED : HttpStatus.OK)
                .body(OrderView.of(registered.order()));
    }

    @Operation(operationId = "getOrder", summary = "Read an order",
            description = "The order, each line with its status and its paid, refunded, refundable and settled "
                    + "amounts.")
    @GetMapping("/{orderId}")
    public OrderView get(Caller caller, @PathVariable String orderId) {
        OrderId id = new OrderId(validId("orderId", orderId));
        access.order(caller, id);
        return orders.find(id).map(OrderView::of)
                .orElseThrow(() -> Access.orderNotFound(id));
    }

    @Operation(operationId = "shipLine", summary = "Ship an order line",
            description = "The merchant (or the order system) reports a line's parcel. A refund that is open or "
                    + "done for the line intercepts it.")
    @ApiResponse(responseCode = "201", description = "The shipment was recorded.")
    @ApiResponse(responseCode = "200", description = "A replay: this parcel was already recorded.")
    @ApiResponse(responseCode = "409", description = "`refund-in-progress` (shipment intercepted) or "
            + "`already-shipped` with another parcel.")
    @PostMapping("/{orderId}/lines/{lineId}/shipment")
    public ResponseEntity<ShipmentView> ship(Caller caller, @PathVariable String orderId, @PathVariable String lineId,
            @RequestBody ShipmentBody body) {
        var check = new RequestCheck();
        String order = check.id("orderId", orderId);
        String line = check.id("lineId", lineId);
        String carrier = check.id("carrier", body.carrier());
        String trackingNo = check.id("trackingNo", body.trackingNo());
        check.throwIfInvalid();
        access.order(caller, new OrderId(order));
        ShipmentAnswer.Shipped shipped = switch (shipments.ship(new OrderId(order), new LineId(line), carrier,
                trackingNo, caller)) {
            case ShipmentAnswer.Shipped done -> done;
            case ShipmentAnswer.ShippedDifferently d -> throw new ApiProblem(ProblemType.ALREADY_SHIPPED,
                    "Line " + d.lineId() + " of order " + d.orderId() + " already shipped as "
                            + d.existing().carrier() + " " + d.existing().trackingNo() + ".");
            case ShipmentAnswer.Intercepted i -> throw new ApiProblem(ProblemType.REFUND_IN_PROGRESS,
                    "Line " + i.lineId() + " of order " + i.orderId() + " is " + i.status()
                            + ": the money is going back to the buyer, so do not ship it.",
                    Map.of("lineStatus", i.status().name()));
            case ShipmentAnswer.LineNotFound n -> throw MissingLine.problem(access, caller, n.orderId(), n.lineId());
        };
        var parcel = shipped.line().shipment().orElseThrow();
        return ResponseEntity.status(shipped.created() ? HttpStatus.CREATED : HttpStatus.OK)
                .body(new ShipmentView(order, line, parcel.carrier(), parcel.trackingNo(), parcel.shippedAt(),
                        shipped.line().status().name()));
    }

    /**
     * A registration's body once every field checked out, with its fingerprint (what makes two registrations the
     * same order). The order events from Kafka ({@code events.OrderEventController}) parse the same way.
     */
    public record Parsed(Order order, Optional<Instant> shipBy, int creditLevel) {
        public String fingerprint() {
            return OrderController.fingerprint(order, shipBy, creditLevel);
        }
    }

    /** Checks every field, the optional ones too, and names all the bad ones in one 422. */
    public static Parsed parse(OrderBody body) {
        var check = new RequestCheck();
        String orderId = check.id("orderId", body.orderId());
        String shopId = check.id("shopId", body.shopId());
        String buyerId = check.id("buyerId", body.buyerId());
        Instant paidAt = check.instant("paidAt", body.paidAt());
        Currency currency = check.currency("currency", body.currency());
        List<LineBody> lineBodies = body.lines() == null ? List.of() : body.lines();
        check.require(!lineBodies.isEmpty() && lineBodies.size() <= Order.MAX_LINES, "lines",
                "must hold 1 to " + Order.MAX_LINES + " lines");
        var lines = new ArrayList<OrderLine>();
        var seen = new HashSet<String>();
        for (int i = 0; i < lineBodies.size() && i < Order.MAX_LINES; i++) {
            LineBody line = lineBodies.get(i);
            String at = "lines[" + i + "].";
            if (line == null) {
                check.require(false, "lines[" + i + "]", "is required");
                continue;
            }
            String lineId = check.id(at + "lineId", line.lineId());
            check.require(lineId == null || seen.add(lineId), at + "lineId", "repeats another line's id");
            String sku = check.id(at + "sku", line.sku());
            int quantity = check.positiveInt(at + "quantity", line.quantity(), 1_000_000);
            Money paid = currency == null ? null : check.amount(at + "paidAmount", line.paidAmount(), currency);
            if (check.ok() && orderId != null) {
                lines.add(OrderLine.paid(new OrderId(orderId), new LineId(lineId), sku, quantity, paid));
            }
        }
        Optional<Instant> shipBy = shipBy(check, body.shipBy(), paidAt);
        int creditLevel = creditLevel(check, body.buyerCreditLevel());
        check.throwIfInvalid();
        return new Parsed(new Order(new OrderId(orderId), new ShopId(shopId), new BuyerId(buyerId), paidAt, currency,
                lines), shipBy, creditLevel);
    }

    private static Optional<Instant> shipBy(RequestCheck check, String value, Instant paidAt) {
        if (value == null) {
            return Optional.empty();
        }
        Instant shipBy = check.instant("shipBy", value);
        check.require(shipBy == null || paidAt == null || shipBy.isAfter(paidAt), "shipBy", "must be after paidAt");
        return Optional.ofNullable(shipBy);
    }

    /** What makes two registrations the same order: everything in the body, amounts and instants normalised. */
    private static String fingerprint(Order order, Optional<Instant> shipBy, int creditLevel) {
        List<Object> parts = new ArrayList<>(List.of(order.id(), order.shopId(), order.buyerId(), order.paidAt(),
                order.currency(), shipBy.map(Object::toString).orElse("default")));
        if (creditLevel != 0) {
            parts.add("credit=" + creditLevel); // only when given, so orders registered before it hash as they did
        }
        for (OrderLine line : order.lines()) {
            parts.addAll(List.of(line.lineId(), line.sku(), line.quantity(), line.paid().minorUnits()));
        }
        return RequestFingerprint.of(parts.toArray());
    }

    private static int creditLevel(RequestCheck check, Integer value) {
        if (value == null) {
            return 0;
        }
        check.require(value >= 0 && value <= 1000, "buyerCreditLevel", "must be a whole number from 0 to 1000");
        return value;
    }

    private static String validId(String field, String value) {
        var check = new RequestCheck();
        String id = check.id(field, value);
        check.throwIfInvalid();
        return id;
    }
}
