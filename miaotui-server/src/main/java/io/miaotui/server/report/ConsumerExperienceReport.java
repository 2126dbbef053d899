package io.miaotui.server.report;

import io.miaotui.report.Figures;
import io.miaotui.report.Repurchase;
import io.miaotui.report.Tally;
import io.miaotui.server.report.ReportStore.Cell;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The consumer-experience report (消费者体验) for a window: the figures of the refunds asked for in it, overall,
 * per channel, per policy version, and for each gray release its candidate against its active version. The
 * database groups the refunds ({@link ReportStore}); this adds the groups up into each scope and
 * {@link Figures} computes the shares and percentiles once per scope.
 *
 * <p>A gray release's sides are the decisions made while it ran: those of one version that carry the other's
 * shadow answer. The candidate is the newer version of the pair (versions are numbered as they are created, and
 * a gray release puts a new draft out against the version serving).
 */
@Component
public class ConsumerExperienceReport {
    private static final Logger log = LoggerFactory.getLogger(ConsumerExperienceReport.class);

    private final ReportStore store;

    public ConsumerExperienceReport(ReportStore store) {
        this.store = store;
    }

    public record PolicyVersion(String policy, int version) {
    }

    public record VersionFigures(PolicyVersion version, Figures figures) {
    }

    public record GrayComparison(String policy, int activeVersion, Figures active, int candidateVersion,
            Figures candidate) {
    }

    public record Report(Instant from, Instant to, Figures overall, Map<String, Figures> byChannel,
            List<VersionFigures> byPolicyVersion, List<GrayComparison> grayComparison) {
    }

    private record GraySide(String policy, int version, int otherVersion) {
        boolean candidate() {
            return version > otherVersion;
        }
    }

    /** Both statements see one snapshot, so the re-purchase counts are of the same refunds as the rest. */
    @Transactional(readOnly = true, isolation = org.springframework.transaction.annotation.Isolation.REPEATABLE_READ)
    public Report report(Instant from, Instant to) {
        long started = System.nanoTime();
        store.reportMemory();
        Tally overall = new Tally();
        Map<String, Tally> byChannel = new TreeMap<>();
        Map<PolicyVersion, Tally> byVersion = new TreeMap<>(
                Comparator.comparing(PolicyVersion::policy).thenComparingInt(PolicyVersion::version));
        Map<GraySide, Tally> gray = new HashMap<>();
        for (ReportStore.CellRow row : store.cells(from, to)) {
            Tally cell = new Tally();
            if (row.responseRow()) {
                if (row.ms() != null) {
                    cell.addMerchantResponse(row.ms(), row.responses());
                }
            } else {
                cell.addRefunds(row.requested(), row.instant(), row.amountFen(), row.instantAmountFen(), row.paid(),
                        row.avoided(), row.reviewed(), row.atDeadline());
                if (row.ms() != null) {
                    cell.addTimeToMoney(row.ms(), row.paid());
                }
            }
            Cell key = row.cell();
            overall.add(cell);
            byChannel.computeIfAbsent(key.channel(), c -> new Tally()).add(cell);
            byVersion.computeIfAbsent(new PolicyVersion(key.policy(), key.version()), v -> new Tally()).add(cell);
            if (key.shadowVersion() != null) {
                gray.computeIfAbsent(new GraySide(key.policy(), key.version(), key.shadowVersion()), g -> new Tally())
                        .add(cell);
            }
        }
        Repurchase.Counts overallBack = Repurchase.Counts.NONE;
        Map<String, Repurchase.Counts> channelBack = new HashMap<>();
        Map<PolicyVersion, Repurchase.Counts> versionBack = new HashMap<>();
        Map<GraySide, Repurchase.Counts> grayBack = new HashMap<>();
        for (ReportStore.RepurchaseRow row : store.repurchase(from, to)) {
            Cell key = row.cell();
            switch (row.scope()) {
                case OVERALL -> overallBack = row.counts();
                case CHANNEL -> channelBack.put(key.channel(), row.counts());
                case POLICY_VERSION -> versionBack.put(new PolicyVersion(key.policy(), key.version()), row.counts());
                case GRAY_SIDE -> {
                    if (key.shadowVersion() != null) {
                        grayBack.put(new GraySide(key.policy(), key.version(), key.shadowVersion()), row.counts());
                    }
                }
            }
        }
        var channels = new TreeMap<String, Figures>();
        byChannel.forEach((channel, tally) -> channels.put(channel,
                Figures.of(tally, channelBack.getOrDefault(channel, Repurchase.Counts.NONE))));
        var versions = new ArrayList<VersionFigures>();
        byVersion.forEach((version, tally) -> versions.add(new VersionFigures(version,
                Figures.of(tally, versionBack.getOrDefault(version, Repurchase.Counts.NONE)))));
        var comparisons = new ArrayList<GrayComparison>();
        gray.keySet().stream().filter(GraySide::candidate)
                .sorted(Comparator.comparing(GraySide::policy).thenComparingInt(GraySide::version))
                .forEach(side -> {
                    var activeSide = new GraySide(side.policy(), side.otherVersion(), side.version());
                    comparisons.add(new GrayComparison(side.policy(), side.otherVersion(),
                            Figures.of(gray.getOrDefault(activeSide, new Tally()),
                                    grayBack.getOrDefault(activeSide, Repurchase.Counts.NONE)),
                            side.version(), Figures.of(gray.get(side), grayBack.getOrDefault(side, Repurchase.Counts.NONE))));
                });
        // a gray release whose candidate decided nothing yet still shows, its candidate side empty
        gray.keySet().stream().filter(side -> !side.candidate())
                .filter(side -> !gray.containsKey(new GraySide(side.policy(), side.otherVersion(), side.version())))
                .sorted(Comparator.comparing(GraySide::policy).thenComparingInt(GraySide::version))
                .forEach(side -> comparisons.add(new GrayComparison(side.policy(), side.version(),
                        Figures.of(gray.get(side), grayBack.getOrDefault(side, Repurchase.Counts.NONE)),
                        side.otherVersion(), Figures.of(new Tally(), Repurchase.Counts.NONE))));
        Figures total = Figures.of(overall, overallBack);
        log.info("consumer-experience report {} .. {}: {} refunds in {} ms", from, to, total.refundsRequested(),
                (System.nanoTime() - started) / 1_000_000);
        return new Report(from, to, total, channels, versions, comparisons);
    }
}
