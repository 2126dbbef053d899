package io.miaotui.server.report;

import io.miaotui.report.TimeToMoneyHistogram;
import io.miaotui.server.report.ReportController.FiguresView;
import io.miaotui.server.report.ReportController.ReportView;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The report as CSV (RFC 4180, CRLF line ends), one row per scope: {@code overall}, each {@code channel}, each
 * {@code policyVersion}, and each gray release's {@code grayActive} and {@code grayCandidate}; the histogram as
 * one column per bucket. Empty cells where a figure is null (a share of nothing, a percentile of no duration).
 */
final class ReportCsv {
    private ReportCsv() {
    }

    static final List<String> KEY_COLUMNS = List.of("from", "to", "scope", "channel", "policy", "version");
    static final List<String> FIGURE_COLUMNS = List.of("refundsRequested", "instantCount", "instantShare",
            "amountRequested", "amountInstant", "instantAmountShare", "paidCount", "timeToMoneyP50Ms",
            "timeToMoneyP90Ms", "timeToMoneyP99Ms", "reviewsAvoided", "reviewedCount", "reviewsDecidedAtDeadline",
            "merchantResponses", "merchantResponseP50Ms", "merchantResponseP90Ms", "repurchaseBuyers",
            "repurchaseRate7d", "repurchaseRate7dInstant", "repurchaseRate7dReviewed");

    static String of(ReportView report) {
        var header = new ArrayList<>(KEY_COLUMNS);
        header.addAll(FIGURE_COLUMNS);
        for (Long bound : TimeToMoneyHistogram.BOUNDS_MS) {
            header.add("timeToMoneyUpTo" + bound + "Ms");
        }
        header.add("timeToMoneyOver" + TimeToMoneyHistogram.BOUNDS_MS.getLast() + "Ms");
        var out = new StringBuilder();
        line(out, header);
        row(out, report, "overall", null, null, null, report.figures());
        report.byChannel().forEach((channel, f) -> row(out, report, "channel", channel, null, null, f));
        report.byPolicyVersion().forEach(v -> row(out, report, "policyVersion", null, v.policy(), v.version(),
                v.figures()));
        report.grayComparison().forEach(g -> {
            row(out, report, "grayActive", null, g.policy(), g.active().version(), g.active().figures());
            row(out, report, "grayCandidate", null, g.policy(), g.candidate().version(), g.candidate().figures());
        });
        return out.toString();
    }

    private static void row(StringBuilder out, ReportView report, String scope, String channel, String policy,
            Integer version, FiguresView f) {
        var cells = new ArrayList<String>(List.of(report.from().toString(), report.to().toString(), scope,
                text(channel), text(policy), text(version)));
        for (Object value : List.of(f.refundsRequested(), f.instantCount(), text(f.instantShare()), f.amountRequested(),
                f.amountInstant(), text(f.instantAmountShare()), f.paidCount(), text(f.timeToMoneyP50Ms()),
                text(f.timeToMoneyP90Ms()), text(f.timeToMoneyP99Ms()), f.reviewsAvoided(), f.reviewedCount(),
                f.reviewsDecidedAtDeadline(), f.merchantResponses(), text(f.merchantResponseP50Ms()),
                text(f.merchantResponseP90Ms()), f.repurchaseBuyers(), text(f.repurchaseRate7d()),
                text(f.repurchaseRate7dInstant()), text(f.repurchaseRate7dReviewed()))) {
            cells.add(value.toString());
        }
        f.timeToMoneyHistogram().forEach(b -> cells.add(Long.toString(b.count())));
        line(out, cells);
    }

    private static String text(Object value) {
        return value == null ? "" : (value instanceof java.math.BigDecimal d ? d.toPlainString() : value.toString());
    }

    private static void line(StringBuilder out, List<String> cells) {
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            out.append(quoted(Objects.requireNonNull(cells.get(i))));
        }
        out.append("\r\n");
    }

    /** Quoted only when it must be: a comma, a quote or a line break inside (policy keys are free text). */
    static String quoted(String cell) {
        if (cell.contains(",") || cell.contains("\"") || cell.contains("\n") || cell.contains("\r")) {
            return "\"" + cell.replace("\"", "\"\"") + "\"";
        }
        return cell;
    }
}
