package io.miaotui.report;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** A part of a whole as a number in [0, 1] with four decimals, half up; none (null) when the whole is 0. */
public final class Share {
    public static final int DECIMALS = 4;

    private Share() {
    }

    public static BigDecimal of(long part, long whole) {
        if (part < 0 || whole < 0 || part > whole) {
            throw new IllegalArgumentException("share of " + part + " in " + whole);
        }
        if (whole == 0) {
            return null;
        }
        return BigDecimal.valueOf(part).divide(BigDecimal.valueOf(whole), DECIMALS, RoundingMode.HALF_UP);
    }
}
