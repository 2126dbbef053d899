package io.miaotui.money;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * An amount as a whole count of minor units (fen for CNY) with its currency. Never a double: arithmetic is exact
 * and overflow throws instead of wrapping.
 */
public record Money(long minorUnits, Currency currency) implements Comparable<Money> {

    /** Yuan with at most two decimals, no sign, no exponent, no leading zeros: "499", "499.5", "499.50". */
    private static final Pattern DECIMAL = Pattern.compile("(0|[1-9][0-9]{0,12})(\\.([0-9]{1,2}))?");

    public Money {
        Objects.requireNonNull(currency, "currency");
    }

    public static Money of(long minorUnits, Currency currency) {
        return new Money(minorUnits, currency);
    }

    public static Money zero(Currency currency) {
        return new Money(0, currency);
    }

    /** Parses a non-negative decimal string in major units; {@link InvalidAmountException} says what is wrong. */
    public static Money parse(String decimal, Currency currency) {
        if (decimal == null) {
            throw new InvalidAmountException("an amount is required");
        }
        var matcher = DECIMAL.matcher(decimal);
        if (!matcher.matches()) {
            throw new InvalidAmountException(
                    "'" + abbreviate(decimal) + "' is not an amount: use a decimal string with at most "
                            + currency.minorUnitDigits() + " decimals, such as \"499.00\"");
        }
        long major = Long.parseLong(matcher.group(1));
        String fraction = matcher.group(3) == null ? "" : matcher.group(3);
        long minor = fraction.isEmpty() ? 0 : Long.parseLong(fraction) * (fraction.length() == 1 ? 10 : 1);
        return new Money(Math.addExact(Math.multiplyExact(major, 100), minor), currency);
    }

    public Money plus(Money other) {
        requireSameCurrency(other);
        return new Money(Math.addExact(minorUnits, other.minorUnits), currency);
    }

    public Money minus(Money other) {
        requireSameCurrency(other);
        return new Money(Math.subtractExact(minorUnits, other.minorUnits), currency);
    }

    public boolean isZero() {
        return minorUnits == 0;
    }

    public boolean isPositive() {
        return minorUnits > 0;
    }

    public boolean isGreaterThan(Money other) {
        return compareTo(other) > 0;
    }

    public boolean isAtMost(Money other) {
        return compareTo(other) <= 0;
    }

    @Override
    public int compareTo(Money other) {
        requireSameCurrency(other);
        return Long.compare(minorUnits, other.minorUnits);
    }

    /** "499.00": the form JSON carries. */
    public String toDecimalString() {
        // Divide before taking signs so Long.MIN_VALUE formats too (Math.abs of it overflows).
        long major = minorUnits / 100;
        long minor = Math.abs(minorUnits % 100);
        String sign = minorUnits < 0 && major == 0 ? "-" : "";
        return sign + major + "." + (minor < 10 ? "0" : "") + minor;
    }

    @Override
    public String toString() {
        return toDecimalString() + " " + currency;
    }

    private void requireSameCurrency(Money other) {
        if (other.currency != currency) {
            throw new IllegalArgumentException("currency mismatch: " + currency + " vs " + other.currency);
        }
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "…";
    }
}
