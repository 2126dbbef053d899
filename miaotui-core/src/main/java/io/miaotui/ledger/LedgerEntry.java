package io.miaotui.ledger;

import io.miaotui.money.Money;
import io.miaotui.order.OrderId;
import io.miaotui.refund.RefundId;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One balanced movement of money: its postings sum to zero, so money is never made or lost, only moved.
 * Entries are appended, never changed; a correction is a new entry (TigerBeetle's rule).
 */
public record LedgerEntry(EntryKind kind, OrderId orderId, Optional<RefundId> refundId, List<Posting> postings) {

    public LedgerEntry {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(orderId, "orderId");
        Objects.requireNonNull(refundId, "refundId");
        postings = List.copyOf(postings);
        if (postings.size() < 2) {
            throw new IllegalArgumentException("an entry moves money between at least two accounts");
        }
        Money sum = Money.zero(postings.getFirst().amount().currency());
        for (Posting posting : postings) {
            sum = sum.plus(posting.amount());
        }
        if (!sum.isZero()) {
            throw new IllegalArgumentException(kind + " entry for order " + orderId + " does not balance: " + sum);
        }
    }

    /** What this entry changes the order's escrow by (negative when money leaves it). */
    public Money escrowChange() {
        Money change = Money.zero(postings.getFirst().amount().currency());
        Account escrow = Account.escrow(orderId);
        for (Posting posting : postings) {
            if (posting.account().equals(escrow)) {
                change = change.plus(posting.amount());
            }
        }
        return change;
    }
}
