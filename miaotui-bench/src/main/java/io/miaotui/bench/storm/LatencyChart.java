package io.miaotui.bench.storm;

import java.util.List;
import java.util.Locale;

/**
 * Draws latency-by-percentile curves as a small SVG: the percentile on a "nines" axis (50 %, 90 %, 99 %, 99.9 %,
 * 99.99 %, each the same distance apart, as HdrHistogram plots them) and the latency in ms on a log axis. One
 * polyline per series, a legend, no library.
 */
public final class LatencyChart {
    static final int WIDTH = 760;
    static final int HEIGHT = 440;
    static final int LEFT = 70;
    static final int RIGHT = 200;
    static final int TOP = 40;
    static final int BOTTOM = 50;
    static final double MAX_NINES = 4; // 99.99 %
    private static final String[] COLOURS = {"#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b",
            "#e377c2", "#17becf", "#7f7f7f", "#bcbd22", "#393b79", "#637939"};

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
        out.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\""
                + " viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"12\">%n", WIDTH, HEIGHT, WIDTH, HEIGHT));
        out.append(String.format(Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>%n", WIDTH, HEIGHT));
        out.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"22\" font-size=\"14\" font-weight=\"bold\">%s</text>%n",
                LEFT, escape(title)));
        // grid and axes
        for (int d = decadeLo; d <= decadeHi; d++) {
            double y = y(Math.pow(10, d), decadeLo, decadeHi);
            out.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#ddd\"/>%n",
                    LEFT, y, WIDTH - RIGHT, y));
            out.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s ms</text>%n",
                    LEFT - 6, y + 4, decadeLabel(d)));
        }
        String[] nines = {"0%", "90%", "99%", "99.9%", "99.99%"};
        for (int n = 0; n <= MAX_NINES; n++) {
            double x = x(n);
            out.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#ddd\"/>%n",
                    x, TOP, x, HEIGHT - BOTTOM));
            out.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>%n",
                    x, HEIGHT - BOTTOM + 18, nines[n]));
        }
        out.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">percentile</text>%n",
                (LEFT + WIDTH - RIGHT) / 2, HEIGHT - 10));
        out.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\""
                + " stroke=\"#333\"/>%n", LEFT, TOP, WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM));
        for (int i = 0; i < series.size(); i++) {
            Series s = series.get(i);
            String colour = COLOURS[i % COLOURS.length];
            StringBuilder points = new StringBuilder();
            for (Point p : s.points()) {
                points.append(String.format(Locale.ROOT, "%.1f,%.1f ", x(nines(p.percentile())),
                        y(Math.max(p.millis(), 0.01), decadeLo, decadeHi)));
            }
            out.append(String.format(Locale.ROOT, "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"2\""
                    + " points=\"%s\"><title>%s</title></polyline>%n", colour, points.toString().strip(), escape(s.name())));
            int ly = TOP + 10 + i * 18;
            out.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\""
                    + " stroke-width=\"3\"/>%n", WIDTH - RIGHT + 12, ly, WIDTH - RIGHT + 32, ly, colour));
            out.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\">%s</text>%n", WIDTH - RIGHT + 38, ly + 4,
                    escape(s.name())));
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
        double f = (Math.log10(millis) - decadeLo) / (decadeHi - decadeLo);
        return HEIGHT - BOTTOM - f * (HEIGHT - TOP - BOTTOM);
    }

    private static String decadeLabel(int d) {
        double v = Math.pow(10, d);
        return d >= 0 ? String.format(Locale.ROOT, "%,d", (long) v) : String.format(Locale.ROOT, "%s", v);
    }

    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
