package io.miaotui.bench.storm;

import java.util.Locale;

/**
 * What the storm's charts share: the canvas and its margins, a latency axis in decades of milliseconds, the plot's
 * frame, a curve with its legend entry. Each chart chooses its own horizontal axis.
 */
final class SvgFrame {
    static final int WIDTH = 760;
    static final int HEIGHT = 440;
    static final int LEFT = 70;
    static final int RIGHT = 200;
    static final int TOP = 40;
    static final int BOTTOM = 50;
    private static final String[] COLOURS = {"#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b",
            "#e377c2", "#17becf", "#7f7f7f", "#bcbd22", "#393b79", "#637939"};

    private SvgFrame() {
    }

    /** The document's start: its size, a white background and the title. */
    static void open(StringBuilder out, String title) {
        out.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\""
                + " viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"12\">%n", WIDTH, HEIGHT, WIDTH, HEIGHT));
        out.append(String.format(Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>%n", WIDTH, HEIGHT));
        out.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"22\" font-size=\"14\" font-weight=\"bold\">%s</text>%n",
                LEFT, escape(title)));
    }

    /** A grid line and a label at each power of ten from {@code 10^decadeLo} to {@code 10^decadeHi} ms. */
    static void millisAxis(StringBuilder out, int decadeLo, int decadeHi) {
        for (int d = decadeLo; d <= decadeHi; d++) {
            double y = y(Math.pow(10, d), decadeLo, decadeHi);
            out.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#ddd\"/>%n",
                    LEFT, y, WIDTH - RIGHT, y));
            out.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s ms</text>%n",
                    LEFT - 6, y + 4, decadeLabel(d)));
        }
    }

    /** A vertical grid line at {@code x} with its label under the plot. */
    static void tick(StringBuilder out, double x, String label) {
        out.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#ddd\"/>%n",
                x, TOP, x, HEIGHT - BOTTOM));
        out.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>%n",
                x, HEIGHT - BOTTOM + 18, escape(label)));
    }

    /** The horizontal axis's name and the plot's border. */
    static void frame(StringBuilder out, String xAxisName) {
        out.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">%s</text>%n",
                (LEFT + WIDTH - RIGHT) / 2, HEIGHT - 10, escape(xAxisName)));
        out.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\""
                + " stroke=\"#333\"/>%n", LEFT, TOP, WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM));
    }

    static String colour(int index) {
        return COLOURS[index % COLOURS.length];
    }

    /** Series {@code index}: its polyline through {@code points} ("x,y x,y") and its legend entry. */
    static void curve(StringBuilder out, int index, String name, String points) {
        String colour = colour(index);
        out.append(String.format(Locale.ROOT, "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"2\""
                + " points=\"%s\"><title>%s</title></polyline>%n", colour, points.strip(), escape(name)));
        int ly = TOP + 10 + index * 18;
        out.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\""
                + " stroke-width=\"3\"/>%n", WIDTH - RIGHT + 12, ly, WIDTH - RIGHT + 32, ly, colour));
        out.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\">%s</text>%n", WIDTH - RIGHT + 38, ly + 4,
                escape(name)));
    }

    /** Where {@code millis} sits on the log axis from {@code 10^decadeLo} (bottom) to {@code 10^decadeHi} (top). */
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
