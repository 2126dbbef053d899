package io.miaotui.server.refund;

import io.miaotui.refund.RefundId;
import io.miaotui.refund.RefundStatus;
import io.miaotui.server.database.WithStep;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Puts approved refunds' payouts into the transactional outbox (payout_outbox), in the approval's transaction.
 * The payout package's PayoutOutbox takes them out; this half lives here because payout depends on refund and
 * not the other way round.
 */
@Repository
public class PayoutQueue {
    private final JdbcClient jdbc;

    public PayoutQueue(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * The payouts, due at once, of the approved refunds among those the WITH query {@code refund} inserted
     * (none when it inserted none); {@code refund} returns their status and creation ({@link RefundStore#OPENED_COLUMNS}).
     */
    static WithStep afterOpening(String refund) {
        return WithStep.writing("payout", """
                insert into payout_outbox (refund_id, available_at) select refund_id, created_at from\s""" + refund
                        + "\nwhere status = :payout_status",
                Map.of("payout_status", RefundStatus.APPROVED.name()));
    }

    void enqueue(RefundId refundId, Instant availableAt) {
        jdbc.sql("insert into payout_outbox (refund_id, available_at) values (:refund_id, :available_at)")
                .param("refund_id", refundId.value())
                .param("available_at", Timestamp.from(availableAt))
                .update();
    }
}
