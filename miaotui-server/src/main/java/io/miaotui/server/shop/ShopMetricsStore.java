package io.miaotui.server.shop;

import io.miaotui.closing.ShopClosing;
import io.miaotui.refund.RefundEvent;
import io.miaotui.refund.Resolution;
import io.miaotui.shop.ServiceMetrics;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Reads the facts a shop's service metrics are computed from; the computing is {@link ServiceMetrics}'. */
@Repository
public class ShopMetricsStore {
    private final JdbcClient jdbc;

    public ShopMetricsStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Lines of the shop's orders paid in [from, to), at most {@code limit} of them. */
    public List<ServiceMetrics.LineFacts> paidLines(String shopId, Instant from, Instant to, int limit) {
        return jdbc.sql("""
                select o.paid_at, o.ship_by, l.shipped_at from order_lines l join orders o on o.order_id = l.order_id
                where o.shop_id = ? and o.paid_at >= ? and o.paid_at < ? limit ?
                """)
                .params(shopId, Timestamp.from(from), Timestamp.from(to), limit)
                .query((rs, n) -> new ServiceMetrics.LineFacts(rs.getTimestamp(1).toInstant(),
                        rs.getTimestamp(2).toInstant(),
                        Optional.ofNullable(rs.getTimestamp(3)).map(Timestamp::toInstant)))
                .list();
    }

    /** Refunds asked of the shop in [from, to). */
    public int refundsAsked(String shopId, Instant from, Instant to) {
        return jdbc.sql("""
                select count(*) from refunds r join orders o on o.order_id = r.order_id
                where o.shop_id = ? and r.created_at >= ? and r.created_at < ?
                """)
                .params(shopId, Timestamp.from(from), Timestamp.from(to))
                .query(Integer.class)
                .single();
    }

    /** Refunds asked of the shop in [from, to) that waited for its review, with when and how each was decided. */
    public List<ServiceMetrics.ReviewFacts> reviews(String shopId, Instant from, Instant to) {
        return jdbc.sql("""
                select r.created_at, (select min(e.at) from refund_events e where e.refund_id = r.refund_id
                        and e.event in (?, ?, ?)) as decided_at,
                    r.resolution is not distinct from ? as timed_out
                from refunds r join orders o on o.order_id = r.order_id
                where o.shop_id = ? and not r.decision_instant and r.created_at >= ? and r.created_at < ?
                """)
                .params(RefundEvent.MERCHANT_APPROVED.name(), RefundEvent.MERCHANT_REJECTED.name(),
                        RefundEvent.REVIEW_TIMED_OUT.name(), Resolution.APPROVED_AT_DEADLINE.name(),
                        shopId, Timestamp.from(from), Timestamp.from(to))
                .query((rs, n) -> new ServiceMetrics.ReviewFacts(rs.getTimestamp(1).toInstant(),
                        Optional.ofNullable(rs.getTimestamp(2)).map(Timestamp::toInstant), rs.getBoolean(3)))
                .list();
    }

    /** The shop's closings (not cancelled) that overlap [from, to). */
    public List<ShopClosing> closingsOverlapping(String shopId, Instant from, Instant to) {
        return jdbc.sql("""
                select from_at, to_at from shop_closings where shop_id = ? and cancelled_at is null
                    and to_at > ? and from_at < ?
                """)
                .params(shopId, Timestamp.from(from), Timestamp.from(to))
                .query((rs, n) -> new ShopClosing(rs.getTimestamp(1).toInstant(), rs.getTimestamp(2).toInstant()))
                .list();
    }
}
