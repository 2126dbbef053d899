package io.miaotui.money;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;

class MoneyProperties {

    @Property
    void formatting_then_parsing_any_amount_up_to_a_trillion_yuan_gives_the_same_money(
            @ForAll @LongRange(min = 0, max = 100_000_000_000_000L) long fen) {
        Money money = Money.of(fen, Currency.CNY);

        assertThat(Money.parse(money.toDecimalString(), Currency.CNY)).isEqualTo(money);
    }

    @Property
    void a_formatted_amount_always_has_exactly_two_decimals(
            @ForAll @LongRange(min = 0, max = 100_000_000_000_000L) long fen) {
        assertThat(Money.of(fen, Currency.CNY).toDecimalString()).matches("(0|[1-9][0-9]*)\\.[0-9]{2}");
    }

    @Property
    void plus_then_minus_the_same_amount_is_the_identity(
            @ForAll @LongRange(min = -1_000_000_000_000_000L, max = 1_000_000_000_000_000L) long a,
            @ForAll @LongRange(min = -1_000_000_000_000_000L, max = 1_000_000_000_000_000L) long b) {
        Money x = Money.of(a, Currency.CNY);
        Money y = Money.of(b, Currency.CNY);

        assertThat(x.plus(y).minus(y)).isEqualTo(x);
        assertThat(x.plus(y).minorUnits()).isEqualTo(a + b);
    }
}
