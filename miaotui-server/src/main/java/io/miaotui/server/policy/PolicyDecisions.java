package io.miaotui.server.policy;

import io.miaotui.policy.PolicyCall;
import io.miaotui.policy.PolicyRuling;
import io.miaotui.policy.cel.PolicyFacts;
import io.miaotui.server.database.JsonRows;
import io.miaotui.server.database.WithStep;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Policy decisions (policy_decisions) with the facts each was made on, for what-if replay and the gray report,
 * written in the statement that opens the refund they decided.
 */
public final class PolicyDecisions {
    private PolicyDecisions() {
    }

    /** The decision on the refund the WITH query {@code refund} inserted; nothing when it inserted none. */
    public static WithStep ofOpening(String refund, PolicyCall call, Instant decidedAt) {
        var columns = columns(call, decidedAt);
        // each column's value bound as :decision_<column>, so a column and its value cannot drift apart
        var params = new LinkedHashMap<String, Object>();
        columns.forEach((column, value) -> params.put("decision_" + column, value));
        return WithStep.writing("decision", "insert into policy_decisions (refund_id, " + String.join(", ", columns.keySet())
                + ")\nselect refund_id, " + String.join(", ", params.keySet().stream().map(p -> ":" + p).toList())
                + " from " + refund, params);
    }

    /** One decided opening of a batch: the refund's id and the call that decided it. */
    public record Decided(String refundId, PolicyCall call, Instant decidedAt) {
    }

    /**
     * The decisions of a batch of openings (group commit), one row each, in one statement. Rows name their refund
     * whether or not the batch inserted it: a batch that inserted fewer refunds than it was given is rolled back
     * by its caller ({@code RefundStore.insertOpenings}) and runs again one request at a time.
     */
    public static WithStep ofOpenings(List<Decided> decided) {
        var rows = new ArrayList<Map<String, Object>>(decided.size());
        for (Decided d : decided) {
            var row = new LinkedHashMap<String, Object>();
            row.put("refund_id", d.refundId());
            row.putAll(columns(d.call(), d.decidedAt()));
            rows.add(row);
        }
        return JsonRows.insert("decision", "policy_decisions", "decision_rows", rows, "");
    }

    /** A decision's columns: the ruling and the facts it was made on. */
    private static LinkedHashMap<String, Object> columns(PolicyCall call, Instant decidedAt) {
        PolicyRuling ruling = call.ruling();
        PolicyFacts facts = Facts.of(call.context());
        var columns = new LinkedHashMap<String, Object>();
        columns.put("decided_at", Timestamp.from(decidedAt));
        columns.put("policy_key", ruling.policy());
        columns.put("policy_version", ruling.version());
        columns.put("instant", ruling.instant());
        columns.put("rollout_bucket", ruling.rolloutBucket().isPresent() ? ruling.rolloutBucket().getAsInt() : null);
        columns.put("shadow_version", ruling.shadow().map(PolicyRuling.Shadow::version).orElse(null));
        columns.put("shadow_instant", ruling.shadow().map(PolicyRuling.Shadow::instant).orElse(null));
        columns.put("shop_id", facts.shopId());
        columns.put("channel", facts.shopChannel());
        columns.put("shop_closed", facts.shopClosed());
        columns.put("shop_experience_score", facts.shopExperienceScore());
        columns.put("order_paid_at", Timestamp.from(facts.orderPaidAt()));
        columns.put("order_line_count", facts.orderLineCount());
        columns.put("line_paid_fen", facts.linePaidAmountFen());
        columns.put("line_quantity", facts.lineQuantity());
        columns.put("line_shipped", facts.lineShipped());
        columns.put("line_ship_by", facts.lineShipBy() == null ? null : Timestamp.from(facts.lineShipBy()));
        columns.put("buyer_id", facts.buyerId());
        columns.put("buyer_refunds_90d", facts.buyerRefundsLast90d());
        columns.put("buyer_orders_90d", facts.buyerOrdersLast90d());
        columns.put("buyer_instant_30d_fen", facts.buyerInstantRefundAmountLast30dFen());
        columns.put("buyer_credit_level", facts.buyerCreditLevel());
        columns.put("request_amount_fen", facts.requestAmountFen());
        columns.put("request_reason", facts.requestReason());
        return columns;
    }
}
