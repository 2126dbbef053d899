package io.miaotui.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.miaotui.money.Currency;
import io.miaotui.money.Money;
import io.miaotui.order.BuyerId;
import io.miaotui.order.OrderId;
import io.miaotui.refund.RefundId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class LedgerEntryTest {

    private static final OrderId ORDER = new OrderId("O-1");
    private static final Account ESCROW = Account.escrow(ORDER);
    private static final Account BUYER = Account.buyer(new BuyerId("B-1"));

    private static Money fen(long minorUnits) {
        return Money.of(minorUnits, Currency.CNY);
    }

    private static LedgerEntry entry(List<Posting> postings) {
        return new LedgerEntry(EntryKind.PAYMENT, ORDER, Optional.empty(), postings);
    }

    @Nested
    class Postings {

        @Test
        void a_posting_keeps_its_account_and_signed_amount() {
            Posting out = new Posting(BUYER, fen(-100));

            assertThat(out.account()).isEqualTo(BUYER);
            assertThat(out.amount()).isEqualTo(fen(-100));
        }

        @Test
        void a_posting_of_zero_is_refused() {
            assertThatThrownBy(() -> new Posting(ESCROW, fen(0)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("moves money");
        }

        @Test
        void a_posting_needs_an_account_and_an_amount() {
            assertThatThrownBy(() -> new Posting(null, fen(1))).isInstanceOf(NullPointerException.class);
            assertThatThrownBy(() -> new Posting(ESCROW, null)).isInstanceOf(NullPointerException.class);
        }
    }

    @Nested
    class Balance {

        @Test
        void a_balanced_pair_of_postings_is_an_entry() {
            LedgerEntry entry = entry(List.of(new Posting(BUYER, fen(-100)), new Posting(ESCROW, fen(100))));

            assertThat(entry.postings()).extracting(Posting::amount).containsExactly(fen(-100), fen(100));
        }

        @Test
        void more_than_two_postings_may_balance_together() {
            LedgerEntry entry = entry(List.of(new Posting(BUYER, fen(-100)), new Posting(ESCROW, fen(70)),
                    new Posting(Account.REFUNDS_IN_FLIGHT, fen(30))));

            assertThat(entry.postings()).hasSize(3);
        }

        @Test
        void an_unbalanced_list_is_refused_naming_the_kind_order_and_difference() {
            List<Posting> unbalanced = List.of(new Posting(BUYER, fen(-100)), new Posting(ESCROW, fen(99)));

            assertThatThrownBy(() -> entry(unbalanced))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("does not balance")
                    .hasMessageContaining("PAYMENT")
                    .hasMessageContaining("O-1")
                    .hasMessageContaining("-0.01");
        }

        @Test
        void postings_that_all_move_money_the_same_way_are_refused() {
            assertThatThrownBy(() -> entry(List.of(new Posting(BUYER, fen(100)), new Posting(ESCROW, fen(100)))))
                    .isInstanceOf(IllegalArgumentException.class);
        }

        @Test
        void a_single_posting_is_refused() {
            assertThatThrownBy(() -> entry(List.of(new Posting(ESCROW, fen(100)))))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("at least two accounts");
        }

        @Test
        void no_postings_at_all_are_refused() {
            assertThatThrownBy(() -> entry(List.of())).isInstanceOf(IllegalArgumentException.class);
        }

        @Test
        void kind_order_refund_id_and_postings_are_required() {
            List<Posting> balanced = List.of(new Posting(BUYER, fen(-1)), new Posting(ESCROW, fen(1)));

            assertThatThrownBy(() -> new LedgerEntry(null, ORDER, Optional.empty(), balanced))
                    .isInstanceOf(NullPointerException.class);
            assertThatThrownBy(() -> new LedgerEntry(EntryKind.PAYMENT, null, Optional.empty(), balanced))
                    .isInstanceOf(NullPointerException.class);
            assertThatThrownBy(() -> new LedgerEntry(EntryKind.PAYMENT, ORDER, null, balanced))
                    .isInstanceOf(NullPointerException.class);
            assertThatThrownBy(() -> new LedgerEntry(EntryKind.PAYMENT, ORDER, Optional.empty(), null))
                    .isInstanceOf(NullPointerException.class);
        }

        @Test
        void an_entry_keeps_its_own_copy_of_the_postings_and_cannot_be_changed() {
            List<Posting> postings = new ArrayList<>(List.of(new Posting(BUYER, fen(-100)), new Posting(ESCROW,
                    fen(100))));
            LedgerEntry entry = entry(postings);

            postings.add(new Posting(ESCROW, fen(5)));

            assertThat(entry.postings()).hasSize(2);
            assertThatThrownBy(() -> entry.postings().add(new Posting(ESCROW, fen(5))))
                    .isInstanceOf(UnsupportedOperationException.class);
        }
    }

    @Nested
    class EscrowChange {

        @Test
        void money_into_the_order_escrow_is_a_positive_change() {
            LedgerEntry entry = entry(List.of(new Posting(BUYER, fen(-100)), new Posting(ESCROW, fen(100))));

            assertThat(entry.escrowChange()).isEqualTo(fen(100));
        }

        @Test
        void money_out_of_the_order_escrow_is_a_negative_change() {
            LedgerEntry entry = new LedgerEntry(EntryKind.REFUND_APPROVED, ORDER, Optional.of(new RefundId("R-1")),
                    List.of(new Posting(ESCROW, fen(-40)), new Posting(Account.REFUNDS_IN_FLIGHT, fen(40))));

            assertThat(entry.escrowChange()).isEqualTo(fen(-40));
        }

        @Test
        void an_entry_that_does_not_touch_the_escrow_changes_it_by_zero() {
            LedgerEntry entry = new LedgerEntry(EntryKind.PAYOUT_CONFIRMED, ORDER, Optional.of(new RefundId("R-1")),
                    List.of(new Posting(Account.REFUNDS_IN_FLIGHT, fen(-40)),
                            new Posting(Account.GATEWAY_CLEARING, fen(40))));

            assertThat(entry.escrowChange()).isEqualTo(fen(0));
        }

        @Test
        void only_the_escrow_of_the_entry_s_own_order_counts() {
            Account otherEscrow = Account.escrow(new OrderId("O-2"));
            LedgerEntry entry = entry(List.of(new Posting(otherEscrow, fen(-100)), new Posting(ESCROW, fen(60)),
                    new Posting(BUYER, fen(40))));

            assertThat(entry.escrowChange()).isEqualTo(fen(60));
        }

        @Test
        void several_postings_on_the_order_escrow_add_up() {
            LedgerEntry entry = entry(List.of(new Posting(BUYER, fen(-100)), new Posting(ESCROW, fen(70)),
                    new Posting(ESCROW, fen(30))));

            assertThat(entry.escrowChange()).isEqualTo(fen(100));
        }
    }
}
