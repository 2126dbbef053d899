package io.miaotui.ledger;

import io.miaotui.money.Money;
import java.util.Objects;

/** Money into ({@code amount > 0}) or out of ({@code amount < 0}) one account, as part of a balanced entry. */
public record Posting(Account account, Money amount) {
    public Posting {
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(amount, "amount");
        if (amount.isZero()) {
            throw new IllegalArgumentException("a posting moves money");
        }
    }
}
