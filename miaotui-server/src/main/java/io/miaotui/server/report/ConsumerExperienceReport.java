package io.miaotui.server.report;

import io.miaotui.report.BuyerSets;
import io.miaotui.report.Figures;
import io.miaotui.report.Repurchase;
import io.miaotui.report.Tally;
import io.miaotui.server.report.ReportStore.Cell;
import java.nio.ByteBuffer;
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

    /**
     * The report, from the rollup where it covers the window: its whole rolled days, then the whole rolled hours of
     * what is left (the partial first and last days, days not closed or not rolled yet), and live for the rest (the
     * minutes at each edge, the current hour, periods whose refunds changed since they were rolled up). All reads
     * see one snapshot, so the rolled and live parts are of the same refunds.
     */
    @Transactional(readOnly = true, isolation = org.springframework.transaction.annotation.Isolation.REPEATABLE_READ)
    public Report report(Instant from, Instant to) {
        long started = System.nanoTime();
        store.reportMemory();
        List<ReportStore.RolledPeriod> rolled = rolledPeriods(from, to);
        List<RollupPeriod> periods = rolled.stream().map(ReportStore.RolledPeriod::period).toList();
        var unsettled = new ArrayList<RollupPeriod>();
        Instant ordersSince = null;
        for (ReportStore.RolledPeriod period : rolled) {
            if (!period.buyersSettled()) {
                unsettled.add(period.period());
                if (ordersSince == null || period.ordersSeenUntil().isBefore(ordersSince)) {
                    ordersSince = period.ordersSeenUntil();
                }
            }
        }
        List<Instant[]> live = liveRanges(from, to, periods);
        var cells = new ArrayList<>(store.rolledCells(periods));
        // the rolled periods' refunds that were still open when they were rolled: live, through report_period_open
        cells.addAll(store.leftOpenCells(periods));
        for (Instant[] range : live) {
            cells.addAll(store.cells(range[0], range[1], ReportStore.Subset.RANGE));
        }
        var sets = new BuyerScopes();
        store.rolledBuyers(periods, (cell, bytes) -> {
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            while (buffer.remaining() >= 4) {
                int packed = buffer.getInt();
                sets.add(cell, BuyerSets.ordinal(packed), BuyerSets.flags(packed));
            }
        });
        int[] next = {store.maxBuyerOrdinal()};
        Map<String, Integer> unnumbered = new HashMap<>();
        java.util.function.Consumer<ReportStore.BuyerRow> add = row -> sets.add(row.cell(), row.ordinal() != null
                ? row.ordinal() : unnumbered.computeIfAbsent(row.buyerId(), b -> ++next[0]), row.flags());
        for (Instant[] range : live) {
            store.buyerFlags(range[0], range[1], ReportStore.Subset.RANGE, null, add);
        }
        store.leftOpenBuyerFlags(periods, add);
        // rolled periods not settled: their flags as rolled, united with those of the buyers who registered an
        // order since (a flag only turns on), which are then what the live computation gives
        for (Instant[] range : contiguous(unsettled)) {
            store.buyerFlags(range[0], range[1], ReportStore.Subset.FINAL, ordersSince, add);
        }
        Map<Scope, Repurchase.Counts> back = new HashMap<>();
        sets.scopes.forEach((scope, set) -> back.put(scope, set.counts()));
        Report report = assemble(from, to, cells, back);
        long days = periods.stream().filter(RollupPeriod::isDay).count();
        log.info("consumer-experience report {} .. {}: {} refunds in {} ms ({} days and {} hours rolled up, {} of"
                + " them with re-purchase; {} live ranges)", from, to, report.overall().refundsRequested(),
                (System.nanoTime() - started) / 1_000_000, days, periods.size() - days,
                periods.size() - unsettled.size(), live.size());
        return report;
    }

    /**
     * The rolled periods that tile as much of [from, to) as they can, in order: whole days, then whole hours outside
     * them; each only if its refund count is still the one it was rolled with (else it is read live).
     */
    private List<ReportStore.RolledPeriod> rolledPeriods(Instant from, Instant to) {
        var candidates = new ArrayList<ReportStore.RolledPeriod>();
        for (int hours : new int[] {RollupPeriod.DAY, RollupPeriod.HOUR}) {
            store.rolledPeriods(hours, from, to).stream().filter(p -> p.period().within(from, to))
                    .forEach(candidates::add);
        }
        if (candidates.isEmpty()) {
            return List.of();
        }
        Instant first = candidates.stream().map(p -> p.period().start()).min(Comparator.naturalOrder()).orElseThrow();
        Instant last = candidates.stream().map(p -> p.period().end()).max(Comparator.naturalOrder()).orElseThrow();
        Map<Instant, Long> now = store.refundsPerHour(first, last);
        var chosen = new ArrayList<ReportStore.RolledPeriod>();
        var days = new java.util.TreeMap<Instant, Instant>(); // the days chosen (they come first): start to end
        for (ReportStore.RolledPeriod period : candidates) {
            RollupPeriod p = period.period();
            var day = days.floorEntry(p.start());
            boolean inChosenDay = day != null && day.getValue().isAfter(p.start());
            if (!inChosenDay && period.refunds() == ReportStore.refundsIn(p, now)) {
                chosen.add(period);
                if (p.isDay()) {
                    days.put(p.start(), p.end());
                }
            }
        }
        chosen.sort(Comparator.comparing(p -> p.period().start()));
        return chosen;
    }

    /** The report computed live over the whole window, without the rollup: what {@link #report} must equal. */
    @Transactional(readOnly = true, isolation = org.springframework.transaction.annotation.Isolation.REPEATABLE_READ)
    public Report reportLive(Instant from, Instant to) {
        store.reportMemory();
        Map<Scope, Repurchase.Counts> back = new HashMap<>();
        for (ReportStore.RepurchaseRow row : store.repurchase(from, to)) {
            Cell key = row.cell();
            switch (row.scope()) {
                case OVERALL -> back.put(Scope.OVERALL, row.counts());
                case CHANNEL -> back.put(Scope.channel(key.channel()), row.counts());
                case POLICY_VERSION -> back.put(new Scope(null, new PolicyVersion(key.policy(), key.version()), null),
                        row.counts());
                case GRAY_SIDE -> {
                    if (key.shadowVersion() != null) {
                        back.put(Scope.gray(new GraySide(key.policy(), key.version(), key.shadowVersion())),
                                row.counts());
                    }
                }
            }
        }
        return assemble(from, to, store.cells(from, to), back);
    }

    /** The parts of [from, to) outside the given periods (given in order, not overlapping), in order. */
    static List<Instant[]> liveRanges(Instant from, Instant to, List<RollupPeriod> periods) {
        var ranges = new ArrayList<Instant[]>();
        Instant at = from;
        for (RollupPeriod period : periods) {
            if (at.isBefore(period.start())) {
                ranges.add(new Instant[] {at, period.start()});
            }
            at = period.end();
        }
        if (at.isBefore(to)) {
            ranges.add(new Instant[] {at, to});
        }
        return ranges;
    }

    /** Periods (in order) as contiguous ranges. */
    static List<Instant[]> contiguous(List<RollupPeriod> periods) {
        var ranges = new ArrayList<Instant[]>();
        for (RollupPeriod period : periods) {
            if (!ranges.isEmpty() && ranges.get(ranges.size() - 1)[1].equals(period.start())) {
                ranges.get(ranges.size() - 1)[1] = period.end();
            } else {
                ranges.add(new Instant[] {period.start(), period.end()});
            }
        }
        return ranges;
    }

    /** A re-purchase scope: overall (all null), a channel, a policy version or a gray-release side. */
    private record Scope(String channel, PolicyVersion version, GraySide gray) {
        static final Scope OVERALL = new Scope(null, null, null);

        static Scope channel(String channel) {
            return new Scope(channel, null, null);
        }

        static Scope gray(GraySide side) {
            return new Scope(null, null, side);
        }
    }

    /** The buyer sets of every scope a cell's buyers count in. */
    private static final class BuyerScopes {
        final Map<Scope, BuyerSets> scopes = new HashMap<>();
        private final Map<Cell, BuyerSets[]> byCell = new HashMap<>();

        void add(Cell cell, int ordinal, int flags) {
            for (BuyerSets set : byCell.computeIfAbsent(cell, this::setsOf)) {
                set.add(ordinal, flags);
            }
        }

        private BuyerSets[] setsOf(Cell cell) {
            var of = new ArrayList<BuyerSets>();
            of.add(scopes.computeIfAbsent(Scope.OVERALL, s -> new BuyerSets()));
            of.add(scopes.computeIfAbsent(Scope.channel(cell.channel()), s -> new BuyerSets()));
            of.add(scopes.computeIfAbsent(new Scope(null, new PolicyVersion(cell.policy(), cell.version()), null),
                    s -> new BuyerSets()));
            if (cell.shadowVersion() != null) {
                of.add(scopes.computeIfAbsent(Scope.gray(new GraySide(cell.policy(), cell.version(),
                        cell.shadowVersion())), s -> new BuyerSets()));
            }
            return of.toArray(BuyerSets[]::new);
        }
    }

    private Report assemble(Instant from, Instant to, List<ReportStore.CellRow> rows, Map<Scope, Repurchase.Counts> back) {
        Tally overall = new Tally();
        Map<String, Tally> byChannel = new TreeMap<>();
        Map<PolicyVersion, Tally> byVersion = new TreeMap<>(
                Comparator.comparing(PolicyVersion::policy).thenComparingInt(PolicyVersion::version));
        Map<GraySide, Tally> gray = new HashMap<>();
        for (ReportStore.CellRow row : rows) {
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
        Repurchase.Counts overallBack = back.getOrDefault(Scope.OVERALL, Repurchase.Counts.NONE);
        Map<String, Repurchase.Counts> channelBack = new HashMap<>();
        Map<PolicyVersion, Repurchase.Counts> versionBack = new HashMap<>();
        Map<GraySide, Repurchase.Counts> grayBack = new HashMap<>();
        back.forEach((scope, counts) -> {
            if (scope.gray() != null) {
                grayBack.put(scope.gray(), counts);
            } else if (scope.version() != null) {
                versionBack.put(scope.version(), counts);
            } else if (scope.channel() != null) {
                channelBack.put(scope.channel(), counts);
            }
        });
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
        return new Report(from, to, Figures.of(overall, overallBack), channels, versions, comparisons);
    }
}
