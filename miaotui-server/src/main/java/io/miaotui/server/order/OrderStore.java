package io.miaotui.server.order;

import io.miaotui.closing.ShopClosing;
import io.miaotui.money.Currency;
import io.miaotui.money.Money;
import io.miaotui.order.BuyerId;
import io.miaotui.order.LineId;
import io.miaotui.order.Order;
import io.miaotui.order.OrderId;
import io.miaotui.order.OrderLine;
import io.miaotui.order.Shipment;
import io.miaotui.policy.RequestHistory;
import io.miaotui.server.database.GenericPlans;
import io.miaotui.server.database.JsonRows;
import io.miaotui.server.database.OneRoundTrip;
import io.miaotui.server.database.WithStep;
import io.miaotui.shop.Channel;
import io.miaotui.shop.Shop;
import io.miaotui.shop.ShopId;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Orders and their lines in PostgreSQL. Money columns are fen; the row's CHECKs repeat {@link OrderLine}'s invariants. */
@Repository
public class OrderStore {
    private static final String LINE_COLUMNS = """
            l.order_id, l.line_id, l.sku, l.quantity, l.paid_fen, l.refunded_fen, l.reserved_fen, l.open_refunds,
            l.shipped_at, l.carrier, l.tracking_no, l.settled_fen, o.currency""";

    /** What a locked line is read with: its shop, its order's buyer, payment and ship-by, and its own columns. */
    private static final String LOCKED_LINE_COLUMNS = "select s.shop_id, s.name, s.channel, o.buyer_id, o.paid_at, o.ship_by, "
            + LINE_COLUMNS;
    private static final String LINE_ORDER_SHOP = """
             from order_lines l join orders o on o.order_id = l.order_id join shops s on s.shop_id = o.shop_id
            """;

    private final JdbcClient jdbc;
    private final JdbcTemplate batch;

    public OrderStore(JdbcClient jdbc, JdbcTemplate batch) {
        this.jdbc = jdbc;
        this.batch = batch;
    }

    /** Inserts the order and its lines unless the id is taken; true when this call inserted it. */
    public boolean insertIfAbsent(Order order, Instant shipBy, int buyerCreditLevel, String requestHash, Instant now) {
        int inserted = jdbc.sql("""
                insert into orders (order_id, shop_id, buyer_id, paid_at, ship_by, currency, request_hash, created_at,
                    buyer_credit_level)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict (order_id) do nothing
                """)
                .params(order.id().value(), order.shopId().value(), order.buyerId().value(),
                        Timestamp.from(order.paidAt()), Timestamp.from(shipBy), order.currency().name(), requestHash,
                        Timestamp.from(now), buyerCreditLevel)
                .update();
        if (inserted == 0) {
            return false;
        }
        batch.batchUpdate("""
                insert into order_lines (order_id, line_id, sku, quantity, paid_fen) values (?, ?, ?, ?, ?)
                """, order.lines(), order.lines().size(), (ps, line) -> {
            ps.setString(1, line.orderId().value());
            ps.setString(2, line.lineId().value());
            ps.setString(3, line.sku());
            ps.setInt(4, line.quantity());
            ps.setLong(5, line.paid().minorUnits());
        });
        return true;
    }

    public Optional<String> requestHash(OrderId id) {
        return jdbc.sql("select request_hash from orders where order_id = ?").param(id.value())
                .query(String.class).optional();
    }

    private record OrderRow(ShopId shopId, BuyerId buyerId, Instant paidAt, Instant shipBy, OrderLine line) {
    }

    /** An order as stored: the order and its ship-by deadline (as registered). */
    public record StoredOrder(Order order, Instant shipBy) {
    }

    /** The order with each line's current money and shipment; one query. */
    public Optional<StoredOrder> find(OrderId id) {
        List<OrderRow> rows = jdbc.sql("select o.shop_id, o.buyer_id, o.paid_at, o.ship_by, " + LINE_COLUMNS + """
                 from orders o join order_lines l on l.order_id = o.order_id
                 where o.order_id = ? order by l.line_id
                """)
                .param(id.value())
                .query((rs, n) -> new OrderRow(new ShopId(rs.getString("shop_id")), new BuyerId(rs.getString("buyer_id")),
                        rs.getTimestamp("paid_at").toInstant(), rs.getTimestamp("ship_by").toInstant(), line(rs)))
                .list();
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        OrderRow first = rows.getFirst();
        List<OrderLine> lines = rows.stream().map(OrderRow::line).toList();
        return Optional.of(new StoredOrder(new Order(id, first.shopId(), first.buyerId(), first.paidAt(),
                first.line().paid().currency(), lines), first.shipBy()));
    }

    /**
     * Locks one line ({@code FOR UPDATE}) and reads what a refund or shipment decision needs, in one statement.
     * Every write to a line's money or shipment happens under this lock, which is what keeps a racing shipment
     * and refund from both succeeding.
     */
    public Optional<LockedLine> lockLine(OrderId orderId, LineId lineId) {
        return jdbc.sql(LOCKED_LINE_COLUMNS + LINE_ORDER_SHOP + " where l.order_id = ? and l.line_id = ? for update of l")
                .params(orderId.value(), lineId.value())
                .query((rs, n) -> lockedLine(rs, Optional.empty()))
                .optional();
    }

    /**
     * A locked line, whether the buyer's {@code idempotencyKey} already names one of their refunds, and what a
     * policy may know of the order, buyer and shop beyond the line (all read in the same statement).
     */
    public record LockedForRefund(LockedLine locked, boolean keyTaken, RequestHistory history) {
    }

    /**
     * As {@link #lockLine(OrderId, LineId)} for a line of {@code buyer}'s own order (someone else's is not found,
     * nor locked, exactly like a missing one), and in the same round trip looks up the buyer's idempotency key
     * (keys are per buyer) and the shop's closing in force or coming at {@code now}, so the refund path spends
     * one statement on what would otherwise take three.
     */
    public Optional<LockedForRefund> lockLine(OrderId orderId, LineId lineId, BuyerId buyer, String idempotencyKey,
            Instant now) {
        return jdbc.sql(LOCKED_LINE_COLUMNS + forRefund("?", "?") + LINE_ORDER_SHOP + CLOSING + """
                 where l.order_id = ? and l.line_id = ? and o.buyer_id = ? for update of l
                """)
                .params(buyer.value(), idempotencyKey,
                        Timestamp.from(now.minus(RequestHistory.BUYER_HISTORY_WINDOW)),
                        Timestamp.from(now.minus(RequestHistory.BUYER_HISTORY_WINDOW)),
                        Timestamp.from(now.minus(RequestHistory.INSTANT_REFUND_WINDOW)),
                        Timestamp.from(now), orderId.value(), lineId.value(), buyer.value())
                .query((rs, n) -> new LockedForRefund(lockedLine(rs, closing(rs)), rs.getBoolean("key_taken"),
                        history(rs)))
                .optional();
    }

    /**
     * What {@link #lockLine(OrderId, LineId, BuyerId, String, Instant)} reads beyond the line: whether the buyer's
     * key names one of their refunds, the order, buyer and shop facts a policy may use, and the shop's closing.
     * {@code buyer} and {@code key} are SQL expressions (a parameter, or a column of the requests being read); the
     * three history windows are the next parameters, then the closing's {@code now}.
     */
    private static String forRefund(String buyer, String key) {
        return """
                , exists (select 1 from refunds r where r.buyer_id = %s and r.idempotency_key = %s) as key_taken,
                  (select count(*) from order_lines ol where ol.order_id = o.order_id) as line_count,
                  (select count(*) from refunds r where r.buyer_id = o.buyer_id
                       and r.created_at > ?) as buyer_refunds_90d,
                  (select count(*) from orders ob where ob.buyer_id = o.buyer_id
                       and ob.paid_at > ?) as buyer_orders_90d,
                  (select coalesce(sum(r.amount_fen), 0) from refunds r where r.buyer_id = o.buyer_id
                       and r.decision_instant and r.created_at > ?) as buyer_instant_30d,
                  o.buyer_credit_level, s.experience_score,
                  c.from_at as closing_from, c.to_at as closing_to""".formatted(buyer, key);
    }

    private static final String CLOSING = """
             left join lateral (select from_at, to_at from shop_closings sc where sc.shop_id = s.shop_id
                 and sc.cancelled_at is null and sc.to_at > ? order by sc.from_at limit 1) c on true
            """;

    /** A buyer's refund request naming a line and an idempotency key, as a batch reads it. */
    public record RefundLookup(OrderId orderId, LineId lineId, BuyerId buyer, String idempotencyKey) {
    }

    /**
     * Reads, in one statement, what {@link #lockLine(OrderId, LineId, BuyerId, String, Instant)} reads for each
     * request of a batch (group commit), in the requests' order: empty where the line is not on the buyer's own
     * order. The caller already holds every line's lock ({@link #lockLinesOfBuyersAndRead}).
     */
    public List<Optional<LockedForRefund>> readLinesForRefunds(List<RefundLookup> requests, Instant now) {
        var found = notFound(requests);
        OneRoundTrip.run(batch, List.of(readingLinesForRefunds(requests, now, found)));
        return found;
    }

    /**
     * Starts a batch's transaction (group commit) in one round trip: generic plans for it ({@link GenericPlans}),
     * then the lock of each line {@code toLock} names that is on its buyer's own order, in one statement and in
     * key order (as {@link #lockLine(OrderId, LineId, BuyerId, String, Instant)} would take them one by one), then
     * {@link #readLinesForRefunds} of {@code firstRead}. Lines in key order before anything else, as every writer
     * of several lines takes them, so a batch cannot deadlock with another batch or the payout worker; the read
     * runs after the lock's waits, so it sees what was committed before the locks were granted.
     * <p>
     * A request whose idempotency key already names one of its buyer's refunds (a retry) takes no lock: it writes
     * nothing and is answered from that refund, so its batch need not wait, as it did, for the payout worker
     * settling the original on the same line (retries took a quarter longer than new requests in the storm).
     */
    public List<Optional<LockedForRefund>> lockLinesOfBuyersAndRead(List<RefundLookup> toLock,
            List<RefundLookup> firstRead, Instant now) {
        var found = notFound(firstRead);
        OneRoundTrip.run(batch, List.of(GenericPlans.FOR_THIS_TRANSACTION, new OneRoundTrip.Step("""
                select l.line_id from order_lines l join orders o on o.order_id = l.order_id
                where (l.order_id, l.line_id, o.buyer_id) in
                    (select a.order_id, a.line_id, a.buyer_id
                     from unnest(?::varchar[], ?::varchar[], ?::varchar[], ?::varchar[])
                         as a(order_id, line_id, buyer_id, idempotency_key)
                     where not exists (select 1 from refunds r
                                       where r.buyer_id = a.buyer_id and r.idempotency_key = a.idempotency_key))
                order by l.order_id, l.line_id for update of l
                """, List.of(toLock.stream().map(l -> l.orderId().value()).toArray(String[]::new),
                        toLock.stream().map(l -> l.lineId().value()).toArray(String[]::new),
                        toLock.stream().map(l -> l.buyer().value()).toArray(String[]::new),
                        toLock.stream().map(RefundLookup::idempotencyKey).toArray(String[]::new)), null),
                readingLinesForRefunds(firstRead, now, found)));
        return found;
    }

    private static ArrayList<Optional<LockedForRefund>> notFound(List<RefundLookup> requests) {
        return new ArrayList<>(Collections.nCopies(requests.size(), Optional.empty()));
    }

    /** The read of {@link #readLinesForRefunds}, each row set into {@code found} at its request's place. */
    private static OneRoundTrip.Step readingLinesForRefunds(List<RefundLookup> requests, Instant now,
            List<Optional<LockedForRefund>> found) {
        return new OneRoundTrip.Step(LOCKED_LINE_COLUMNS + ", a.n" + forRefund("a.buyer_id", "a.idempotency_key") + """
                 from unnest(?::varchar[], ?::varchar[], ?::varchar[], ?::varchar[]) with ordinality
                     as a(order_id, line_id, buyer_id, idempotency_key, n)
                 join order_lines l on l.order_id = a.order_id and l.line_id = a.line_id
                 join orders o on o.order_id = l.order_id and o.buyer_id = a.buyer_id
                 join shops s on s.shop_id = o.shop_id
                """ + CLOSING, List.of(Timestamp.from(now.minus(RequestHistory.BUYER_HISTORY_WINDOW)),
                        Timestamp.from(now.minus(RequestHistory.BUYER_HISTORY_WINDOW)),
                        Timestamp.from(now.minus(RequestHistory.INSTANT_REFUND_WINDOW)),
                        requests.stream().map(r -> r.orderId().value()).toArray(String[]::new),
                        requests.stream().map(r -> r.lineId().value()).toArray(String[]::new),
                        requests.stream().map(r -> r.buyer().value()).toArray(String[]::new),
                        requests.stream().map(RefundLookup::idempotencyKey).toArray(String[]::new),
                        Timestamp.from(now)),
                rs -> found.set(rs.getInt("n") - 1, Optional.of(new LockedForRefund(lockedLine(rs, closing(rs)),
                        rs.getBoolean("key_taken"), history(rs)))));
    }

    /** Writes a line's refund money after a transition computed by the domain under the line's lock. */
    public void saveMoney(OrderLine line) {
        jdbc.sql("""
                update order_lines set refunded_fen = ?, reserved_fen = ?, open_refunds = ?
                where order_id = ? and line_id = ?
                """)
                .params(line.refunded().minorUnits(), line.reserved().minorUnits(), line.openRefunds(),
                        line.orderId().value(), line.lineId().value())
                .update();
    }

    /**
     * Writes the line's refund money (as {@link #saveMoney}) in a composed statement, only when the WITH query
     * named {@code when} has a row: the money a new refund holds is held only if the refund was inserted.
     */
    public static WithStep saveMoneyWhen(String when, OrderLine line) {
        var params = new HashMap<String, Object>();
        params.put("line_refunded_fen", line.refunded().minorUnits());
        params.put("line_reserved_fen", line.reserved().minorUnits());
        params.put("line_open_refunds", line.openRefunds());
        params.put("line_order_id", line.orderId().value());
        params.put("line_line_id", line.lineId().value());
        return WithStep.writing("held", """
                update order_lines set refunded_fen = :line_refunded_fen, reserved_fen = :line_reserved_fen,
                    open_refunds = :line_open_refunds
                where order_id = :line_order_id and line_id = :line_line_id and exists (select 1 from\s""" + when + ")",
                params);
    }

    /**
     * Writes the refund money of several lines (as {@link #saveMoney}, one row each) in a composed statement: the
     * holds of a batch of new refunds (group commit), each line at most once.
     */
    public static WithStep saveMoneyOfAll(List<OrderLine> lines) {
        var rows = new ArrayList<Map<String, Object>>(lines.size());
        for (OrderLine line : lines) {
            var row = new LinkedHashMap<String, Object>();
            row.put("order_id", line.orderId().value());
            row.put("line_id", line.lineId().value());
            row.put("refunded_fen", line.refunded().minorUnits());
            row.put("reserved_fen", line.reserved().minorUnits());
            row.put("open_refunds", line.openRefunds());
            rows.add(row);
        }
        return WithStep.writing("held", """
                update order_lines l set refunded_fen = h.refunded_fen, reserved_fen = h.reserved_fen,
                    open_refunds = h.open_refunds
                from jsonb_populate_recordset(null::order_lines, :line_rows::jsonb) h
                where l.order_id = h.order_id and l.line_id = h.line_id""", Map.of("line_rows", JsonRows.of(rows)));
    }

    /** A refund paid out of its line's held money. */
    public record PaidOut(OrderId orderId, LineId lineId, Money amount) {
    }

    /**
     * Moves paid-out refunds' money from held to refunded on their lines, in one statement on a given connection
     * source (the payout workers have their own pool). Mirrors OrderLine.settle in SQL to spare a read; the line's
     * CHECKs hold the same invariants. Refunds of one line are summed first: an UPDATE ... FROM changes a row once
     * however many of its rows it joins.
     */
    public static OneRoundTrip.Step settlingPaidOut(List<PaidOut> paid) {
        return new OneRoundTrip.Step("""
                update order_lines l set refunded_fen = l.refunded_fen + p.amount, reserved_fen = l.reserved_fen - p.amount,
                    open_refunds = l.open_refunds - p.refunds
                from (select order_id, line_id, sum(amount) as amount, count(*) as refunds
                      from unnest(?::varchar[], ?::varchar[], ?::bigint[]) as r(order_id, line_id, amount)
                      group by order_id, line_id) p
                where l.order_id = p.order_id and l.line_id = p.line_id
                """, List.of(paid.stream().map(p -> p.orderId().value()).toArray(String[]::new),
                        paid.stream().map(p -> p.lineId().value()).toArray(String[]::new),
                        paid.stream().mapToLong(p -> p.amount().minorUnits()).toArray()), null);
    }

    /** Locks every line of the order, in line order (the order every multi-line writer uses). */
    public List<LockedLine> lockLinesOfOrder(OrderId orderId) {
        return jdbc.sql(LOCKED_LINE_COLUMNS + LINE_ORDER_SHOP + " where l.order_id = ? order by l.line_id for update of l")
                .param(orderId.value())
                .query((rs, n) -> lockedLine(rs, Optional.empty()))
                .list();
    }

    /** Records what the buyer's confirmation of receipt released to the merchant. */
    public void saveSettled(List<OrderLine> lines) {
        batch.batchUpdate("update order_lines set settled_fen = ? where order_id = ? and line_id = ?", lines,
                Math.max(1, lines.size()), (ps, line) -> {
                    ps.setLong(1, line.settled().minorUnits());
                    ps.setString(2, line.orderId().value());
                    ps.setString(3, line.lineId().value());
                });
    }

    /** A line named by its order and its id. */
    public record LineKey(OrderId orderId, LineId lineId) {
    }

    /**
     * Starts a batch's transaction (group commit of shipments) in one round trip: generic plans for it
     * ({@link GenericPlans}), then the lock of each named line, in one statement and in key order (as every writer
     * of several lines takes them), read as {@link #lockLine(OrderId, LineId)} reads a line. A line that does not
     * exist is not in the answer.
     */
    public Map<LineKey, OrderLine> lockLines(Collection<LineKey> keys) {
        var found = new HashMap<LineKey, OrderLine>();
        OneRoundTrip.run(batch, List.of(GenericPlans.FOR_THIS_TRANSACTION, new OneRoundTrip.Step("select " + LINE_COLUMNS
                + """
                 from order_lines l join orders o on o.order_id = l.order_id
                where (l.order_id, l.line_id) in (select * from unnest(?::varchar[], ?::varchar[]))
                order by l.order_id, l.line_id for update of l
                """, List.of(keys.stream().map(k -> k.orderId().value()).toArray(String[]::new),
                        keys.stream().map(k -> k.lineId().value()).toArray(String[]::new)), rs -> {
                            OrderLine line = line(rs);
                            found.put(new LineKey(line.orderId(), line.lineId()), line);
                        })));
        return found;
    }

    /**
     * Writes shipped lines' parcels (one row each, each line once) and sends {@code alongside} in the same round
     * trip (their audit rows).
     */
    public void saveShipments(Collection<OrderLine> lines, OneRoundTrip.Step alongside) {
        List<Shipment> parcels = lines.stream().map(line -> line.shipment().orElseThrow()).toList();
        OneRoundTrip.run(batch, List.of(new OneRoundTrip.Step("""
                update order_lines l set shipped_at = s.shipped_at, carrier = s.carrier, tracking_no = s.tracking_no
                from unnest(?::varchar[], ?::varchar[], ?::timestamptz[], ?::varchar[], ?::varchar[])
                    as s(order_id, line_id, shipped_at, carrier, tracking_no)
                where l.order_id = s.order_id and l.line_id = s.line_id
                """, List.of(lines.stream().map(line -> line.orderId().value()).toArray(String[]::new),
                        lines.stream().map(line -> line.lineId().value()).toArray(String[]::new),
                        parcels.stream().map(parcel -> parcel.shippedAt().toString()).toArray(String[]::new),
                        parcels.stream().map(Shipment::carrier).toArray(String[]::new),
                        parcels.stream().map(Shipment::trackingNo).toArray(String[]::new)), null), alongside));
    }

    private static LockedLine lockedLine(ResultSet rs, Optional<ShopClosing> closing) throws SQLException {
        return new LockedLine(
                new Shop(new ShopId(rs.getString("shop_id")), rs.getString("name"), Channel.valueOf(rs.getString("channel"))),
                new BuyerId(rs.getString("buyer_id")), rs.getTimestamp("paid_at").toInstant(),
                rs.getTimestamp("ship_by").toInstant(), line(rs), closing);
    }

    private static RequestHistory history(ResultSet rs) throws SQLException {
        return new RequestHistory(rs.getInt("line_count"), rs.getInt("buyer_refunds_90d"), rs.getInt("buyer_orders_90d"),
                Money.of(rs.getLong("buyer_instant_30d"), Currency.ofCode(rs.getString("currency"))),
                rs.getInt("buyer_credit_level"), rs.getDouble("experience_score"));
    }

    /** The shop's closing in force or coming, from the closing_from and closing_to columns. */
    private static Optional<ShopClosing> closing(ResultSet rs) throws SQLException {
        Timestamp from = rs.getTimestamp("closing_from");
        return from == null ? Optional.empty()
                : Optional.of(new ShopClosing(from.toInstant(), rs.getTimestamp("closing_to").toInstant()));
    }

    private static OrderLine line(ResultSet rs) throws SQLException {
        Currency currency = Currency.ofCode(rs.getString("currency"));
        Timestamp shippedAt = rs.getTimestamp("shipped_at");
        Optional<Shipment> shipment = shippedAt == null
                ? Optional.empty()
                : Optional.of(new Shipment(rs.getString("carrier"), rs.getString("tracking_no"), shippedAt.toInstant()));
        return new OrderLine(new OrderId(rs.getString("order_id")), new LineId(rs.getString("line_id")),
                rs.getString("sku"), rs.getInt("quantity"), Money.of(rs.getLong("paid_fen"), currency),
                Money.of(rs.getLong("refunded_fen"), currency), Money.of(rs.getLong("reserved_fen"), currency),
                rs.getInt("open_refunds"), shipment, Money.of(rs.getLong("settled_fen"), currency));
    }
}
