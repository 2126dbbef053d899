package io.miaotui.bench.storm;

import java.util.List;
import java.util.Locale;

/**
 * Draws latency-by-percentile curves as a small SVG: the percentile on a "nines" axis (50 %, 90 %, 99 %, 99.9 %,
 * 99.99 %, each the same distance apart, as HdrHistogram plots them) and the latency in ms on a log axis. One
 * polyline per series, a legend, no library.
 */
public final class LatencyChart {
    static final int WIDTH = SvgFrame.WIDTH;
    static final int HEIGHT = SvgFrame.HEIGHT;
    static final int LEFT = SvgFrame.LEFT;
    static final int RIGHT = SvgFrame.RIGHT;
    static final int TOP = SvgFrame.TOP;
    static final int BOTTOM = SvgFrame.BOTTOM;
    static final double MAX_NINES = 4; // 99.99 %

    /** A latency (ms, positive) at a percentile (0 to 99.99). */
    public record Point(double percentile, double millis) {
    }

    public record Series(String name, List<Point> points) {
    }

    private LatencyChart() {
    }

    /** The percentiles a curve is sampled at. */
    public static final double[] PERCENTILES = {50, 75, 90, 95, 99, 99.5, 99.9, 99.95, 99.99};

    public static String svg(String title, List<Series> series) {
        double lo = Double.MAX_VALUE;
        double hi = Double.MIN_VALUE;
        for (Series s : series) {
            for (Point p : s.points()) {
                lo = Math.min(lo, Math.max(p.millis(), 0.01));
                hi = Math.max(hi, Math.max(p.millis(), 0.01));
            }
        }
        if (lo > hi) {
            lo = 1;
            hi = 10;
        }
        int decadeLo = (int) Math.floor(Math.log10(lo));
        int decadeHi = Math.max(decadeLo + 1, (int) Math.ceil(Math.log10(hi)));
        StringBuilder out = new StringBuilder();
        SvgFrame.open(out, title);
        SvgFrame.millisAxis(out, decadeLo, decadeHi);
        String[] nines = {"0%", "90%", "99%", "99.9%", "99.99%"};
        for (int n = 0; n <= MAX_NINES; n++) {
            SvgFrame.tick(out, x(n), nines[n]);
        }
        SvgFrame.frame(out, "percentile");
        for (int i = 0; i < series.size(); i++) {
            Series s = series.get(i);
            StringBuilder points = new StringBuilder();
            for (Point p : s.points()) {
                points.append(String.format(Locale.ROOT, "%.1f,%.1f ", x(nines(p.percentile())),
                        y(Math.max(p.millis(), 0.01), decadeLo, decadeHi)));
            }
            SvgFrame.curve(out, i, s.name(), points.toString());
        }
        return out.append("</svg>\n").toString();
    }

    /** 90 → 1, 99 → 2, 99.9 → 3: how many nines, capped at {@link #MAX_NINES}. */
    static double nines(double percentile) {
        double rest = 1 - percentile / 100;
        return rest <= Math.pow(10, -MAX_NINES) ? MAX_NINES : -Math.log10(rest);
    }

    static double x(double nines) {
        return LEFT + nines / MAX_NINES * (WIDTH - LEFT - RIGHT);
    }

    static double y(double millis, int decadeLo, int decadeHi) {
        return SvgFrame.y(millis, decadeLo, decadeHi);
    }
}
