package io.miaotui.bench.storm;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Draws the p99 against the rate served, one curve per storm (the service's refunds alone, the raw SQL), with
 * the 25 ms target as a dashed line: where a curve crosses it is the rate up to which that storm meets the
 * target on this machine. Rate on a linear axis from 0, latency on a log axis; a small SVG, no library.
 */
public final class LoadCurveChart {
    static final double TARGET_MS = 25;

    /** A rate served (per second) and the p99 (ms, positive) at it. */
    public record Point(double perSecond, double p99Millis) {
    }

    public record Series(String name, List<Point> points) {
    }

    private LoadCurveChart() {
    }

    public static String svg(String title, List<Series> series) {
        double maxRate = 1;
        double lo = TARGET_MS;
        double hi = TARGET_MS;
        for (Series s : series) {
            for (Point p : s.points()) {
                maxRate = Math.max(maxRate, p.perSecond());
                lo = Math.min(lo, Math.max(p.p99Millis(), 0.01));
                hi = Math.max(hi, Math.max(p.p99Millis(), 0.01));
            }
        }
        int decadeLo = (int) Math.floor(Math.log10(lo));
        int decadeHi = Math.max(decadeLo + 1, (int) Math.ceil(Math.log10(hi)));
        double rateTop = niceCeiling(maxRate);
        StringBuilder out = new StringBuilder();
        SvgFrame.open(out, title);
        SvgFrame.millisAxis(out, decadeLo, decadeHi);
        for (int tick = 0; tick <= 4; tick++) {
            double rate = rateTop * tick / 4;
            SvgFrame.tick(out, x(rate, rateTop), String.format(Locale.ROOT, "%,.0f", rate));
        }
        SvgFrame.frame(out, "refunds a second served (open loop)");
        double target = SvgFrame.y(TARGET_MS, decadeLo, decadeHi);
        out.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#555\""
                + " stroke-dasharray=\"6 4\"/>%n", SvgFrame.LEFT, target, SvgFrame.WIDTH - SvgFrame.RIGHT, target));
        out.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" fill=\"#555\">p99 target 25 ms</text>%n",
                SvgFrame.LEFT + 6, target - 5));
        for (int i = 0; i < series.size(); i++) {
            Series s = series.get(i);
            StringBuilder points = new StringBuilder();
            for (Point p : s.points().stream().sorted(Comparator.comparingDouble(Point::perSecond)).toList()) {
                double x = x(p.perSecond(), rateTop);
                double y = SvgFrame.y(Math.max(p.p99Millis(), 0.01), decadeLo, decadeHi);
                points.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
                out.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\"><title>%,.0f/s:"
                        + " p99 %.1f ms</title></circle>%n", x, y, SvgFrame.colour(i), p.perSecond(), p.p99Millis()));
            }
            SvgFrame.curve(out, i, s.name(), points.toString());
        }
        return out.append("</svg>\n").toString();
    }

    /** The axis's top: 1, 2 or 5 times a power of ten, at or above {@code value}. */
    static double niceCeiling(double value) {
        double decade = Math.pow(10, Math.floor(Math.log10(value)));
        for (double step : new double[] {1, 2, 5}) {
            if (step * decade >= value) {
                return step * decade;
            }
        }
        return 10 * decade;
    }

    static double x(double perSecond, double rateTop) {
        return SvgFrame.LEFT + perSecond / rateTop * (SvgFrame.WIDTH - SvgFrame.LEFT - SvgFrame.RIGHT);
    }
}
