package io.miaotui.server.closing;

import io.miaotui.closing.ShopClosing;
import io.miaotui.refund.RefundStatus;
import io.miaotui.server.database.RetryingTransactions;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Keeps the review deadlines of a shop's waiting refunds on the closings in force: each deadline is the end of
 * its review window pushed back by the closed time of the shop's closings that are not cancelled
 * ({@link ShopClosing#extendAcross}). Called in the transaction that creates, changes or cancels a closing, with
 * the shop's row locked, so the closings read cannot change meanwhile.
 *
 * <p>Locks: the shop's row, then the refunds whose deadline moves, in refund id order, each by its own update
 * (no refund is locked only to be read). Nothing that locks a refund waits for a shop row, so this cannot
 * deadlock with the request path, merchants' decisions, the sweeper or settlement. A deadline that a change
 * brings to the past (which a change before the closing starts cannot do: a closing that starts after a
 * deadline never moved it) would simply be overruled at the sweeper's next pass.
 *
 * <p>A refund request reads the closing under its line's lock, not the shop's, so one that read the closing just
 * before a change committed, and committed just after the change recomputed, was not seen by the recompute. The
 * sweeper therefore recomputes again, at each pass for {@link #RECHECK} after a change, the shops whose closing
 * changed ({@link #followRecentChanges}); a request's transaction lasts milliseconds.
 */
@Component
public class ClosingDeadlines {
    /** A waiting refund of the shop: when it opened, where its review window ends, its deadline now. */
    private record Waiting(String refundId, Instant openedAt, Instant windowEnd, Instant deadline) {
    }

    private record Moved(String refundId, Instant deadline) {
    }

    /** How long after a closing changed its shop's deadlines are recomputed again at each sweep. */
    static final Duration RECHECK = Duration.ofMinutes(1);
    /** At most this many shops per sweep, so a pass stays bounded. */
    static final int MAX_SHOPS_PER_PASS = 100;

    private final JdbcClient jdbc;
    private final JdbcTemplate batch;
    private final ClosingStore closings;
    private final RetryingTransactions transactions;
    private final Clock clock;

    public ClosingDeadlines(JdbcClient jdbc, JdbcTemplate batch, ClosingStore closings, RetryingTransactions transactions,
            Clock clock) {
        this.jdbc = jdbc;
        this.batch = batch;
        this.closings = closings;
        this.transactions = transactions;
        this.clock = clock;
    }

    /**
     * Recomputes, each shop in its own transaction with its row locked as a closing change does, the deadlines
     * of the shops whose closing was set or cancelled within {@link #RECHECK}; returns how many moved.
     */
    public int followRecentChanges() {
        Timestamp since = Timestamp.from(clock.instant().minus(RECHECK));
        List<String> shops = jdbc.sql("""
                select distinct shop_id from shop_closings where created_at >= ? or cancelled_at >= ?
                order by shop_id limit ?
                """)
                .params(since, since, MAX_SHOPS_PER_PASS)
                .query(String.class)
                .list();
        int moved = 0;
        for (String shop : shops) {
            moved += transactions.execute("review deadlines after a closing change", status ->
                    closings.lockShop(shop) ? follow(shop) : 0);
        }
        return moved;
    }

    /** Recomputes the deadlines of the shop's waiting refunds from its closings; returns how many moved. */
    public int follow(String shopId) {
        List<Waiting> waiting = jdbc.sql("""
                select r.refund_id, r.created_at, r.review_window_end, r.review_deadline
                from refunds r join orders o on o.order_id = r.order_id
                where o.shop_id = ? and r.status = ? order by r.refund_id
                """)
                .params(shopId, RefundStatus.PENDING_MERCHANT_REVIEW.name())
                .query((rs, n) -> new Waiting(rs.getString(1), rs.getTimestamp(2).toInstant(),
                        rs.getTimestamp(3).toInstant(), rs.getTimestamp(4).toInstant()))
                .list();
        if (waiting.isEmpty()) {
            return 0;
        }
        Instant oldest = waiting.stream().map(Waiting::openedAt).min(Instant::compareTo).orElseThrow();
        List<ShopClosing> closings = jdbc.sql("""
                select from_at, to_at from shop_closings where shop_id = ? and cancelled_at is null and to_at > ?
                order by from_at
                """)
                .params(shopId, Timestamp.from(oldest))
                .query((rs, n) -> new ShopClosing(rs.getTimestamp(1).toInstant(), rs.getTimestamp(2).toInstant()))
                .list();
        var moved = new ArrayList<Moved>();
        for (Waiting refund : waiting) {
            Instant deadline = ShopClosing.extendAcross(closings, refund.openedAt(), refund.windowEnd());
            if (!deadline.equals(refund.deadline())) {
                moved.add(new Moved(refund.refundId(), deadline));
            }
        }
        if (!moved.isEmpty()) {
            // still waiting: one the merchant or the sweeper decided meanwhile keeps the deadline it was decided under
            batch.batchUpdate("update refunds set review_deadline = ? where refund_id = ?"
                    + " and status = ?", moved, moved.size(), (ps, m) -> {
                        ps.setTimestamp(1, Timestamp.from(m.deadline()));
                        ps.setString(2, m.refundId());
                        ps.setString(3, RefundStatus.PENDING_MERCHANT_REVIEW.name());
                    });
        }
        return moved.size();
    }
}
