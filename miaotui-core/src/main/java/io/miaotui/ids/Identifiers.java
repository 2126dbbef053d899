package io.miaotui.ids;

/**
 * The one rule for ids that come from outside (order, line, shop, buyer ids, idempotency keys): 1 to 64 characters,
 * no control characters, no surrounding white space. Checked once at the edge so everything inside can trust them.
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
        if (!value.strip().equals(value)) {
            return "must not start or end with white space";
        }
        for (int i = 0; i < value.length(); i++) {
            if (Character.isISOControl(value.charAt(i))) {
                return "must not contain control characters";
            }
        }
        return null;
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
