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
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
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

    private final ShopMetricsStore metricsStore;
    private final ShopStore shops;
    private final Clock clock;
    private final Access access;

    public ShopMetricsController(ShopMetricsStore metricsStore, ShopStore shops, Clock clock, Access access) {
        this.access = access;
        this.metricsStore = metricsStore;
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
        List<ServiceMetrics.LineFacts> lines = metricsStore.paidLines(shop, start, end, MAX_LINES + 1);
        if (lines.size() > MAX_LINES) {
            throw new ApiProblem(ProblemType.INVALID_REQUEST, "More than " + MAX_LINES
                    + " paid lines in this period: ask for a shorter one.");
        }
        int refunds = metricsStore.refundsAsked(shop, start, end);
        List<ServiceMetrics.ReviewFacts> reviews = metricsStore.reviews(shop, start, end);
        // from a period earlier: a closing before the period can still push a deadline that falls inside it
        List<ShopClosing> closings = metricsStore.closingsOverlapping(shop,
                start.minus(Duration.ofDays(MAX_PERIOD_DAYS)), now.isAfter(end) ? now : end);
        ServiceMetrics m = ServiceMetrics.compute(lines, refunds, reviews, closings, start, end, now);
        return new MetricsView(shop, start, end, m.lines(), m.lateShipments(), m.refunds(),
                m.refundRate().toPlainString(), m.reviewsAnswered(), m.reviewsTimedOut(),
                m.averageReviewResponse().map(d -> ServiceMetrics.hours(d).toPlainString()).orElse(null),
                m.slowestReviewResponse().map(d -> ServiceMetrics.hours(d).toPlainString()).orElse(null),
                m.closedDays().toPlainString(),
                true, "Closed festival days are left out: ship-by and review deadlines are pushed back by them, and"
                        + " review response times do not count them.");
    }
}
