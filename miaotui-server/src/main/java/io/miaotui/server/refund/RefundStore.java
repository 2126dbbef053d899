package io.miaotui.server.refund;

import io.swagger.v3.oas.annotations.media.Schema;
import io.miaotui.money.Currency;
import io.miaotui.money.Money;
import io.miaotui.order.BuyerId;
import io.miaotui.order.LineId;
import io.miaotui.order.OrderId;
import io.miaotui.order.OrderLine;
import io.miaotui.policy.PolicyCall;
import io.miaotui.refund.Refund;
import io.miaotui.refund.RefundDecision;
import io.miaotui.refund.RefundId;
import io.miaotui.refund.RefundStatus;
import io.miaotui.refund.Resolution;
import io.miaotui.server.database.JsonRows;
import io.miaotui.server.database.WithStep;
import io.miaotui.server.ledger.LedgerBatch;
import io.miaotui.server.ledger.LedgerStore;
import io.miaotui.server.order.OrderStore;
import io.miaotui.server.policy.PolicyDecisions;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
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
     * The two queues' rows, as their partial indexes (refunds_payout_failed_idx, refunds_review_due_idx) select
     * them: by stored columns that are null outside the queue, not by status, so that a payout updates its refund
     * in place (V27).
     */
    private static final String IN_PAYOUT_FAILED_INDEX = "failed_payout_at is not null";
    private static final String IN_REVIEW_DUE_INDEX = "pending_review_due_at is not null";

    /** The WITH query that inserts refunds: a row each ({@link #OPENED_COLUMNS}), none where the key was taken. */
    private static final String INSERTED = "refund";
    /** What the insert of new refunds returns, for the steps that follow it (their history, their payouts). */
    static final String OPENED_COLUMNS = "refund_id, buyer_id, status, created_at, decision_explanation";

    private final JdbcClient jdbc;
    private final RefundHistory history;
    private final PayoutQueue payouts;

    public RefundStore(JdbcClient jdbc, RefundHistory history, PayoutQueue payouts) {
        this.jdbc = jdbc;
        this.history = history;
        this.payouts = payouts;
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
     * <p>
     * Each table's SQL comes from its owner (history, order lines, outbox, decisions, ledger) as a named WITH
     * query selecting from {@code refund}; composed here, they stay one round trip on the request path.
     */
    public boolean insertOpening(Refund refund, OrderLine line, String idempotencyKey, String requestHash,
            Optional<LedgerBatch> approval, Optional<PolicyCall> policy) {
        if (approval.isPresent() != (refund.status() == RefundStatus.APPROVED)) {
            throw new IllegalArgumentException("an approved refund posts its approval, a pending one does not");
        }
        var steps = new ArrayList<WithStep>();
        steps.add(inserted(refund, idempotencyKey, requestHash, approval.isPresent()));
        steps.add(RefundHistory.opened(INSERTED));
        steps.add(OrderStore.saveMoneyWhen(INSERTED, line));
        // the transactional outbox and the ledger: same statement, same transaction as the approval
        approval.ifPresent(batch -> {
            steps.add(PayoutQueue.afterOpening(INSERTED));
            // read by the final select, or PostgreSQL would skip it (see LedgerStore.appendAfter)
            steps.add(LedgerStore.appendAfter(INSERTED, batch));
        });
        // the decision with the facts it was made on, for what-if replay and the gray report
        policy.ifPresent(call -> steps.add(PolicyDecisions.ofOpening(INSERTED, call, refund.createdAt())));
        return WithStep.compose(jdbc, steps, "(select count(*) from " + INSERTED + ")")
                .query((rs, n) -> rs.getLong(1))
                .single() == 1;
    }

    /** A refund a batch opens (group commit): what {@link #insertOpening} takes for one. */
    public record NewOpening(Refund refund, OrderLine line, String idempotencyKey, String requestHash,
            Optional<PolicyCall> policy) {
    }

    /**
     * Opens a batch of refunds (group commit) in one statement, each as {@link #insertOpening} would: the refunds,
     * their opening steps, the money each holds on its line (one line each), the approved ones' payouts and
     * {@code approvals} in the ledger, and the decisions. Returns how many refunds it inserted: fewer than given
     * means a key was taken meanwhile (by another transaction, on another line), and then the other rows were
     * written as if it had not been, so the caller must not commit (the group commit runs each request again
     * alone, where a taken key writes nothing).
     */
    public int insertOpenings(List<NewOpening> openings, Optional<LedgerBatch> approvals) {
        if (approvals.isPresent() != openings.stream().anyMatch(o -> o.refund().status() == RefundStatus.APPROVED)) {
            throw new IllegalArgumentException("approved refunds post their approvals, pending ones do not");
        }
        var rows = openings.stream().map(o -> refundColumns(o.refund(), o.idempotencyKey(), o.requestHash(),
                o.refund().status() == RefundStatus.APPROVED)).toList();
        var steps = new ArrayList<WithStep>();
        steps.add(JsonRows.insert(INSERTED, "refunds", "refund_rows", rows,
                "on conflict (buyer_id, idempotency_key) do nothing\nreturning " + OPENED_COLUMNS));
        steps.add(RefundHistory.opened(INSERTED));
        steps.add(OrderStore.saveMoneyOfAll(openings.stream().map(NewOpening::line).toList()));
        approvals.ifPresent(batch -> {
            steps.add(PayoutQueue.afterOpening(INSERTED));
            steps.add(LedgerStore.appendOnceAfter(INSERTED, openings.size(), batch));
        });
        var decided = openings.stream().filter(o -> o.policy().isPresent())
                .map(o -> new PolicyDecisions.Decided(o.refund().id().value(), o.policy().get(), o.refund().createdAt()))
                .toList();
        if (!decided.isEmpty()) {
            steps.add(PolicyDecisions.ofOpenings(decided));
        }
        return (int) WithStep.compose(jdbc, steps, "(select count(*) from " + INSERTED + ")")
                .query((rs, n) -> rs.getLong(1))
                .single()
                .longValue();
    }

    private static WithStep inserted(Refund refund, String idempotencyKey, String requestHash, boolean approved) {
        var columns = refundColumns(refund, idempotencyKey, requestHash, approved);
        // each column's value bound as :refund_<column>, so a column and its value cannot drift apart
        var params = new LinkedHashMap<String, Object>();
        columns.forEach((column, value) -> params.put("refund_" + column, value));
        return WithStep.writing(INSERTED, "insert into refunds (" + String.join(", ", columns.keySet()) + ")\nvalues ("
                + String.join(", ", params.keySet().stream().map(p -> ":" + p).toList()) + ")"
                + "\non conflict (buyer_id, idempotency_key) do nothing\nreturning " + OPENED_COLUMNS, params);
    }

    /** A new refund's row: its columns and their values. */
    private static LinkedHashMap<String, Object> refundColumns(Refund refund, String idempotencyKey,
            String requestHash, boolean approved) {
        Timestamp createdAt = Timestamp.from(refund.createdAt());
        var columns = new LinkedHashMap<String, Object>();
        columns.put("refund_id", refund.id().value());
        columns.put("idempotency_key", idempotencyKey);
        columns.put("request_hash", requestHash);
        columns.put("order_id", refund.orderId().value());
        columns.put("line_id", refund.lineId().value());
        columns.put("buyer_id", refund.buyerId().value());
        columns.put("amount_fen", refund.amount().minorUnits());
        columns.put("currency", refund.amount().currency().name());
        columns.put("reason", refund.reason());
        columns.put("status", refund.status().name());
        columns.put("decision_instant", refund.decision().instant());
        columns.put("decision_policy", refund.decision().policy());
        columns.put("decision_policy_version", refund.decision().policyVersion());
        columns.put("decision_explanation", refund.decision().explanation());
        columns.put("created_at", createdAt);
        columns.put("approved_at", approved ? createdAt : null);
        columns.put("review_deadline", refund.reviewDeadline().map(Timestamp::from).orElse(null));
        columns.put("review_window_end", refund.reviewWindowEnd().map(Timestamp::from).orElse(null));
        return columns;
    }

    /** Puts an approved refund's payout in the outbox, in the caller's approval transaction. */
    public void enqueuePayout(RefundId refundId, Instant availableAt) {
        payouts.enqueue(refundId, availableAt);
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
                        + " where " + IN_PAYOUT_FAILED_INDEX + " order by failed_payout_at, refund_id limit ? offset ?")
                .params(size, (long) page * size)
                .query((rs, n) -> new FailedPayout(refund(rs), rs.getString("payout_error"),
                        rs.getTimestamp("payout_failed_at").toInstant()))
                .list();
    }

    /** Appends a step to the refund's history, in the caller's transaction. */
    public void recordEvent(RefundId id, Instant at, String event, String actor, String detail) {
        history.record(id, at, event, actor, detail);
    }

    public record HistoryStep(Instant at, String event, String actor, @Schema(nullable = true) String detail) {
    }

    public List<HistoryStep> history(RefundId id) {
        return history.of(id);
    }

    /**
     * Row-locks up to {@code limit} pending refunds whose review deadline has passed, skipping any another
     * instance (or a merchant's decision) holds: each deadline fires once, whoever gets there first.
     */
    public List<Refund> lockDueForReview(Instant now, int limit) {
        return jdbc.sql("select " + COLUMNS + " from refunds where " + IN_REVIEW_DUE_INDEX
                        + " and pending_review_due_at <= ? order by pending_review_due_at limit ? for update skip locked")
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
