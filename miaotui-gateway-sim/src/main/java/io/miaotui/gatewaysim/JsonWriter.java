package io.miaotui.gatewaysim;

import java.util.List;

/**
 * Builds one JSON object field by field, in the order written, with at most flat objects inside an array: the only
 * shapes the simulator answers with. A builder is used by one thread and thrown away.
 */
final class JsonWriter {
    private final StringBuilder fields = new StringBuilder();

    private JsonWriter() {
    }

    static JsonWriter object() {
        return new JsonWriter();
    }

    JsonWriter put(String key, String value) {
        return raw(key, value == null ? "null" : quote(value));
    }

    JsonWriter put(String key, long value) {
        return raw(key, Long.toString(value));
    }

    /** Rates only, which {@link Faults} keeps finite; JSON has no NaN or infinity. */
    JsonWriter put(String key, double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException(key + " is not finite: " + value);
        }
        return raw(key, Double.toString(value));
    }

    JsonWriter put(String key, List<JsonWriter> rows) {
        StringBuilder array = new StringBuilder("[");
        for (int i = 0; i < rows.size(); i++) {
            if (i > 0) {
                array.append(',');
            }
            array.append(rows.get(i).toJson());
        }
        return raw(key, array.append(']').toString());
    }

    String toJson() {
        return "{" + fields + "}";
    }

    @Override
    public String toString() {
        return toJson();
    }

    private JsonWriter raw(String key, String json) {
        if (!fields.isEmpty()) {
            fields.append(',');
        }
        fields.append(quote(key)).append(':').append(json);
        return this;
    }

    static String quote(String value) {
        StringBuilder out = new StringBuilder(value.length() + 2).append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
