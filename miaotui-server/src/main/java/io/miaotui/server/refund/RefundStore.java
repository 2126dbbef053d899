package io.miaotui.server.refund;

import io.swagger.v3.oas.annotations.media.Schema;
import io.miaotui.money.Currency;
import io.miaotui.money.Money;
import io.miaotui.order.BuyerId;
import io.miaotui.order.LineId;
import io.miaotui.order.OrderId;
import io.miaotui.order.OrderLine;
import io.miaotui.policy.PolicyCall;
import io.miaotui.policy.PolicyRuling;
import io.miaotui.policy.cel.PolicyFacts;
import io.miaotui.refund.Refund;
import io.miaotui.refund.RefundDecision;
import io.miaotui.refund.RefundId;
import io.miaotui.refund.RefundStatus;
import io.miaotui.refund.Resolution;
import io.miaotui.server.ledger.LedgerBatch;
import io.miaotui.server.policy.Facts;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Refunds in PostgreSQL. The idempotency key, unique per buyer, is what makes a repeated request create one
 * refund; another buyer's same key is another request.
 */
@Repository
public class RefundStore {
    private static final String COLUMNS = """
            refund_id, request_hash, order_id, line_id, buyer_id, amount_fen, currency, reason, status,
            decision_instant, decision_policy, decision_policy_version, decision_explanation, rejection_reason,
            created_at, paid_at, review_deadline, resolution, review_window_end""";
    private static final String QUALIFIED_COLUMNS = COLUMNS.replaceAll("(\\w+)", "r.$1");
    /*
     * These two are written out from the enum rather than bound: each must match a partial index's predicate
     * (refunds_payout_failed_idx, refunds_review_due_idx), and PostgreSQL cannot prove "status = $1" implies it
     * once the driver has switched to a generic plan for the prepared statement.
     */
    private static final String IN_PAYOUT_FAILED_INDEX = "status = '" + RefundStatus.PAYOUT_FAILED.name() + "'";
    private static final String IN_REVIEW_DUE_INDEX = "status = '" + RefundStatus.PENDING_MERCHANT_REVIEW.name() + "'";

    private final JdbcClient jdbc;

    public RefundStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A refund with the fingerprint of the request that created it. */
    public record Stored(Refund refund, String requestHash) {
    }

    /**
     * Records a new refund in one statement: the refund (unless its idempotency key is taken), the money it holds
     * on its line, and, when it is approved at once, its payout in the outbox and its approval in the ledger
     * ({@code approval}, present exactly when approved). True when this call inserted it. The caller holds the
     * line's lock; a concurrent insert of the same buyer's same key (on another line) waits for the other
     * transaction and then finds the key taken, and then nothing else is written either.
     */
    public boolean insertOpening(Refund refund, OrderLine line, String idempotencyKey, String requestHash,
            Optional<LedgerBatch> approval, Optional<PolicyCall> policy) {
        if (approval.isPresent() != (refund.status() == RefundStatus.APPROVED)) {
            throw new IllegalArgumentException("an approved refund posts its approval, a pending one does not");
        }
        Timestamp createdAt = Timestamp.from(refund.createdAt());
        var params = new ArrayList<Object>(List.of(refund.id().value(), idempotencyKey, requestHash,
                refund.orderId().value(), refund.lineId().value(), refund.buyerId().value(),
                refund.amount().minorUnits(), refund.amount().currency().name(), refund.reason(),
                refund.status().name(), refund.decision().instant(), refund.decision().policy(),
                refund.decision().policyVersion(), refund.decision().explanation(), createdAt));
        params.add(approval.isPresent() ? createdAt : null);
        params.add(refund.reviewDeadline().map(Timestamp::from).orElse(null));
        params.add(refund.reviewWindowEnd().map(Timestamp::from).orElse(null));
        params.addAll(List.of(createdAt, refund.buyerId().value(), refund.decision().explanation()));
        params.addAll(List.of(line.refunded().minorUnits(), line.reserved().minorUnits(), line.openRefunds(),
                line.orderId().value(), line.lineId().value()));
        String approvedParts = "";
        if (approval.isPresent()) {
            // the transactional outbox and the ledger: same statement, same transaction as the approval
            approvedParts = """
                    , payout as (
                        insert into payout_outbox (refund_id, available_at) select refund_id, ? from refund
                    ), ledger as (
                        select %s as posted from refund
                    )""".formatted(LedgerBatch.CALL);
            params.add(createdAt);
            params.addAll(approval.get().paramList());
        }
        String decisionPart = "";
        if (policy.isPresent()) {
            // the decision with the facts it was made on, for what-if replay and the gray report
            decisionPart = """
                    , decision as (
                        insert into policy_decisions (refund_id, decided_at, policy_key, policy_version, instant,
                            rollout_bucket, shadow_version, shadow_instant, shop_id, channel, shop_closed,
                            shop_experience_score, order_paid_at, order_line_count, line_paid_fen, line_quantity,
                            line_shipped, line_ship_by, buyer_id, buyer_refunds_90d, buyer_orders_90d,
                            buyer_instant_30d_fen, buyer_credit_level, request_amount_fen, request_reason)
                        select refund_id, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ? from refund
                    )""";
            params.addAll(decisionParams(policy.get(), createdAt));
        }
        return jdbc.sql("""
                with refund as (
                    insert into refunds (refund_id, idempotency_key, request_hash, order_id, line_id, buyer_id,
                        amount_fen, currency, reason, status, decision_instant, decision_policy,
                        decision_policy_version, decision_explanation, created_at, approved_at, review_deadline,
                        review_window_end)
                    values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    on conflict (buyer_id, idempotency_key) do nothing
                    returning refund_id
                ), history as (
                    insert into refund_events (refund_id, at, event, actor, detail)
                    select refund_id, ?, 'OPENED', 'BUYER:' || ?, ? from refund
                ), held as (
                    update order_lines set refunded_fen = ?, reserved_fen = ?, open_refunds = ?
                    where order_id = ? and line_id = ? and exists (select 1 from refund)
                )""" + approvedParts + decisionPart + """

                select (select count(*) from refund)""" + (approval.isPresent() ? " + 0 * (select count(*) from ledger)" : ""))
                .params(params)
                .query(Long.class)
                .single() == 1;
    }

    private static List<Object> decisionParams(PolicyCall call, Timestamp decidedAt) {
        PolicyRuling ruling = call.ruling();
        PolicyFacts facts = Facts.of(call.context());
        var params = new ArrayList<Object>(List.of(decidedAt, ruling.policy(), ruling.version(), ruling.instant()));
        params.add(ruling.rolloutBucket().isPresent() ? (Object) ruling.rolloutBucket().getAsInt() : null);
        params.add(ruling.shadow().map(PolicyRuling.Shadow::version).orElse(null));
        params.add(ruling.shadow().map(PolicyRuling.Shadow::instant).orElse(null));
        params.addAll(List.of(facts.shopId(), facts.shopChannel(), facts.shopClosed(), facts.shopExperienceScore(),
                Timestamp.from(facts.orderPaidAt()), facts.orderLineCount(), facts.linePaidAmountFen(),
                facts.lineQuantity(), facts.lineShipped()));
        params.add(facts.lineShipBy() == null ? null : Timestamp.from(facts.lineShipBy()));
        params.addAll(List.of(facts.buyerId(), facts.buyerRefundsLast90d(), facts.buyerOrdersLast90d(),
                facts.buyerInstantRefundAmountLast30dFen(), facts.buyerCreditLevel(), facts.requestAmountFen()));
        params.add(facts.requestReason());
        return params;
    }

    /** Puts an approved refund's payout in the outbox, in the caller's approval transaction. */
    public void enqueuePayout(RefundId refundId, Instant availableAt) {
        jdbc.sql("insert into payout_outbox (refund_id, available_at) values (?, ?)")
                .params(refundId.value(), Timestamp.from(availableAt))
                .update();
    }

    /** The buyer's own refund under this key: keys are the buyer's, so no other buyer's refund is ever found. */
    public Optional<Stored> findByIdempotencyKey(BuyerId buyer, String idempotencyKey) {
        return jdbc.sql("select " + COLUMNS + " from refunds where buyer_id = ? and idempotency_key = ?")
                .params(buyer.value(), idempotencyKey)
                .query((rs, n) -> new Stored(refund(rs), rs.getString("request_hash")))
                .optional();
    }

    public Optional<Refund> find(RefundId id) {
        return jdbc.sql("select " + COLUMNS + " from refunds where refund_id = ?")
                .param(id.value())
                .query((rs, n) -> refund(rs))
                .optional();
    }

    /** Reads and row-locks a refund, so a merchant's decision and a payout cannot interleave. */
    public Optional<Refund> lock(RefundId id) {
        return jdbc.sql("select " + COLUMNS + " from refunds where refund_id = ? for update")
                .param(id.value())
                .query((rs, n) -> refund(rs))
                .optional();
    }

    /** Writes a merchant's decision, taken under {@link #lock}. */
    public void saveDecision(Refund refund, Instant at) {
        jdbc.sql("""
                update refunds set status = ?, rejection_reason = ?, resolution = ?,
                    approved_at = case when ? then ? else approved_at end
                where refund_id = ?
                """)
                .params(refund.status().name(), refund.rejectionReason().orElse(null),
                        refund.resolution().map(Enum::name).orElse(null), refund.status() == RefundStatus.APPROVED,
                        Timestamp.from(at), refund.id().value())
                .update();
    }

    /** A refund whose payout failed for good, with why. */
    public record FailedPayout(Refund refund, String error, Instant failedAt) {
    }

    /** Failed payouts, oldest failure first: what operators should look at. */
    public List<FailedPayout> failedPayouts(int page, int size) {
        return jdbc.sql("select " + COLUMNS + ", payout_error, payout_failed_at from refunds"
                        + " where " + IN_PAYOUT_FAILED_INDEX + " order by payout_failed_at, refund_id limit ? offset ?")
                .params(size, (long) page * size)
                .query((rs, n) -> new FailedPayout(refund(rs), rs.getString("payout_error"),
                        rs.getTimestamp("payout_failed_at").toInstant()))
                .list();
    }

    /** Appends a step to the refund's history, in the caller's transaction. */
    public void recordEvent(RefundId id, Instant at, String event, String actor, String detail) {
        jdbc.sql("insert into refund_events (refund_id, at, event, actor, detail) values (?, ?, ?, ?, ?)")
                .params(id.value(), Timestamp.from(at), event, actor, detail)
                .update();
    }

    public record HistoryStep(Instant at, String event, String actor, @Schema(nullable = true) String detail) {
    }

    public List<HistoryStep> history(RefundId id) {
        return jdbc.sql("select at, event, actor, detail from refund_events where refund_id = ? order by event_id")
                .param(id.value())
                .query((rs, n) -> new HistoryStep(rs.getTimestamp("at").toInstant(), rs.getString("event"),
                        rs.getString("actor"), rs.getString("detail")))
                .list();
    }

    /**
     * Row-locks up to {@code limit} pending refunds whose review deadline has passed, skipping any another
     * instance (or a merchant's decision) holds: each deadline fires once, whoever gets there first.
     */
    public List<Refund> lockDueForReview(Instant now, int limit) {
        return jdbc.sql("select " + COLUMNS + " from refunds where " + IN_REVIEW_DUE_INDEX
                        + " and review_deadline <= ? order by review_deadline limit ? for update skip locked")
                .params(Timestamp.from(now), limit)
                .query((rs, n) -> refund(rs))
                .list();
    }

    /** The shop's refunds in one status: waiting ones by nearest deadline first, others newest first. */
    public List<Refund> shopQueue(String shopId, RefundStatus status, int page, int size) {
        String order = status == RefundStatus.PENDING_MERCHANT_REVIEW
                ? "r.review_deadline, r.refund_id" : "r.created_at desc, r.refund_id";
        return jdbc.sql("select " + QUALIFIED_COLUMNS + " from refunds r join orders o on o.order_id = r.order_id"
                        + " where o.shop_id = ? and r.status = ? order by " + order + " limit ? offset ?")
                .params(shopId, status.name(), size, (long) page * size)
                .query((rs, n) -> refund(rs))
                .list();
    }

    /** The shop that sold the refunded line, or empty for an unknown refund. */
    public Optional<String> shopOf(RefundId id) {
        return jdbc.sql("select o.shop_id from refunds r join orders o on o.order_id = r.order_id where r.refund_id = ?")
                .param(id.value()).query(String.class).optional();
    }

    static Refund refund(ResultSet rs) throws SQLException {
        Currency currency = Currency.ofCode(rs.getString("currency"));
        Timestamp paidAt = rs.getTimestamp("paid_at");
        return new Refund(
                new RefundId(rs.getString("refund_id")),
                new OrderId(rs.getString("order_id")),
                new LineId(rs.getString("line_id")),
                new BuyerId(rs.getString("buyer_id")),
                Money.of(rs.getLong("amount_fen"), currency),
                rs.getString("reason"),
                RefundStatus.valueOf(rs.getString("status")),
                new RefundDecision(rs.getBoolean("decision_instant"), rs.getString("decision_policy"),
                        rs.getInt("decision_policy_version"), rs.getString("decision_explanation")),
                rs.getTimestamp("created_at").toInstant(),
                Optional.ofNullable(paidAt).map(Timestamp::toInstant),
                Optional.ofNullable(rs.getString("rejection_reason")),
                Optional.ofNullable(rs.getTimestamp("review_deadline")).map(Timestamp::toInstant),
                Optional.ofNullable(rs.getString("resolution")).map(Resolution::valueOf),
                Optional.ofNullable(rs.getTimestamp("review_window_end")).map(Timestamp::toInstant));
    }
}
