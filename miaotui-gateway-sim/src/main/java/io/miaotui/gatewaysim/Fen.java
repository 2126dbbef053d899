package io.miaotui.gatewaysim;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Money is whole fen (1/100 yuan) in a {@code long} inside the simulator, so sums and comparisons are exact; on the
 * wire it is a plain decimal string in yuan, the way Alipay writes it: "40", "40.5" and "40.50" are read, "40.00"
 * is written.
 */
public final class Fen {
    /**
     * Digits only: no sign, no exponent, at most two decimals. Thirteen integer digits keep any amount far inside a
     * long and far above any real refund.
     */
    private static final Pattern YUAN = Pattern.compile("([0-9]{1,13})(?:\\.([0-9]{1,2}))?");

    private Fen() {
    }

    /**
     * Reads a yuan amount such as "40.5" as fen (4050).
     *
     * @throws IllegalArgumentException when the text is not digits with at most two decimals
     */
    public static long parse(String yuan) {
        Matcher m = YUAN.matcher(yuan);
        if (!m.matches()) {
            throw new IllegalArgumentException("must be a yuan amount with at most 2 decimals and no sign or"
                    + " exponent, like \"40.00\", got \"" + yuan + "\"");
        }
        long whole = Long.parseLong(m.group(1));
        String decimals = m.group(2) == null ? "" : m.group(2);
        long fraction = switch (decimals.length()) {
            case 0 -> 0;
            case 1 -> Long.parseLong(decimals) * 10;
            default -> Long.parseLong(decimals);
        };
        return whole * 100 + fraction;
    }

    /** Writes fen as yuan with exactly two decimals: 4050 becomes "40.50". */
    public static String format(long fen) {
        if (fen < 0) {
            throw new IllegalArgumentException("negative amount: " + fen + " fen");
        }
        long fraction = fen % 100;
        return (fen / 100) + (fraction < 10 ? ".0" : ".") + fraction;
    }
}
