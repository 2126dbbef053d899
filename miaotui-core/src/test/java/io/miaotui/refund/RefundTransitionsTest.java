package io.miaotui.refund;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.miaotui.money.Currency;
import io.miaotui.money.Money;
import io.miaotui.order.BuyerId;
import io.miaotui.order.LineId;
import io.miaotui.order.OrderId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class RefundTransitionsTest {

    private static final Instant CREATED = Instant.parse("2025-06-18T10:00:00Z");
    private static final Instant LATER = CREATED.plusSeconds(90);

    /** A refund sitting in {@code status}, built directly so every state can be a starting point. */
    private static Refund refundIn(RefundStatus status) {
        return new Refund(new RefundId("r-1"), new OrderId("o-1"), new LineId("l-1"), new BuyerId("b-1"),
                Money.of(100, Currency.CNY), "damaged", status,
                new RefundDecision(false, "taobao-unshipped", 1, "because"), CREATED,
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    }

    static Stream<RefundTransitions.Transition> rows() {
        return RefundTransitions.TABLE.stream();
    }

    static Stream<Arguments> pairsNotInTheTable() {
        var pairs = new ArrayList<Arguments>();
        for (RefundStatus status : RefundStatus.values()) {
            for (RefundEvent event : RefundEvent.values()) {
                boolean inTable = RefundTransitions.TABLE.stream()
                        .anyMatch(t -> t.from() == status && t.event() == event);
                if (!inTable) {
                    pairs.add(Arguments.of(status, event));
                }
            }
        }
        return pairs.stream();
    }

    @Test
    void the_table_is_exactly_the_eight_documented_transitions() {
        assertThat(RefundTransitions.TABLE).containsExactlyInAnyOrder(
                new RefundTransitions.Transition(RefundStatus.PENDING_MERCHANT_REVIEW, RefundEvent.MERCHANT_APPROVED,
                        RefundStatus.APPROVED),
                new RefundTransitions.Transition(RefundStatus.PENDING_MERCHANT_REVIEW, RefundEvent.MERCHANT_REJECTED,
                        RefundStatus.REJECTED),
                new RefundTransitions.Transition(RefundStatus.PENDING_MERCHANT_REVIEW, RefundEvent.REVIEW_TIMED_OUT,
                        RefundStatus.APPROVED),
                new RefundTransitions.Transition(RefundStatus.APPROVED, RefundEvent.PAYOUT_CONFIRMED,
                        RefundStatus.PAID),
                new RefundTransitions.Transition(RefundStatus.APPROVED, RefundEvent.PAYOUT_GAVE_UP,
                        RefundStatus.PAYOUT_FAILED),
                new RefundTransitions.Transition(RefundStatus.PAYOUT_FAILED, RefundEvent.OPERATOR_RETRIED,
                        RefundStatus.APPROVED),
                new RefundTransitions.Transition(RefundStatus.PAYOUT_FAILED, RefundEvent.OPERATOR_CLOSED_OFFLINE,
                        RefundStatus.REFUNDED_OFFLINE),
                new RefundTransitions.Transition(RefundStatus.PAYOUT_FAILED, RefundEvent.OPERATOR_CANCELLED,
                        RefundStatus.CANCELLED));
    }

    @Test
    void there_are_forty_eight_pairs_outside_the_table() {
        assertThat(pairsNotInTheTable()).hasSize(RefundStatus.values().length * RefundEvent.values().length - 8)
                .hasSize(48);
    }

    @Test
    void the_table_has_no_two_rows_for_the_same_status_and_event() {
        assertThat(RefundTransitions.TABLE.stream().map(t -> List.of(t.from(), t.event())).distinct())
                .hasSize(RefundTransitions.TABLE.size());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void every_row_of_the_table_is_reachable_through_refund_on(RefundTransitions.Transition row) {
        Refund after = refundIn(row.from()).on(row.event(), LATER);

        assertThat(after.status()).isEqualTo(row.to());
        assertThat(RefundTransitions.next(row.from(), row.event())).contains(row.to());
    }

    @ParameterizedTest(name = "{1} from {0} is illegal")
    @MethodSource("pairsNotInTheTable")
    void every_pair_outside_the_table_throws_illegal_refund_transition(RefundStatus status, RefundEvent event) {
        Refund refund = refundIn(status);

        assertThat(RefundTransitions.next(status, event)).isEmpty();
        assertThatThrownBy(() -> refund.on(event, LATER))
                .isInstanceOfSatisfying(IllegalRefundTransition.class, e -> assertThat(e.status()).isEqualTo(status))
                .hasMessageContaining("r-1")
                .hasMessageContaining(status.name())
                .hasMessageContaining(event.name());
        assertThatThrownBy(() -> refund.on(event, LATER, "no"))
                .isInstanceOf(IllegalRefundTransition.class);
    }

    @ParameterizedTest
    @EnumSource(RefundStatus.class)
    void pending_approved_and_failed_payout_refunds_are_open_paid_and_rejected_ones_are_not(RefundStatus status) {
        assertThat(status.isOpen()).isEqualTo(status == RefundStatus.PENDING_MERCHANT_REVIEW
                || status == RefundStatus.APPROVED || status == RefundStatus.PAYOUT_FAILED);
    }

    @ParameterizedTest
    @EnumSource(value = RefundStatus.class, names = {"PAID", "REJECTED"})
    void closed_refunds_accept_no_event(RefundStatus status) {
        for (RefundEvent event : RefundEvent.values()) {
            assertThat(RefundTransitions.next(status, event)).isEmpty();
        }
    }

    @Test
    @DisplayName("a payout confirmation may only leave from APPROVED")
    void source_of_payout_confirmed_is_approved() {
        assertThat(RefundTransitions.sourceOf(RefundEvent.PAYOUT_CONFIRMED)).isEqualTo(RefundStatus.APPROVED);
    }

    @Test
    void giving_up_on_a_payout_may_only_leave_from_approved_and_a_retry_only_from_payout_failed() {
        assertThat(RefundTransitions.sourceOf(RefundEvent.PAYOUT_GAVE_UP)).isEqualTo(RefundStatus.APPROVED);
        assertThat(RefundTransitions.sourceOf(RefundEvent.OPERATOR_RETRIED)).isEqualTo(RefundStatus.PAYOUT_FAILED);
    }

    @Test
    void merchant_decisions_may_only_leave_from_pending_review() {
        assertThat(RefundTransitions.sourceOf(RefundEvent.MERCHANT_APPROVED))
                .isEqualTo(RefundStatus.PENDING_MERCHANT_REVIEW);
        assertThat(RefundTransitions.sourceOf(RefundEvent.MERCHANT_REJECTED))
                .isEqualTo(RefundStatus.PENDING_MERCHANT_REVIEW);
    }
}
