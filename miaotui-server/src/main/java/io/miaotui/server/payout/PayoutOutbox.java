package io.miaotui.server.payout;

import io.miaotui.ids.TimeOrderedIds;
import io.miaotui.ledger.MoneyFlows;
import io.miaotui.money.Currency;
import io.miaotui.money.Money;
import io.miaotui.order.BuyerId;
import io.miaotui.order.LineId;
import io.miaotui.order.OrderId;
import io.miaotui.refund.RefundEvent;
import io.miaotui.refund.RefundId;
import io.miaotui.refund.RefundStatus;
import io.miaotui.refund.RefundTransitions;
import io.miaotui.server.database.OneRoundTrip;
import io.miaotui.server.ledger.LedgerStore;
import io.miaotui.server.order.OrderStore;
import io.miaotui.server.refund.RefundHistory;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The payout side of the transactional outbox (refunds write their rows; see RefundStore): leasing due payouts
 * and the writes that settle a paid batch, on the payout workers' own pool. Claims use
 * {@code FOR UPDATE SKIP LOCKED} plus a lease, so several workers (or instances) share the work without
 * taking the same refund, and a batch whose worker died is taken over when its lease runs out. Each claim has
 * its own lease id, and every later write (settle, retry later, give up, put back) only touches rows still
 * holding it: a worker that answers after its lease was taken over changes nothing, whatever it heard.
 */
@Repository
public class PayoutOutbox {
    private static final Logger log = LoggerFactory.getLogger(PayoutOutbox.class);
    private static final RefundStatus PAYABLE = RefundTransitions.sourceOf(RefundEvent.PAYOUT_CONFIRMED);

    private final JdbcClient jdbc;
    private final JdbcTemplate batch;

    private final TimeOrderedIds ids;
    private final Clock clock;
    private final Counter leasesLost;

    public PayoutOutbox(PayoutDatabase database, TimeOrderedIds ids, Clock clock, MeterRegistry meters) {
        this.jdbc = database.jdbc();
        this.batch = database.batch();
        this.ids = ids;
        this.clock = clock;
        this.leasesLost = Counter.builder("miaotui.payout.leases_lost")
                .description("Gateway answers dropped because another worker had taken the payout's lease over")
                .register(meters);
    }

    /**
     * Leases up to {@code limit} due payouts until {@code leaseUntil}, in the caller's transaction. The lease is
     * committed without waiting for the disk: if a crash loses it, the payouts are simply due again and the
     * retry asks the gateway under the same refund ids, so durability would buy nothing here but latency.
     * The claimed rows carry a new lease id, which the claim's later writes must name.
     */
    public List<ClaimedPayout> claim(Instant now, Instant leaseUntil, int limit) {
        String leaseId = ids.next().toString();
        var claimed = new ArrayList<ClaimedPayout>();
        // the setting and the claim in one round trip
        OneRoundTrip.run(batch, List.of(new OneRoundTrip.Step("set local synchronous_commit = off", List.of(), null),
                new OneRoundTrip.Step("""
                        with due as (
                            select refund_id from payout_outbox where available_at <= ?
                            order by available_at limit ? for update skip locked
                        )
                        update payout_outbox o set available_at = ?, attempts = o.attempts + 1, lease_id = ?
                        from due, refunds r
                        where o.refund_id = due.refund_id and r.refund_id = o.refund_id
                        returning o.refund_id, o.attempts, r.order_id, r.line_id, r.buyer_id, r.amount_fen, r.currency,
                            r.approved_at
                        """, List.of(Timestamp.from(now), limit, Timestamp.from(leaseUntil), leaseId),
                        rs -> claimed.add(new ClaimedPayout(new RefundId(rs.getString("refund_id")),
                                new OrderId(rs.getString("order_id")), new LineId(rs.getString("line_id")),
                                new BuyerId(rs.getString("buyer_id")),
                                Money.of(rs.getLong("amount_fen"), Currency.ofCode(rs.getString("currency"))),
                                rs.getInt("attempts"), rs.getTimestamp("approved_at").toInstant(), leaseId)))));
        return claimed;
    }

    public record Paid(ClaimedPayout payout, String gatewayReference, Instant paidAt) {
    }

    /**
     * Settles paid refunds in one transaction (the caller's): lock their lines, refund to PAID (guarded by the
     * state it must leave from, so a payout confirmed twice settles once), the line's held money to refunded,
     * the outbox row gone, one PAYOUT_CONFIRMED entry each in the ledger; only for payouts whose lease this
     * claim still holds. Every writer takes a line's lock before touching its refunds, and rows are locked in
     * key order, so this never deadlocks with requests, decisions or another worker. Returns what it settled.
     */
    public List<Paid> settle(List<Paid> paid) {
        if (paid.isEmpty()) {
            return List.of();
        }
        List<Paid> sorted = paid.stream().sorted(Comparator.comparing(p -> p.payout().refundId().value())).toList();
        // one round trip: the lines' locks, then the payouts this claim still holds out of the outbox
        var takenOut = new HashSet<String>();
        var first = new ArrayList<OneRoundTrip.Step>();
        first.add(lockingLinesInKeyOrder(paid));
        first.addAll(takingOut(sorted, Paid::payout, takenOut));
        OneRoundTrip.run(batch, first);
        List<Paid> byRefund = held(sorted, Paid::payout, takenOut, "paid");
        if (byRefund.isEmpty()) {
            return List.of();
        }
        // one statement for the batch, guarded by the state each refund must leave from; returns those it moved
        var paidIds = jdbc.sql("""
                update refunds r set status = ?, paid_at = p.paid_at, gateway_reference = p.reference
                from unnest(?::char(36)[], ?::timestamptz[], ?::varchar[]) as p(refund_id, paid_at, reference)
                where r.refund_id = p.refund_id and r.status = ?
                returning r.refund_id
                """)
                .params(RefundStatus.PAID.name(),
                        byRefund.stream().map(p -> p.payout().refundId().value()).toArray(String[]::new),
                        byRefund.stream().map(p -> p.paidAt().toString()).toArray(String[]::new),
                        byRefund.stream().map(Paid::gatewayReference).toArray(String[]::new),
                        PAYABLE.name())
                .query(String.class).set();
        List<Paid> settled = moved(byRefund, Paid::payout, paidIds);
        if (settled.isEmpty()) {
            return List.of();
        }
        // one round trip: the lines' money, the ledger, the history
        OneRoundTrip.run(batch, List.of(
                OrderStore.settlingPaidOut(settled.stream().map(p -> new OrderStore.PaidOut(p.payout().orderId(),
                        p.payout().lineId(), p.payout().amount())).toList()),
                LedgerStore.appending(settled.stream().map(p -> MoneyFlows.payoutConfirmed(p.payout().refundId(),
                        p.payout().orderId(), p.payout().amount())).toList(), ids, clock.instant()),
                recordingHistory(settled.stream().map(p -> p.payout().refundId()).toList(), "PAID", p -> null)));
        return settled;
    }

    private static OneRoundTrip.Step lockingLinesInKeyOrder(List<Paid> paid) {
        List<List<String>> keys = paid.stream()
                .map(p -> List.of(p.payout().orderId().value(), p.payout().lineId().value())).distinct().toList();
        return new OneRoundTrip.Step("""
                select 1 from order_lines
                where (order_id, line_id) in (select * from unnest(?::varchar[], ?::varchar[]))
                order by order_id, line_id for update
                """, List.of(keys.stream().map(List::getFirst).toArray(String[]::new),
                        keys.stream().map(List::getLast).toArray(String[]::new)), null);
    }

    public record Failed(ClaimedPayout payout, String reason) {
    }

    /**
     * Ends payouts the gateway declined on their last attempt: refund to PAYOUT_FAILED (guarded like settle),
     * the outbox row gone, the amount back into the order's escrow in the ledger; only for payouts whose lease
     * this claim still holds. Returns those it ended.
     */
    public List<Failed> giveUp(List<Failed> failed) {
        List<Failed> sorted = failed.stream().sorted(Comparator.comparing(f -> f.payout().refundId().value())).toList();
        var takenOut = new HashSet<String>();
        OneRoundTrip.run(batch, takingOut(sorted, Failed::payout, takenOut));
        List<Failed> byRefund = held(sorted, Failed::payout, takenOut, "declined");
        if (byRefund.isEmpty()) {
            return List.of();
        }
        var failedIds = jdbc.sql("""
                update refunds r set status = ?, payout_error = f.reason, payout_failed_at = ?
                from unnest(?::char(36)[], ?::varchar[]) as f(refund_id, reason)
                where r.refund_id = f.refund_id and r.status = ?
                returning r.refund_id
                """)
                .params(RefundStatus.PAYOUT_FAILED.name(), Timestamp.from(clock.instant()),
                        byRefund.stream().map(f -> f.payout().refundId().value()).toArray(String[]::new),
                        byRefund.stream().map(f -> clipped(f.reason())).toArray(String[]::new),
                        RefundTransitions.sourceOf(RefundEvent.PAYOUT_GAVE_UP).name())
                .query(String.class).set();
        List<Failed> ended = moved(byRefund, Failed::payout, failedIds);
        if (ended.isEmpty()) {
            return List.of();
        }
        Map<RefundId, String> reasons = ended.stream().collect(Collectors.toMap(f -> f.payout().refundId(), Failed::reason));
        OneRoundTrip.run(batch, List.of(
                LedgerStore.appending(ended.stream().map(f -> MoneyFlows.payoutFailed(f.payout().refundId(),
                        f.payout().orderId(), f.payout().amount())).toList(), ids, clock.instant()),
                recordingHistory(ended.stream().map(f -> f.payout().refundId()).toList(), "PAYOUT_FAILED",
                        reasons::get)));
        return ended;
    }

    /** The payouts among {@code items} whose refund a guarded statement moved (returned its id), in their order. */
    private static <T> List<T> moved(List<T> items, Function<T, ClaimedPayout> payout, Set<String> movedRefundIds) {
        return items.stream().filter(item -> movedRefundIds.contains(payout.apply(item).refundId().value())).toList();
    }

    /**
     * Takes the payouts out of the outbox, but only the rows this claim's lease still holds: a keyed delete per
     * lease (a claim's payouts share one, so normally one), each adding the refund ids it took out to
     * {@code takenOut}. The others were taken over after their lease ran out: the new holder decides, and what
     * this worker heard is dropped ({@link #held}); the gateway keys by refund id, so the new holder's attempt
     * learns the same truth.
     */
    private static <T> List<OneRoundTrip.Step> takingOut(List<T> items, Function<T, ClaimedPayout> payout,
            Set<String> takenOut) {
        var steps = new ArrayList<OneRoundTrip.Step>();
        items.stream().map(payout).collect(Collectors.groupingBy(ClaimedPayout::leaseId)).forEach((lease, payouts) ->
                steps.add(new OneRoundTrip.Step("""
                        delete from payout_outbox where lease_id = ? and refund_id = any(?::char(36)[])
                        returning refund_id
                        """, List.of(lease, payouts.stream().map(p -> p.refundId().value()).toArray(String[]::new)),
                        rs -> takenOut.add(rs.getString("refund_id")))));
        return steps;
    }

    /** The items whose payout {@link #takingOut} took out, in their order; each other one is counted and logged. */
    private <T> List<T> held(List<T> items, Function<T, ClaimedPayout> payout, Set<String> takenOut, String heard) {
        List<T> held = new ArrayList<>();
        for (T item : items) {
            ClaimedPayout claimed = payout.apply(item);
            if (takenOut.contains(claimed.refundId().value())) {
                held.add(item);
            } else {
                leasesLost.increment();
                log.warn("refund {} of order {}: attempt {} heard '{}' after its lease was taken over; the"
                        + " attempt holding the lease decides", claimed.refundId(), claimed.orderId(),
                        claimed.attempt(), heard);
            }
        }
        return held;
    }

    private OneRoundTrip.Step recordingHistory(List<RefundId> refunds, String event, Function<RefundId, String> detail) {
        return RefundHistory.recordingAll(refunds, clock.instant(), event, "GATEWAY", detail);
    }

    /** A gateway's error as the varchar(500) columns that keep it (payout_error, last_error) can hold it. */
    private static String clipped(String error) {
        return error.length() > 500 ? error.substring(0, 500) : error;
    }

    /** A payout put back for a later attempt, with what went wrong. */
    public record Retry(ClaimedPayout payout, Instant availableAt, String error) {
    }

    /**
     * Puts a batch's declined or unanswered payouts back for later attempts, in one statement; a row whose lease
     * was taken over is left to its new holder.
     */
    public void retryLater(List<Retry> retries) {
        batch.batchUpdate("""
                update payout_outbox set available_at = ?, last_error = ?, lease_id = null
                where refund_id = ? and lease_id = ?
                """, retries, retries.size(), (ps, retry) -> {
                    ps.setTimestamp(1, Timestamp.from(retry.availableAt()));
                    ps.setString(2, clipped(retry.error()));
                    ps.setString(3, retry.payout().refundId().value());
                    ps.setString(4, retry.payout().leaseId());
                });
    }

    /**
     * Hands back claimed payouts whose gateway call never started (the batch ran short of lease): due again at
     * {@code now}, and the claim's attempt not counted, since the gateway never heard of it.
     */
    public void putBack(List<ClaimedPayout> unstarted, Instant now) {
        batch.batchUpdate("""
                update payout_outbox set available_at = ?, attempts = attempts - 1, lease_id = null
                where refund_id = ? and lease_id = ?
                """, unstarted, unstarted.size(), (ps, payout) -> {
                    ps.setTimestamp(1, Timestamp.from(now));
                    ps.setString(2, payout.refundId().value());
                    ps.setString(3, payout.leaseId());
                });
    }
}
