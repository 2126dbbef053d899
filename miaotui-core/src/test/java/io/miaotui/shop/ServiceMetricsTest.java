package io.miaotui.shop;

import static org.assertj.core.api.Assertions.assertThat;

import io.miaotui.closing.ShopClosing;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ServiceMetricsTest {
    private static final Instant T = Instant.parse("2027-01-28T00:00:00Z");
    private static final ShopClosing FESTIVAL = new ShopClosing(T.plus(Duration.ofDays(1)), T.plus(Duration.ofDays(6)));

    private static Instant at(long hours) {
        return T.plus(Duration.ofHours(hours));
    }

    @Test
    void a_shipment_late_only_by_closed_days_is_not_late() {
        var onTimeAfterClosing = new ServiceMetrics.LineFacts(T, at(48), Optional.of(at(5 * 24 + 48)));
        var lateEvenSo = new ServiceMetrics.LineFacts(T, at(48), Optional.of(at(7 * 24 + 1)));
        var noClosingLate = new ServiceMetrics.LineFacts(at(200), at(248), Optional.of(at(249)));

        var withClosing = ServiceMetrics.compute(List.of(onTimeAfterClosing, lateEvenSo, noClosingLate), 0, List.of(),
                List.of(FESTIVAL), T, at(400), at(400));
        var without = ServiceMetrics.compute(List.of(onTimeAfterClosing, lateEvenSo, noClosingLate), 0, List.of(),
                List.of(), T, at(400), at(400));

        assertThat(withClosing.lateShipments()).isEqualTo(2);
        assertThat(without.lateShipments()).isEqualTo(3);
        assertThat(withClosing.closedTime()).isEqualTo(Duration.ofDays(5));
    }

    @Test
    void an_unshipped_line_past_its_deadline_counts_as_late() {
        var unshipped = new ServiceMetrics.LineFacts(at(200), at(248), Optional.empty());

        assertThat(ServiceMetrics.compute(List.of(unshipped), 0, List.of(), List.of(), T, at(400), at(247)).lateShipments())
                .isZero();
        assertThat(ServiceMetrics.compute(List.of(unshipped), 0, List.of(), List.of(), T, at(400), at(249)).lateShipments())
                .isEqualTo(1);
    }

    @Test
    void review_response_leaves_closed_time_out_and_timeouts_are_counted_apart() {
        var acrossClosing = new ServiceMetrics.ReviewFacts(at(20), Optional.of(at(6 * 24 + 4)), false);
        var quick = new ServiceMetrics.ReviewFacts(at(200), Optional.of(at(202)), false);
        var silent = new ServiceMetrics.ReviewFacts(at(300), Optional.of(at(348)), true);
        var waiting = new ServiceMetrics.ReviewFacts(at(390), Optional.empty(), false);

        var metrics = ServiceMetrics.compute(List.of(), 4, List.of(acrossClosing, quick, silent, waiting),
                List.of(FESTIVAL), T, at(400), at(400));

        assertThat(metrics.reviewsAnswered()).isEqualTo(2);
        assertThat(metrics.reviewsTimedOut()).isEqualTo(1);
        assertThat(metrics.slowestReviewResponse()).contains(Duration.ofHours(8));
        assertThat(metrics.averageReviewResponse()).contains(Duration.ofHours(5));
    }

    @Test
    void the_refund_rate_is_refunds_per_line_to_four_places_and_zero_without_lines() {
        var line = new ServiceMetrics.LineFacts(T, at(48), Optional.of(at(1)));
        var three = ServiceMetrics.compute(List.of(line, line, line), 2, List.of(), List.of(), T, at(400), at(400));
        var none = ServiceMetrics.compute(List.of(), 0, List.of(), List.of(), T, at(400), at(400));

        assertThat(three.refundRate().toPlainString()).isEqualTo("0.6667");
        assertThat(none.refundRate().toPlainString()).isEqualTo("0.0000");
    }

    @Test
    void closed_days_and_response_hours_are_given_to_two_places() {
        var closed = ServiceMetrics.compute(List.of(), 0, List.of(),
                List.of(new ShopClosing(at(10), at(10 + 36))), T, at(400), at(400));

        assertThat(closed.closedDays().toPlainString()).isEqualTo("1.50");
        assertThat(ServiceMetrics.hours(Duration.ofMinutes(100)).toPlainString()).isEqualTo("1.67");
    }
}
