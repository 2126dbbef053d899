package io.miaotui.money;

/**
 * The currencies Miaotui settles in. Each fixes its minor-unit scale up front, so an amount is always a whole
 * count of minor units (TigerBeetle's "asset scale"); adding a currency is adding a constant here.
 */
public enum Currency {
    CNY(2);

    private final int minorUnitDigits;

    Currency(int minorUnitDigits) {
        this.minorUnitDigits = minorUnitDigits;
    }

    public int minorUnitDigits() {
        return minorUnitDigits;
    }

    /** The currency for an ISO 4217 code, or an {@link IllegalArgumentException} naming the code. */
    public static Currency ofCode(String code) {
        for (Currency currency : values()) {
            if (currency.name().equals(code)) {
                return currency;
            }
        }
        throw new IllegalArgumentException("unsupported currency '" + code + "' (supported: CNY)");
    }
}
