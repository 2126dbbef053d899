package io.miaotui.server.report;

import io.miaotui.refund.RefundEvent;
import io.miaotui.report.DurationCounts;
import io.miaotui.report.Share;
import io.swagger.v3.oas.annotations.media.Schema;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.stereotype.Component;

/**
 * The operator's live dashboard: the last minutes one by one (every minute present, the current one included,
 * oldest first), what is waiting for merchants now, and the same counts per channel and per policy version.
 * Requests are counted in the minute they were asked, payouts in the minute they were paid, with their time to
 * money; deadline decisions and payout failures by their history step's time.
 */
@Component
public class LiveReport {
    public static final int MAX_MINUTES = 1440;

    private final ReportStore store;
    private final Clock clock;

    public LiveReport(ReportStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    @Schema(name = "LiveMinute")
    public record Minute(Instant minute, long requested, long instant, long paid,
            @Schema(nullable = true) Long timeToMoneyP50Ms, @Schema(nullable = true) Long timeToMoneyP99Ms) {
    }

    @Schema(name = "LiveChannel")
    public record ChannelFigures(long requested, long instant, @Schema(nullable = true) BigDecimal instantShare,
            @Schema(nullable = true) Long timeToMoneyP50Ms, @Schema(nullable = true) Long timeToMoneyP99Ms,
            long payoutFailures) {
    }

    @Schema(name = "LivePolicyVersion")
    public record VersionFigures(String policy, int version, long requested, long instant,
            @Schema(nullable = true) BigDecimal instantShare, @Schema(nullable = true) Long timeToMoneyP50Ms,
            @Schema(nullable = true) Long timeToMoneyP99Ms) {
    }

    @Schema(name = "LiveReport")
    public record Live(Instant asOf, int minutes, List<Minute> perMinute, long pendingReviews,
            long reviewsDecidedAtDeadline, long payoutFailures, Map<String, ChannelFigures> byChannel,
            List<VersionFigures> byPolicyVersion) {
    }

    private static final class Counts {
        long requested;
        long instant;
        long paid;
        final DurationCounts timeToMoney = new DurationCounts();
    }

    private record Version(String policy, int version) {
    }

    public Live live(int minutes) {
        Instant asOf = clock.instant();
        Instant until = asOf.truncatedTo(ChronoUnit.MINUTES).plus(Duration.ofMinutes(1));
        Instant since = until.minus(Duration.ofMinutes(minutes));
        var perMinute = new TreeMap<Instant, Counts>();
        for (Instant m = since; m.isBefore(until); m = m.plus(Duration.ofMinutes(1))) {
            perMinute.put(m, new Counts());
        }
        var channels = new TreeMap<String, Counts>();
        var versions = new TreeMap<Version, Counts>(Comparator.comparing(Version::policy).thenComparingInt(Version::version));
        for (ReportStore.RequestedRow row : store.requestedSince(since, until)) {
            for (Counts c : List.of(perMinute.computeIfAbsent(row.minute(), m -> new Counts()),
                    channels.computeIfAbsent(row.channel(), ch -> new Counts()),
                    versions.computeIfAbsent(new Version(row.policy(), row.version()), v -> new Counts()))) {
                c.requested += row.requested();
                c.instant += row.instant();
            }
        }
        for (ReportStore.PaidRow row : store.paidSince(since, until)) {
            for (Counts c : List.of(perMinute.computeIfAbsent(row.minute(), m -> new Counts()),
                    channels.computeIfAbsent(row.channel(), ch -> new Counts()),
                    versions.computeIfAbsent(new Version(row.policy(), row.version()), v -> new Counts()))) {
                c.paid += row.paid();
                c.timeToMoney.add(row.ms(), row.paid());
            }
        }
        Map<String, Long> failures = store.stepsSince(RefundEvent.PAYOUT_GAVE_UP, since, until);
        Map<String, Long> atDeadline = store.stepsSince(RefundEvent.REVIEW_TIMED_OUT, since, until);
        failures.keySet().forEach(channel -> channels.computeIfAbsent(channel, ch -> new Counts()));
        var minuteList = new ArrayList<Minute>();
        perMinute.forEach((m, c) -> minuteList.add(new Minute(m, c.requested, c.instant, c.paid,
                c.timeToMoney.percentile(50), c.timeToMoney.percentile(99))));
        var channelMap = new LinkedHashMap<String, ChannelFigures>();
        channels.forEach((channel, c) -> channelMap.put(channel, new ChannelFigures(c.requested, c.instant,
                Share.of(c.instant, c.requested), c.timeToMoney.percentile(50), c.timeToMoney.percentile(99),
                failures.getOrDefault(channel, 0L))));
        var versionList = new ArrayList<VersionFigures>();
        versions.forEach((v, c) -> versionList.add(new VersionFigures(v.policy(), v.version(), c.requested, c.instant,
                Share.of(c.instant, c.requested), c.timeToMoney.percentile(50), c.timeToMoney.percentile(99))));
        return new Live(asOf, minutes, minuteList, store.pendingReviews(), sum(atDeadline), sum(failures), channelMap,
                versionList);
    }

    private static long sum(Map<String, Long> counts) {
        return counts.values().stream().mapToLong(Long::longValue).sum();
    }

}
