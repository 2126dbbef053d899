package io.miaotui.shop;

import io.miaotui.closing.ShopClosing;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * A shop's service figures over a period, the ones that feed its weight: late shipments, how fast the merchant
 * answers refund reviews, how often the platform had to decide for them, and the refund rate. Closed festival
 * time counts for nothing: deadlines are pushed back by it and response times leave it out.
 */
public record ServiceMetrics(int lines, int lateShipments, int refunds, int reviewsAnswered, int reviewsTimedOut,
        Optional<Duration> averageReviewResponse, Optional<Duration> slowestReviewResponse, Duration closedTime) {

    /** One paid line: when it was paid, when it had to ship by (as registered), and when it shipped if it did. */
    public record LineFacts(Instant paidAt, Instant shipBy, Optional<Instant> shippedAt) {
    }

    /** One refund that waited for review: when asked, and when and how it was decided (if it was). */
    public record ReviewFacts(Instant requestedAt, Optional<Instant> decidedAt, boolean timedOut) {
    }

    /** Refunds per paid line, to 4 decimal places (half up); 0 when nothing was paid. */
    public BigDecimal refundRate() {
        return lines == 0 ? BigDecimal.ZERO.setScale(4)
                : BigDecimal.valueOf(refunds).divide(BigDecimal.valueOf(lines), 4, RoundingMode.HALF_UP);
    }

    /** Closed festival time in days, to 2 decimal places (half up). */
    public BigDecimal closedDays() {
        return BigDecimal.valueOf(closedTime.toMinutes()).divide(BigDecimal.valueOf(24 * 60), 2, RoundingMode.HALF_UP);
    }

    /** A duration in hours, to 2 decimal places (half up): how response times are reported. */
    public static BigDecimal hours(Duration duration) {
        return BigDecimal.valueOf(duration.toSeconds()).divide(BigDecimal.valueOf(3600), 2, RoundingMode.HALF_UP);
    }

    public static ServiceMetrics compute(List<LineFacts> lines, int refunds, List<ReviewFacts> reviews,
            List<ShopClosing> closings, Instant from, Instant to, Instant now) {
        List<ShopClosing> ordered = closings.stream().sorted(Comparator.comparing(ShopClosing::from)).toList();
        int late = 0;
        for (LineFacts line : lines) {
            Instant deadline = line.shipBy();
            for (ShopClosing closing : ordered) {
                deadline = closing.extend(line.paidAt(), deadline);
            }
            Instant shippedOrNow = line.shippedAt().orElse(now);
            if (shippedOrNow.isAfter(deadline)) {
                late++;
            }
        }
        var responses = new ArrayList<Duration>();
        int timedOut = 0;
        for (ReviewFacts review : reviews) {
            if (review.timedOut()) {
                timedOut++;
            } else if (review.decidedAt().isPresent()) {
                Duration response = Duration.between(review.requestedAt(), review.decidedAt().get());
                for (ShopClosing closing : ordered) {
                    response = response.minus(closing.overlapWith(review.requestedAt(), review.decidedAt().get()));
                }
                responses.add(response);
            }
        }
        Duration closed = Duration.ZERO;
        for (ShopClosing closing : ordered) {
            closed = closed.plus(closing.overlapWith(from, to));
        }
        Optional<Duration> average = responses.isEmpty() ? Optional.empty()
                : Optional.of(responses.stream().reduce(Duration.ZERO, Duration::plus).dividedBy(responses.size()));
        return new ServiceMetrics(lines.size(), late, refunds, responses.size(), timedOut, average,
                responses.stream().max(Comparator.naturalOrder()), closed);
    }
}
