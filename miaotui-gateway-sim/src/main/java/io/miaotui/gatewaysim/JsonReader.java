package io.miaotui.gatewaysim;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the only JSON this simulator speaks: one object whose values are strings, numbers ({@link BigDecimal}),
 * booleans, null, or an array of such flat objects. Anything deeper is refused rather than half-read, and a repeated
 * key is refused too, since on a payment API "which of the two amounts did you mean" has no safe answer.
 */
final class JsonReader {
    private final String text;
    private int pos;

    private JsonReader(String text) {
        this.text = text;
    }

    /** Text that is not one JSON object of the supported shape. */
    static final class MalformedJson extends IllegalArgumentException {
        MalformedJson(String message) {
            super(message);
        }
    }

    /** Parses {@code text} as one object; values keep their order and may be null. */
    static Map<String, Object> parse(String text) {
        JsonReader reader = new JsonReader(text);
        reader.skipSpace();
        if (reader.peek() != '{') {
            throw reader.error("expected an object");
        }
        Map<String, Object> object = reader.object(true);
        reader.skipSpace();
        if (reader.pos != text.length()) {
            throw reader.error("trailing characters");
        }
        return object;
    }

    private Map<String, Object> object(boolean topLevel) {
        Map<String, Object> object = new LinkedHashMap<>();
        pos++; // {
        skipSpace();
        if (peek() == '}') {
            pos++;
            return Collections.unmodifiableMap(object);
        }
        while (true) {
            skipSpace();
            if (peek() != '"') {
                throw error("expected a field name");
            }
            String key = string();
            if (object.containsKey(key)) {
                throw error("duplicate field \"" + key + "\"");
            }
            skipSpace();
            expect(':');
            skipSpace();
            object.put(key, topLevel ? topLevelValue() : scalar());
            skipSpace();
            char c = next();
            if (c == '}') {
                return Collections.unmodifiableMap(object);
            }
            if (c != ',') {
                throw error("expected ',' or '}'");
            }
        }
    }

    private Object topLevelValue() {
        return peek() == '[' ? array() : scalar();
    }

    private List<Map<String, Object>> array() {
        List<Map<String, Object>> rows = new ArrayList<>();
        pos++; // [
        skipSpace();
        if (peek() == ']') {
            pos++;
            return List.copyOf(rows);
        }
        while (true) {
            skipSpace();
            if (peek() != '{') {
                throw error("arrays may only hold objects");
            }
            rows.add(object(false));
            skipSpace();
            char c = next();
            if (c == ']') {
                return List.copyOf(rows);
            }
            if (c != ',') {
                throw error("expected ',' or ']'");
            }
        }
    }

    private Object scalar() {
        char c = peek();
        return switch (c) {
            case '"' -> string();
            case 't' -> literal("true", Boolean.TRUE);
            case 'f' -> literal("false", Boolean.FALSE);
            case 'n' -> literal("null", null);
            case '{', '[' -> throw error("nested values are not supported here");
            default -> {
                if (c == '-' || (c >= '0' && c <= '9')) {
                    yield number();
                }
                throw error("unexpected '" + c + "'");
            }
        };
    }

    private String string() {
        pos++; // opening quote
        StringBuilder out = new StringBuilder();
        while (true) {
            char c = next();
            if (c == '"') {
                return out.toString();
            }
            if (c < 0x20) {
                throw error("control character in string");
            }
            if (c != '\\') {
                out.append(c);
                continue;
            }
            char escaped = next();
            switch (escaped) {
                case '"', '\\', '/' -> out.append(escaped);
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                case 'u' -> out.append(unicodeEscape());
                default -> throw error("bad escape \\" + escaped);
            }
        }
    }

    private char unicodeEscape() {
        if (pos + 4 > text.length()) {
            throw error("short \\u escape");
        }
        int code = 0;
        for (int i = 0; i < 4; i++) {
            int digit = Character.digit(text.charAt(pos + i), 16);
            if (digit < 0) {
                throw error("bad \\u escape");
            }
            code = code * 16 + digit;
        }
        pos += 4;
        return (char) code;
    }

    /** JSON's number grammar exactly: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)? */
    private BigDecimal number() {
        int start = pos;
        if (peekIs('-')) {
            pos++;
        }
        if (peekIs('0')) {
            pos++;
        } else {
            digits();
        }
        if (peekIs('.')) {
            pos++;
            digits();
        }
        if (peekIs('e') || peekIs('E')) {
            pos++;
            if (peekIs('+') || peekIs('-')) {
                pos++;
            }
            digits();
        }
        try {
            return new BigDecimal(text.substring(start, pos));
        } catch (NumberFormatException e) {
            // Only an exponent beyond int range gets here; the grammar above already held.
            throw error("number out of range");
        }
    }

    private void digits() {
        int start = pos;
        while (pos < text.length() && text.charAt(pos) >= '0' && text.charAt(pos) <= '9') {
            pos++;
        }
        if (pos == start) {
            throw error("expected a digit");
        }
    }

    private Object literal(String word, Object value) {
        if (!text.startsWith(word, pos)) {
            throw error("expected " + word);
        }
        pos += word.length();
        return value;
    }

    private void skipSpace() {
        while (pos < text.length() && " \t\r\n".indexOf(text.charAt(pos)) >= 0) {
            pos++;
        }
    }

    private boolean peekIs(char c) {
        return pos < text.length() && text.charAt(pos) == c;
    }

    private char peek() {
        if (pos >= text.length()) {
            throw error("unexpected end");
        }
        return text.charAt(pos);
    }

    private char next() {
        char c = peek();
        pos++;
        return c;
    }

    private void expect(char c) {
        if (next() != c) {
            throw error("expected '" + c + "'");
        }
    }

    private MalformedJson error(String what) {
        return new MalformedJson(what + " at offset " + pos);
    }
}
