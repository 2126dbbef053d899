package io.miaotui.bench.storm;

import io.miaotui.bench.MiniJson;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes nested maps, lists, strings, numbers, booleans and nulls as indented JSON (the storm's results file).
 * Maps keep their iteration order; doubles are written with at most three decimals; NaN and infinities as null.
 */
public final class JsonOut {
    private JsonOut() {
    }

    public static String write(Object value) {
        StringBuilder out = new StringBuilder();
        write(out, value, 0);
        return out.append('\n').toString();
    }

    private static void write(StringBuilder out, Object value, int depth) {
        switch (value) {
            case null -> out.append("null");
            case String s -> out.append(MiniJson.quote(s));
            case Boolean b -> out.append(b);
            case Double d -> number(out, d);
            case Float f -> number(out, f.doubleValue());
            case Number n -> out.append(n.longValue());
            case Map<?, ?> map -> {
                if (map.isEmpty()) {
                    out.append("{}");
                    return;
                }
                out.append('{');
                boolean first = true;
                for (Map.Entry<?, ?> e : map.entrySet()) {
                    out.append(first ? "\n" : ",\n");
                    first = false;
                    indent(out, depth + 1);
                    out.append(MiniJson.quote(String.valueOf(e.getKey()))).append(": ");
                    write(out, e.getValue(), depth + 1);
                }
                out.append('\n');
                indent(out, depth);
                out.append('}');
            }
            case List<?> list -> {
                if (list.isEmpty()) {
                    out.append("[]");
                    return;
                }
                out.append('[');
                boolean first = true;
                for (Object item : list) {
                    out.append(first ? "\n" : ",\n");
                    first = false;
                    indent(out, depth + 1);
                    write(out, item, depth + 1);
                }
                out.append('\n');
                indent(out, depth);
                out.append(']');
            }
            default -> throw new IllegalArgumentException("not a JSON value: " + value.getClass());
        }
    }

    private static void number(StringBuilder out, double d) {
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            out.append("null");
        } else if (d == Math.rint(d) && Math.abs(d) < 1e15) {
            out.append((long) d);
        } else {
            String s = String.format(Locale.ROOT, "%.3f", d);
            s = s.replaceAll("0+$", "");
            out.append(s.endsWith(".") ? s.substring(0, s.length() - 1) : s);
        }
    }

    private static void indent(StringBuilder out, int depth) {
        out.append("  ".repeat(depth));
    }
}
