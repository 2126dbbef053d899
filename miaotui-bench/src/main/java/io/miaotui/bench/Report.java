package io.miaotui.bench;

import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** The run's results as text for stdout: numbers first, then the latency picture. */
public final class Report {
    private Report() {
    }

    public static String render(BenchOptions options, Seeder.Result seed, RefundPhase.Result refunds,
                                TimeToMoney.Result money) {
        StringBuilder out = new StringBuilder();
        line(out, "Miaotui refund load: run %s against %s", options.runId(), options.baseUrl());
        line(out, "");
        line(out, "seed");
        line(out, "  orders          %d of %d accepted in %.2f s (%.0f requests/s)", seed.created(), seed.planned(),
                seed.elapsed().toNanos() / 1e9, seed.perSecond());
        line(out, "  status codes    %s", statuses(seed.tally()));
        line(out, "");
        line(out, "refunds (concurrency %d)", options.concurrency());
        line(out, "  requests        %d of %d planned%s", refunds.requests(), refunds.planned(),
                refunds.stoppedByCap() ? " (stopped by --duration-s " + options.durationCap().orElseThrow().toSeconds()
                        + ")" : "");
        line(out, "  seconds         %.2f", refunds.seconds());
        line(out, "  refunds/s       %.1f   (2xx only: %.1f/s)", refunds.perSecond(),
                refunds.tally().successes() / Math.max(refunds.seconds(), 1e-9));
        line(out, "  status codes    %s", statuses(refunds.tally()));
        line(out, "  outcome         instant %d (APPROVED/PAID), review %d (PENDING_MERCHANT_REVIEW), other %d",
                refunds.instant(), refunds.review(), refunds.otherStatus());
        line(out, "                  default rules expect instant %d, review %d for the orders sent",
                refunds.expectedInstant(), refunds.requests() - refunds.expectedInstant());
        LatencySnapshot latency = refunds.latency();
        if (latency.isEmpty()) {
            line(out, "  latency         no responses");
        } else {
            line(out, "  latency ms      p50 %s  p90 %s  p99 %s  p99.9 %s  max %s   (mean %s, n=%d)",
                    ms(latency.percentile(50)), ms(latency.percentile(90)), ms(latency.percentile(99)),
                    ms(latency.percentile(99.9)), ms(latency.max()), ms((long) latency.mean()), latency.count());
            line(out, "");
            out.append(AsciiHistogram.render(latency));
        }
        line(out, "");
        line(out, "time-to-money (server createdAt -> paidAt, %d sampled instant refunds)", money.sampled());
        if (money.sampled() == 0) {
            line(out, "  nothing to sample: no instant refund came back with a refundId");
        } else {
            line(out, "  paid            %d of %d within %d s each; %d not paid in time, %d ended otherwise,"
                            + " %d without createdAt/paidAt", money.paid(), money.sampled(),
                    TimeToMoney.PER_REFUND_LIMIT.toSeconds(), money.notPaidInTime(), money.endedOtherwise(),
                    money.missingTimestamps());
            LatencySnapshot waited = money.createdToPaid();
            if (!waited.isEmpty()) {
                line(out, "  created->paid   p50 %s ms  p99 %s ms  max %s ms", ms(waited.percentile(50)),
                        ms(waited.percentile(99)), ms(waited.max()));
            }
            if (money.tally().failures() > 0) {
                line(out, "  GET failures    %s", statuses(money.tally()));
            }
        }
        line(out, "");
        String firstFailure = firstFailure(seed.tally(), refunds.tally(), money.tally());
        if (firstFailure != null) {
            line(out, "first failure: %s", firstFailure);
        }
        long serverErrors = seed.tally().serverErrors() + refunds.tally().serverErrors() + money.tally().serverErrors();
        long connectionErrors = seed.tally().connectionErrors() + refunds.tally().connectionErrors()
                + money.tally().connectionErrors();
        line(out, serverErrors + connectionErrors == 0 ? "result: OK (no 5xx, no connection errors)"
                : "result: FAILED (%d 5xx responses, %d connection errors)", serverErrors, connectionErrors);
        return out.toString();
    }

    /** "201: 19990, 409: 10, no response: 2 (HttpTimeoutException: 2)". */
    static String statuses(OutcomeTally tally) {
        String codes = tally.statusCounts().entrySet().stream()
                .map(e -> e.getKey() + ": " + e.getValue()).collect(Collectors.joining(", "));
        Map<String, Long> errors = tally.errorCounts();
        if (!errors.isEmpty()) {
            String kinds = errors.entrySet().stream().map(e -> e.getKey() + ": " + e.getValue())
                    .collect(Collectors.joining(", "));
            codes = (codes.isEmpty() ? "" : codes + ", ") + "no response: " + tally.connectionErrors() + " (" + kinds + ")";
        }
        return codes.isEmpty() ? "none" : codes;
    }

    static String ms(long nanos) {
        return String.format(Locale.ROOT, nanos < 10_000_000 ? "%.3f" : "%.1f", nanos / 1e6);
    }

    private static String firstFailure(OutcomeTally... tallies) {
        for (OutcomeTally tally : tallies) {
            if (tally.firstFailure() != null) {
                return tally.firstFailure();
            }
        }
        return null;
    }

    private static void line(StringBuilder out, String format, Object... args) {
        out.append(String.format(Locale.ROOT, format, args)).append(System.lineSeparator());
    }
}
