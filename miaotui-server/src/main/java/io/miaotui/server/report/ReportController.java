package io.miaotui.server.report;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.miaotui.money.Currency;
import io.miaotui.money.Money;
import io.miaotui.report.Figures;
import io.miaotui.report.TimeToMoneyHistogram;
import io.miaotui.server.web.RequestCheck;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Operators: the consumer-experience report for a window (JSON, or CSV with one row per scope), and the live
 * dashboard's last minutes.
 */
@RestController
@Tag(name = "Reports")
public class ReportController {
    static final Duration DEFAULT_WINDOW = Duration.ofDays(14);
    static final int MAX_WINDOW_DAYS = 92;
    static final String TEXT_CSV = "text/csv";

    private final ConsumerExperienceReport report;
    private final LiveReport live;
    private final Clock clock;

    public ReportController(ConsumerExperienceReport report, LiveReport live, Clock clock) {
        this.report = report;
        this.live = live;
        this.clock = clock;
    }

    @Schema(name = "TimeToMoneyBucket")
    public record BucketView(@Schema(nullable = true, description = "inclusive upper bound; null: the rest") Long upToMs,
            long count) {
    }

    @Schema(name = "ExperienceFigures")
    public record FiguresView(long refundsRequested, long instantCount, @Schema(nullable = true) BigDecimal instantShare,
            String amountRequested, String amountInstant, @Schema(nullable = true) BigDecimal instantAmountShare,
            long paidCount, @Schema(nullable = true) Long timeToMoneyP50Ms, @Schema(nullable = true) Long timeToMoneyP90Ms,
            @Schema(nullable = true) Long timeToMoneyP99Ms, List<BucketView> timeToMoneyHistogram, long reviewsAvoided,
            long reviewedCount, long reviewsDecidedAtDeadline, long merchantResponses,
            @Schema(nullable = true) Long merchantResponseP50Ms, @Schema(nullable = true) Long merchantResponseP90Ms,
            long repurchaseBuyers, @Schema(nullable = true) BigDecimal repurchaseRate7d,
            @Schema(nullable = true) BigDecimal repurchaseRate7dInstant,
            @Schema(nullable = true) BigDecimal repurchaseRate7dReviewed) {

        static FiguresView of(Figures f) {
            return new FiguresView(f.refundsRequested(), f.instantCount(), f.instantShare(), yuan(f.amountRequestedFen()),
                    yuan(f.amountInstantFen()), f.instantAmountShare(), f.paidCount(), f.timeToMoneyP50Ms(),
                    f.timeToMoneyP90Ms(), f.timeToMoneyP99Ms(),
                    f.timeToMoneyHistogram().stream().map(b -> new BucketView(b.upToMs(), b.count())).toList(),
                    f.reviewsAvoided(), f.reviewedCount(), f.reviewsDecidedAtDeadline(), f.merchantResponses(),
                    f.merchantResponseP50Ms(), f.merchantResponseP90Ms(), f.repurchaseBuyers(), f.repurchaseRate7d(),
                    f.repurchaseRate7dInstant(), f.repurchaseRate7dReviewed());
        }
    }

    @Schema(name = "PolicyVersionFigures")
    public record VersionView(String policy, int version, @JsonUnwrapped FiguresView figures) {
    }

    @Schema(name = "GraySideFigures")
    public record SideView(int version, @JsonUnwrapped FiguresView figures) {
    }

    @Schema(name = "GrayComparison")
    public record GrayView(String policy, SideView active, SideView candidate) {
    }

    @Schema(name = "ConsumerExperienceReport")
    public record ReportView(Instant from, Instant to, @JsonUnwrapped FiguresView figures,
            Map<String, FiguresView> byChannel, List<VersionView> byPolicyVersion, List<GrayView> grayComparison) {

        static ReportView of(ConsumerExperienceReport.Report r) {
            var channels = new LinkedHashMap<String, FiguresView>();
            r.byChannel().forEach((channel, f) -> channels.put(channel, FiguresView.of(f)));
            return new ReportView(r.from(), r.to(), FiguresView.of(r.overall()), channels,
                    r.byPolicyVersion().stream().map(v -> new VersionView(v.version().policy(), v.version().version(),
                            FiguresView.of(v.figures()))).toList(),
                    r.grayComparison().stream().map(g -> new GrayView(g.policy(),
                            new SideView(g.activeVersion(), FiguresView.of(g.active())),
                            new SideView(g.candidateVersion(), FiguresView.of(g.candidate())))).toList());
        }
    }

    private static String yuan(long fen) {
        return Money.of(fen, Currency.CNY).toDecimalString();
    }

    private record Window(Instant from, Instant to) {
    }

    private Window window(String from, String to) {
        var check = new RequestCheck();
        Instant end = to == null ? clock.instant() : check.instant("to", to);
        Instant start = from == null ? (end == null ? null : end.minus(DEFAULT_WINDOW)) : check.instant("from", from);
        check.period(start, end, MAX_WINDOW_DAYS);
        check.throwIfInvalid();
        return new Window(start, end);
    }

    @Operation(operationId = "getConsumerExperienceReport", summary = "The consumer-experience report",
            description = "For the refunds asked for in [from, to) (default: the 14 days up to now; at most 92 days), "
                    + "overall, per channel, per policy version and for each gray release candidate against active: "
                    + "refunds asked, share and amount decided instantly, time to money (request to paid) p50, p90, p99 "
                    + "and a histogram, merchant reviews the old rule `legacy-2h-200` would have needed, reviews "
                    + "decided at the deadline, merchants' response times, and re-purchase: of the buyers refunded, "
                    + "the share who paid another order in the same shop within 7 days of the refund's payment, for "
                    + "instant and merchant-reviewed refunds apart. With `Accept: text/csv`, one row per scope.")
    @ApiResponse(responseCode = "200", description = "OK.", content = {
            @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
                    schema = @Schema(implementation = ReportView.class)),
            @Content(mediaType = TEXT_CSV, schema = @Schema(type = "string"))})
    @GetMapping(path = "/api/v1/reports/consumer-experience",
            produces = {MediaType.APPLICATION_JSON_VALUE, TEXT_CSV})
    public ResponseEntity<?> consumerExperience(@RequestParam(required = false) String from,
            @RequestParam(required = false) String to,
            @io.swagger.v3.oas.annotations.Parameter(hidden = true)
            @org.springframework.web.bind.annotation.RequestHeader(name = "Accept", required = false) String accept) {
        Window window = window(from, to);
        ReportView view = ReportView.of(report.report(window.from(), window.to()));
        if (wantsCsv(accept)) {
            return ResponseEntity.ok().contentType(MediaType.parseMediaType(TEXT_CSV + ";charset=UTF-8"))
                    .body(ReportCsv.of(view));
        }
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(view);
    }

    /** CSV only when asked for before JSON: a browser's or a client's catch-all {@code *}{@code /*} gets JSON. */
    static boolean wantsCsv(String accept) {
        if (accept == null) {
            return false;
        }
        for (MediaType type : MediaType.parseMediaTypes(accept).stream()
                .sorted(java.util.Comparator.comparingDouble(MediaType::getQualityValue).reversed()).toList()) {
            if (type.getType().equals("text") && type.getSubtype().equals("csv")) {
                return true;
            }
            if (type.isCompatibleWith(MediaType.APPLICATION_JSON)) {
                return false;
            }
        }
        return false;
    }

    @Operation(operationId = "getLiveReport", summary = "The live dashboard's last minutes",
            description = "The last `minutes` (1 to 1440, default 60) minute by minute, oldest first, every minute "
                    + "present (the current one included): refunds asked and decided instantly, paid, time to money "
                    + "p50 and p99; refunds waiting for review now; reviews decided at the deadline and payout "
                    + "failures in those minutes; per channel and per policy version.")
    @ApiResponse(responseCode = "200", description = "OK.")
    @GetMapping("/api/v1/reports/live")
    public LiveReport.Live live(@RequestParam(required = false) Integer minutes) {
        var check = new RequestCheck();
        int n = check.positiveInt("minutes", minutes == null ? 60 : minutes, LiveReport.MAX_MINUTES);
        check.throwIfInvalid();
        return live.live(n);
    }
}
