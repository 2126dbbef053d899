package io.miaotui.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.miaotui.money.Currency;
import io.miaotui.money.Money;
import io.miaotui.order.BuyerId;
import io.miaotui.order.OrderId;
import io.miaotui.refund.RefundId;
import io.miaotui.shop.ShopId;
import java.util.function.LongFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class MoneyFlowsTest {

    private static final OrderId ORDER = new OrderId("O-1");
    private static final BuyerId BUYER = new BuyerId("B-1");
    private static final ShopId SHOP = new ShopId("S-1");
    private static final RefundId REFUND = new RefundId("R-1");

    private static final Account BUYER_ACCOUNT = Account.parse("buyer:B-1");
    private static final Account ESCROW = Account.parse("escrow:O-1");
    private static final Account MERCHANT = Account.parse("merchant:S-1");

    private static Money fen(long minorUnits) {
        return Money.of(minorUnits, Currency.CNY);
    }

    private static void assertMoves(LedgerEntry entry, Account from, Account to, long amount) {
        assertThat(entry.postings()).hasSize(2);
        assertThat(entry.postings().get(0)).isEqualTo(new Posting(from, fen(-amount)));
        assertThat(entry.postings().get(1)).isEqualTo(new Posting(to, fen(amount)));
        assertThat(entry.postings().get(0).amount().plus(entry.postings().get(1).amount()).isZero()).isTrue();
        assertThat(entry.orderId()).isEqualTo(ORDER);
    }

    @Test
    void a_payment_moves_the_total_from_the_buyer_into_escrow() {
        LedgerEntry entry = MoneyFlows.payment(ORDER, BUYER, fen(49900));

        assertThat(entry.kind()).isEqualTo(EntryKind.PAYMENT);
        assertThat(entry.refundId()).isEmpty();
        assertMoves(entry, BUYER_ACCOUNT, ESCROW, 49900);
        assertThat(entry.escrowChange()).isEqualTo(fen(49900));
    }

    @Test
    void an_approved_refund_moves_its_amount_from_escrow_into_refunds_in_flight() {
        LedgerEntry entry = MoneyFlows.refundApproved(REFUND, ORDER, fen(3000));

        assertThat(entry.kind()).isEqualTo(EntryKind.REFUND_APPROVED);
        assertThat(entry.refundId()).contains(REFUND);
        assertMoves(entry, ESCROW, Account.REFUNDS_IN_FLIGHT, 3000);
        assertThat(entry.escrowChange()).isEqualTo(fen(-3000));
    }

    @Test
    void a_confirmed_payout_moves_the_amount_from_refunds_in_flight_to_gateway_clearing_leaving_escrow_alone() {
        LedgerEntry entry = MoneyFlows.payoutConfirmed(REFUND, ORDER, fen(3000));

        assertThat(entry.kind()).isEqualTo(EntryKind.PAYOUT_CONFIRMED);
        assertThat(entry.refundId()).contains(REFUND);
        assertMoves(entry, Account.REFUNDS_IN_FLIGHT, Account.GATEWAY_CLEARING, 3000);
        assertThat(entry.escrowChange()).isEqualTo(fen(0));
    }

    @Test
    void a_failed_payout_moves_the_amount_from_refunds_in_flight_back_into_escrow() {
        LedgerEntry entry = MoneyFlows.payoutFailed(REFUND, ORDER, fen(3000));

        assertThat(entry.kind()).isEqualTo(EntryKind.PAYOUT_FAILED);
        assertThat(entry.refundId()).contains(REFUND);
        assertMoves(entry, Account.REFUNDS_IN_FLIGHT, ESCROW, 3000);
        assertThat(entry.escrowChange()).isEqualTo(fen(3000));
    }

    @Test
    void a_settlement_moves_the_amount_from_escrow_to_the_merchant() {
        LedgerEntry entry = MoneyFlows.settlement(ORDER, SHOP, fen(7000));

        assertThat(entry.kind()).isEqualTo(EntryKind.SETTLEMENT);
        assertThat(entry.refundId()).isEmpty();
        assertMoves(entry, ESCROW, MERCHANT, 7000);
        assertThat(entry.escrowChange()).isEqualTo(fen(-7000));
    }

    @Test
    void the_smallest_amount_one_fen_is_a_flow() {
        assertThat(MoneyFlows.settlement(ORDER, SHOP, fen(1)).escrowChange()).isEqualTo(fen(-1));
    }

    @Test
    void a_refund_s_approval_failure_and_approval_again_leave_escrow_where_one_approval_does() {
        Money net = Stream.of(MoneyFlows.refundApproved(REFUND, ORDER, fen(500)),
                        MoneyFlows.payoutFailed(REFUND, ORDER, fen(500)),
                        MoneyFlows.refundApproved(REFUND, ORDER, fen(500)))
                .map(LedgerEntry::escrowChange)
                .reduce(fen(0), Money::plus);

        assertThat(net).isEqualTo(fen(-500));
    }

    static Stream<Arguments> flows() {
        return Stream.of(
                Arguments.of("payment", (LongFunction<LedgerEntry>) a -> MoneyFlows.payment(ORDER, BUYER, fen(a))),
                Arguments.of("refundApproved",
                        (LongFunction<LedgerEntry>) a -> MoneyFlows.refundApproved(REFUND, ORDER, fen(a))),
                Arguments.of("payoutConfirmed",
                        (LongFunction<LedgerEntry>) a -> MoneyFlows.payoutConfirmed(REFUND, ORDER, fen(a))),
                Arguments.of("payoutFailed",
                        (LongFunction<LedgerEntry>) a -> MoneyFlows.payoutFailed(REFUND, ORDER, fen(a))),
                Arguments.of("settlement",
                        (LongFunction<LedgerEntry>) a -> MoneyFlows.settlement(ORDER, SHOP, fen(a))));
    }

    @ParameterizedTest(name = "{0} of zero is refused")
    @MethodSource("flows")
    void no_flow_moves_zero(String name, LongFunction<LedgerEntry> flow) {
        assertThatThrownBy(() -> flow.apply(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("positive amount");
    }

    @ParameterizedTest(name = "{0} of a negative amount is refused")
    @MethodSource("flows")
    void no_flow_moves_a_negative_amount(String name, LongFunction<LedgerEntry> flow) {
        assertThatThrownBy(() -> flow.apply(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> flow.apply(Long.MIN_VALUE)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest(name = "{0} of the largest amount balances")
    @MethodSource("flows")
    void every_flow_balances_even_at_the_largest_amount(String name, LongFunction<LedgerEntry> flow) {
        LedgerEntry entry = flow.apply(Long.MAX_VALUE);

        assertThat(entry.postings()).extracting(p -> p.amount().minorUnits())
                .containsExactly(-Long.MAX_VALUE, Long.MAX_VALUE);
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 99, 49900})
    void refund_flows_name_their_refund_and_order_flows_do_not(long amount) {
        assertThat(MoneyFlows.payment(ORDER, BUYER, fen(amount)).refundId()).isEmpty();
        assertThat(MoneyFlows.settlement(ORDER, SHOP, fen(amount)).refundId()).isEmpty();
        assertThat(MoneyFlows.refundApproved(REFUND, ORDER, fen(amount)).refundId()).contains(REFUND);
        assertThat(MoneyFlows.payoutConfirmed(REFUND, ORDER, fen(amount)).refundId()).contains(REFUND);
        assertThat(MoneyFlows.payoutFailed(REFUND, ORDER, fen(amount)).refundId()).contains(REFUND);
    }
}
