package io.miaotui.money;

import static org.assertj.core.api.Assertions.assertThat;

import io.miaotui.testing.Tries;
import org.junit.jupiter.api.Test;

class MoneyProperties {

    @Test
    void formatting_then_parsing_any_amount_up_to_a_trillion_yuan_gives_the_same_money() {
        Tries.check(1_000, gen -> {
            Money money = Money.of(gen.longs(0, 100_000_000_000_000L), Currency.CNY);

            assertThat(Money.parse(money.toDecimalString(), Currency.CNY)).isEqualTo(money);
        });
    }

    @Test
    void a_formatted_amount_always_has_exactly_two_decimals() {
        Tries.check(1_000, gen -> {
            long fen = gen.longs(0, 100_000_000_000_000L);

            assertThat(Money.of(fen, Currency.CNY).toDecimalString()).as("%d fen", fen)
                    .matches("(0|[1-9][0-9]*)\\.[0-9]{2}");
        });
    }

    @Test
    void plus_then_minus_the_same_amount_is_the_identity() {
        Tries.check(1_000, gen -> {
            long a = gen.longs(-1_000_000_000_000_000L, 1_000_000_000_000_000L);
            long b = gen.longs(-1_000_000_000_000_000L, 1_000_000_000_000_000L);
            Money x = Money.of(a, Currency.CNY);
            Money y = Money.of(b, Currency.CNY);

            assertThat(x.plus(y).minus(y)).as("%d + %d - %d", a, b, b).isEqualTo(x);
            assertThat(x.plus(y).minorUnits()).as("%d + %d", a, b).isEqualTo(a + b);
        });
    }
}
