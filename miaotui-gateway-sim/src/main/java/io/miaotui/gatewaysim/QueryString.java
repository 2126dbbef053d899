package io.miaotui.gatewaysim;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/** Reads {@code a=1&b=2}. */
final class QueryString {
    private QueryString() {
    }

    /**
     * Percent-escapes are decoded but '+' is kept as a plus, not a space: the values here are ISO-8601 times, and
     * "2025-01-01T08:00:00+08:00" pasted unencoded into a URL must still mean UTC+8.
     *
     * @throws InvalidArgument naming the parameter when it is given twice or badly escaped
     */
    static Map<String, String> parse(String rawQuery) {
        Map<String, String> params = new HashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return params;
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq), "query");
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1), name);
            if (params.putIfAbsent(name, value) != null) {
                throw new InvalidArgument(name, "is given more than once");
            }
        }
        return params;
    }

    private static String decode(String raw, String field) {
        try {
            return URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new InvalidArgument(field, "is badly percent-escaped");
        }
    }
}
