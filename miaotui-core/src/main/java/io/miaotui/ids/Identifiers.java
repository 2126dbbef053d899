package io.miaotui.ids;

/**
 * The one rule for ids that come from outside (order, line, shop, buyer ids, idempotency keys): 1 to 64 characters,
 * no control or invisible formatting characters (zero-width spaces), no surrounding white space of any kind. Checked once at the edge so everything inside can trust them.
 */
public final class Identifiers {
    public static final int MAX_LENGTH = 64;

    private Identifiers() {
    }

    /** Why {@code value} is not a valid id, or null when it is. */
    public static String problemWith(String value) {
        if (value == null || value.isEmpty()) {
            return "is required";
        }
        if (value.length() > MAX_LENGTH) {
            return "must be at most " + MAX_LENGTH + " characters";
        }
        if (isBlank(value.codePointAt(0)) || isBlank(value.codePointBefore(value.length()))) {
            return "must not start or end with white space";
        }
        for (int i = 0; i < value.length(); i++) {
            int type = Character.getType(value.charAt(i));
            if (type == Character.CONTROL || type == Character.FORMAT) {
                return "must not contain control or invisible formatting characters";
            }
        }
        return null;
    }

    private static boolean isBlank(int codePoint) {
        return Character.isWhitespace(codePoint) || Character.isSpaceChar(codePoint);
    }

    /** Returns {@code value}, or throws {@link IllegalArgumentException} naming {@code what}. */
    public static String require(String what, String value) {
        String problem = problemWith(value);
        if (problem != null) {
            throw new IllegalArgumentException(what + " " + problem);
        }
        return value;
    }
}
