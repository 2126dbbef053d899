package io.miaotui.server.refund;

import io.miaotui.refund.RefundId;
import io.miaotui.server.database.OneRoundTrip;
import io.miaotui.server.database.WithStep;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** A refund's history (refund_events): the steps it went through, appended in the transaction that took them. */
@Repository
public class RefundHistory {
    private final JdbcClient jdbc;

    public RefundHistory(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * The opening steps of the refunds the WITH query {@code refund} inserted (none when it inserted none): each at
     * its creation, by its buyer, with its decision's explanation; {@code refund} returns those columns
     * ({@link RefundStore#OPENED_COLUMNS}).
     */
    static WithStep opened(String refund) {
        return WithStep.writing("history", """
                insert into refund_events (refund_id, at, event, actor, detail)
                select refund_id, created_at, 'OPENED', 'BUYER:' || buyer_id, decision_explanation from\s""" + refund,
                Map.of());
    }

    /** Appends a step, in the caller's transaction. */
    void record(RefundId id, Instant at, String event, String actor, String detail) {
        jdbc.sql("insert into refund_events (refund_id, at, event, actor, detail) values (:id, :at, :event, :actor, :detail)")
                .param("id", id.value())
                .param("at", Timestamp.from(at))
                .param("event", event)
                .param("actor", actor)
                .param("detail", detail)
                .update();
    }

    /**
     * Appends the same step to several refunds' histories in one statement, for the caller to send (the payout
     * workers have their own pool).
     */
    public static OneRoundTrip.Step recordingAll(List<RefundId> refunds, Instant at, String event, String actor,
            Function<RefundId, String> detail) {
        return new OneRoundTrip.Step("""
                insert into refund_events (refund_id, at, event, actor, detail)
                select refund_id, ?, ?, ?, detail from unnest(?::char(36)[], ?::text[]) as s(refund_id, detail)
                """, List.of(Timestamp.from(at), event, actor, refunds.stream().map(RefundId::value).toArray(String[]::new),
                        refunds.stream().map(detail).toArray(String[]::new)), null);
    }

    List<RefundStore.HistoryStep> of(RefundId id) {
        return jdbc.sql("select at, event, actor, detail from refund_events where refund_id = :id order by event_id")
                .param("id", id.value())
                .query((rs, n) -> new RefundStore.HistoryStep(rs.getTimestamp("at").toInstant(), rs.getString("event"),
                        rs.getString("actor"), rs.getString("detail")))
                .list();
    }
}
