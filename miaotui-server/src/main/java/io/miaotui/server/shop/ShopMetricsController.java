package io.miaotui.server.shop;

import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.miaotui.closing.ShopClosing;
import io.miaotui.server.trust.Access;
import io.miaotui.server.trust.Caller;
import io.miaotui.server.web.ApiProblem;
import io.miaotui.server.web.ProblemType;
import io.miaotui.server.web.RequestCheck;
import io.miaotui.shop.ServiceMetrics;
import io.miaotui.shop.ShopId;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** A shop's service metrics (late shipments, review response, timeouts, refund rate) with closed days left out. */
@RestController
@Tag(name = "Shops")
public class ShopMetricsController {
    static final Duration DEFAULT_PERIOD = Duration.ofDays(30);
    static final int MAX_PERIOD_DAYS = 92;
    /** Bounded scan: a period with more paid lines than this is refused, to be asked in shorter periods. */
    static final int MAX_LINES = 500_000;

    private final JdbcClient jdbc;
    private final ShopStore shops;
    private final Clock clock;
    private final Access access;

    public ShopMetricsController(JdbcClient jdbc, ShopStore shops, Clock clock, Access access) {
        this.access = access;
        this.jdbc = jdbc;
        this.shops = shops;
        this.clock = clock;
    }

    public record MetricsView(String shopId, Instant from, Instant to, int lines, int lateShipments, int refunds,
            String refundRate, int reviewsAnswered, int reviewsTimedOut,
            @Schema(nullable = true) String averageReviewResponseHours,
            @Schema(nullable = true) String slowestReviewResponseHours, String closedDays, boolean closedTimeExcluded,
            @Schema(nullable = true) String note) {
    }

    @Operation(operationId = "getShopMetrics", summary = "A shop's service metrics",
            description = "Lines, late shipments, refunds and refund rate, reviews and response times over a "
                    + "period (default the last 30 days, at most 92), closed days left out.")
    @GetMapping("/api/v1/shops/{shopId}/metrics")
    public MetricsView metrics(Caller caller, @PathVariable String shopId, @RequestParam(required = false) String from,
            @RequestParam(required = false) String to) {
        var check = new RequestCheck();
        String shop = check.id("shopId", shopId);
        Instant now = clock.instant();
        Instant end = to == null ? now : check.instant("to", to);
        Instant start = from == null ? (end == null ? null : end.minus(DEFAULT_PERIOD)) : check.instant("from", from);
        check.period(start, end, MAX_PERIOD_DAYS);
        check.throwIfInvalid();
        access.shop(caller, new ShopId(shop));
        shops.requireExists(new ShopId(shop));
        Timestamp a = Timestamp.from(start);
        Timestamp b = Timestamp.from(end);
        List<ServiceMetrics.LineFacts> lines = jdbc.sql("""
                select o.paid_at, o.ship_by, l.shipped_at from order_lines l join orders o on o.order_id = l.order_id
                where o.shop_id = ? and o.paid_at >= ? and o.paid_at < ? limit ?
                """)
                .params(shop, a, b, MAX_LINES + 1)
                .query((rs, n) -> new ServiceMetrics.LineFacts(rs.getTimestamp(1).toInstant(),
                        rs.getTimestamp(2).toInstant(),
                        Optional.ofNullable(rs.getTimestamp(3)).map(Timestamp::toInstant)))
                .list();
        if (lines.size() > MAX_LINES) {
            throw new ApiProblem(ProblemType.INVALID_REQUEST, "More than " + MAX_LINES
                    + " paid lines in this period: ask for a shorter one.");
        }
        int refunds = jdbc.sql("""
                select count(*) from refunds r join orders o on o.order_id = r.order_id
                where o.shop_id = ? and r.created_at >= ? and r.created_at < ?
                """).params(shop, a, b).query(Integer.class).single();
        List<ServiceMetrics.ReviewFacts> reviews = jdbc.sql("""
                select r.created_at, (select min(e.at) from refund_events e where e.refund_id = r.refund_id
                        and e.event in ('MERCHANT_APPROVED', 'MERCHANT_REJECTED', 'REVIEW_TIMED_OUT')) as decided_at,
                    r.resolution = 'APPROVED_AT_DEADLINE' as timed_out
                from refunds r join orders o on o.order_id = r.order_id
                where o.shop_id = ? and not r.decision_instant and r.created_at >= ? and r.created_at < ?
                """)
                .params(shop, a, b)
                .query((rs, n) -> new ServiceMetrics.ReviewFacts(rs.getTimestamp(1).toInstant(),
                        Optional.ofNullable(rs.getTimestamp(2)).map(Timestamp::toInstant), rs.getBoolean(3)))
                .list();
        List<ShopClosing> closings = jdbc.sql("""
                select from_at, to_at from shop_closings where shop_id = ? and cancelled_at is null
                    and to_at > ? and from_at < ?
                """)
                .params(shop, Timestamp.from(start.minus(Duration.ofDays(MAX_PERIOD_DAYS))), Timestamp.from(now.isAfter(end) ? now : end))
                .query((rs, n) -> new ShopClosing(rs.getTimestamp(1).toInstant(), rs.getTimestamp(2).toInstant()))
                .list();
        ServiceMetrics m = ServiceMetrics.compute(lines, refunds, reviews, closings, start, end, now);
        return new MetricsView(shop, start, end, m.lines(), m.lateShipments(), m.refunds(),
                m.lines() == 0 ? "0.0000" : BigDecimal.valueOf(m.refunds()).divide(BigDecimal.valueOf(m.lines()), 4,
                        RoundingMode.HALF_UP).toPlainString(),
                m.reviewsAnswered(), m.reviewsTimedOut(),
                m.averageReviewResponse().map(ShopMetricsController::hours).orElse(null),
                m.slowestReviewResponse().map(ShopMetricsController::hours).orElse(null),
                BigDecimal.valueOf(m.closedTime().toMinutes()).divide(BigDecimal.valueOf(24 * 60), 2,
                        RoundingMode.HALF_UP).toPlainString(),
                true, "Closed festival days are left out: ship-by and review deadlines are pushed back by them, and"
                        + " review response times do not count them.");
    }

    private static String hours(Duration duration) {
        return BigDecimal.valueOf(duration.toSeconds()).divide(BigDecimal.valueOf(3600), 2, RoundingMode.HALF_UP)
                .toPlainString();
    }
}
