package io.miaotui.money;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class MoneyTest {

    private static Money fen(long minorUnits) {
        return Money.of(minorUnits, Currency.CNY);
    }

    @Nested
    class Parsing {

        @ParameterizedTest(name = "\"{0}\" parses to {1} fen")
        @CsvSource({
                "499,       49900",
                "499.5,     49950",
                "499.50,    49950",
                "499.05,    49905",
                "0,         0",
                "0.0,       0",
                "0.01,      1",
                "0.1,       10",
                "9999999999999.99, 999999999999999"
        })
        void a_plain_decimal_string_with_at_most_two_decimals_parses_to_exact_fen(String text, long expectedFen) {
            assertThat(Money.parse(text, Currency.CNY)).isEqualTo(fen(expectedFen));
        }

        @Test
        void a_parsed_amount_carries_the_requested_currency() {
            assertThat(Money.parse("1.23", Currency.CNY).currency()).isEqualTo(Currency.CNY);
        }

        @ParameterizedTest(name = "\"{0}\" is rejected")
        @ValueSource(strings = {
                "-1", "-0.01", "1e3", "1E3", "NaN", "Infinity", "1.234", "01", "00", "00.5", " 1", "1 ", "1,00",
                "+1", "１", "１.00", "٣", ".5", "5.", "1.2.3", "0x10", "1_000", "\t1", "1\n", "49 9", "¥499"
        })
        void anything_that_is_not_a_plain_non_negative_decimal_is_rejected(String text) {
            assertThatThrownBy(() -> Money.parse(text, Currency.CNY))
                    .isInstanceOf(InvalidAmountException.class)
                    .hasMessageContaining("is not an amount");
        }

        @ParameterizedTest(name = "[{index}] null or empty is rejected")
        @NullAndEmptySource
        void a_missing_or_empty_amount_is_rejected(String text) {
            assertThatThrownBy(() -> Money.parse(text, Currency.CNY))
                    .isInstanceOf(InvalidAmountException.class);
        }

        @Test
        void null_is_rejected_with_a_message_saying_an_amount_is_required() {
            assertThatThrownBy(() -> Money.parse(null, Currency.CNY))
                    .isInstanceOf(InvalidAmountException.class)
                    .hasMessage("an amount is required");
        }

        @ParameterizedTest(name = "{0} digits are rejected")
        @ValueSource(ints = {14, 19, 20, 40, 10_000})
        void absurdly_long_digit_strings_are_rejected_not_overflowed(int digits) {
            String text = "9".repeat(digits);
            assertThatThrownBy(() -> Money.parse(text, Currency.CNY))
                    .isInstanceOf(InvalidAmountException.class);
        }

        @Test
        void the_longest_accepted_integer_part_is_thirteen_digits() {
            assertThat(Money.parse("1" + "0".repeat(12), Currency.CNY)).isEqualTo(fen(100_000_000_000_000L));
            assertThatThrownBy(() -> Money.parse("1" + "0".repeat(13), Currency.CNY))
                    .isInstanceOf(InvalidAmountException.class);
        }

        @Test
        void the_rejection_message_abbreviates_a_huge_input() {
            String text = "1".repeat(10_000);
            assertThatThrownBy(() -> Money.parse(text, Currency.CNY))
                    .isInstanceOf(InvalidAmountException.class)
                    .message()
                    .hasSizeLessThan(200)
                    .contains("…");
        }

        @Test
        void an_invalid_amount_is_an_illegal_argument() {
            assertThatThrownBy(() -> Money.parse("abc", Currency.CNY)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Nested
    class Formatting {

        @ParameterizedTest(name = "{0} fen formats as \"{1}\"")
        @CsvSource({
                "49950, 499.50",
                "49900, 499.00",
                "49905, 499.05",
                "5,     0.05",
                "50,    0.50",
                "0,     0.00",
                "1,     0.01",
                "100,   1.00",
                "-5,    -0.05",
                "-12345, -123.45",
                "-9223372036854775808, -92233720368547758.08",
                "9223372036854775807, 92233720368547758.07",
                "-49950, -499.50"
        })
        void to_decimal_string_always_shows_two_decimals(long minorUnits, String expected) {
            assertThat(fen(minorUnits).toDecimalString()).isEqualTo(expected);
        }

        @Test
        void to_string_appends_the_currency_code() {
            assertThat(fen(49950).toString()).isEqualTo("499.50 CNY");
        }
    }

    @Nested
    class Arithmetic {

        @Test
        void plus_adds_exactly() {
            assertThat(fen(49950).plus(fen(51))).isEqualTo(fen(50001));
        }

        @Test
        void minus_subtracts_exactly_and_may_go_negative() {
            assertThat(fen(50001).minus(fen(51))).isEqualTo(fen(49950));
            assertThat(fen(1).minus(fen(2))).isEqualTo(fen(-1));
        }

        @Test
        void plus_overflow_throws_instead_of_wrapping() {
            assertThatThrownBy(() -> fen(Long.MAX_VALUE).plus(fen(1))).isInstanceOf(ArithmeticException.class);
        }

        @Test
        void minus_overflow_throws_instead_of_wrapping() {
            assertThatThrownBy(() -> fen(Long.MIN_VALUE).minus(fen(1))).isInstanceOf(ArithmeticException.class);
        }

        @Test
        void zero_is_zero_and_not_positive() {
            Money zero = Money.zero(Currency.CNY);
            assertThat(zero).isEqualTo(fen(0));
            assertThat(zero.isZero()).isTrue();
            assertThat(zero.isPositive()).isFalse();
            assertThat(fen(1).isZero()).isFalse();
            assertThat(fen(1).isPositive()).isTrue();
            assertThat(fen(-1).isPositive()).isFalse();
        }

        @Test
        void comparisons_follow_the_minor_units() {
            assertThat(fen(50001).isGreaterThan(fen(50000))).isTrue();
            assertThat(fen(50000).isGreaterThan(fen(50000))).isFalse();
            assertThat(fen(50000).isAtMost(fen(50000))).isTrue();
            assertThat(fen(50001).isAtMost(fen(50000))).isFalse();
            assertThat(fen(-1).compareTo(fen(0))).isNegative();
        }

        @Test
        void a_currency_is_required() {
            assertThatThrownBy(() -> Money.of(1, null)).isInstanceOf(NullPointerException.class);
        }
    }

    /**
     * Currency has a single constant today, so a second currency is forged here (an uninitialised instance of the
     * enum, distinct from CNY) to prove that mixing currencies is refused rather than silently added.
     */
    @Nested
    class Currencies {

        @Test
        void cny_has_two_minor_unit_digits() {
            assertThat(Currency.CNY.minorUnitDigits()).isEqualTo(2);
        }

        @Test
        void a_currency_is_found_by_its_iso_code() {
            assertThat(Currency.ofCode("CNY")).isEqualTo(Currency.CNY);
        }

        @ParameterizedTest(name = "\"{0}\" is unsupported")
        @ValueSource(strings = {"USD", "cny", "", " CNY"})
        void an_unknown_code_is_rejected_naming_the_code(String code) {
            assertThatThrownBy(() -> Currency.ofCode(code))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("'" + code + "'");
        }
    }
}
