package io.miaotui.refund;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.miaotui.money.Currency;
import io.miaotui.money.Money;
import io.miaotui.order.BuyerId;
import io.miaotui.order.LineId;
import io.miaotui.order.OrderId;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class RefundTest {

    private static final RefundId ID = RefundId.of(UUID.fromString("01977f3a-1b2c-7d4e-8f00-123456789abc"));
    private static final OrderId ORDER = new OrderId("o-1");
    private static final LineId LINE = new LineId("l-1");
    private static final BuyerId BUYER = new BuyerId("b-1");
    private static final Money AMOUNT = Money.of(49950, Currency.CNY);
    private static final Instant NOW = Instant.parse("2025-06-18T10:00:00Z");

    private static final RefundDecision INSTANT = new RefundDecision(true, "tmall-unshipped", 1, "unshipped on TMALL");
    private static final RefundDecision REVIEW = new RefundDecision(false, "taobao-unshipped", 1, "over the limit");

    private static Refund open(RefundDecision decision) {
        return Refund.open(ID, ORDER, LINE, BUYER, AMOUNT, "changed my mind", decision, NOW);
    }

    @Test
    void an_instant_decision_opens_the_refund_approved() {
        Refund refund = open(INSTANT);

        assertThat(refund.status()).isEqualTo(RefundStatus.APPROVED);
        assertThat(refund.decision()).isEqualTo(INSTANT);
    }

    @Test
    void a_review_decision_opens_the_refund_pending_merchant_review() {
        Refund refund = open(REVIEW);

        assertThat(refund.status()).isEqualTo(RefundStatus.PENDING_MERCHANT_REVIEW);
        assertThat(refund.decision()).isEqualTo(REVIEW);
    }

    @Test
    void a_new_refund_records_what_was_asked_and_nothing_has_happened_yet() {
        Refund refund = open(REVIEW);

        assertThat(refund.id()).isEqualTo(ID);
        assertThat(refund.id().value()).isEqualTo("01977f3a-1b2c-7d4e-8f00-123456789abc");
        assertThat(refund.orderId()).isEqualTo(ORDER);
        assertThat(refund.lineId()).isEqualTo(LINE);
        assertThat(refund.buyerId()).isEqualTo(BUYER);
        assertThat(refund.amount()).isEqualTo(AMOUNT);
        assertThat(refund.reason()).isEqualTo("changed my mind");
        assertThat(refund.createdAt()).isEqualTo(NOW);
        assertThat(refund.paidAt()).isEmpty();
        assertThat(refund.rejectionReason()).isEmpty();
    }

    @Test
    void a_new_refund_is_open_whichever_way_it_was_decided() {
        assertThat(open(INSTANT).status().isOpen()).isTrue();
        assertThat(open(REVIEW).status().isOpen()).isTrue();
    }

    @Test
    void a_confirmed_payout_marks_the_refund_paid_at_the_confirmation_time() {
        Instant paidAt = NOW.plusSeconds(3);

        Refund paid = open(INSTANT).on(RefundEvent.PAYOUT_CONFIRMED, paidAt);

        assertThat(paid.status()).isEqualTo(RefundStatus.PAID);
        assertThat(paid.paidAt()).contains(paidAt);
        assertThat(paid.createdAt()).isEqualTo(NOW);
        assertThat(paid.rejectionReason()).isEmpty();
    }

    @Test
    void a_merchant_approval_then_payout_pays_the_refund() {
        Instant approvedAt = NOW.plusSeconds(600);
        Instant paidAt = NOW.plusSeconds(660);

        Refund approved = open(REVIEW).on(RefundEvent.MERCHANT_APPROVED, approvedAt);
        assertThat(approved.status()).isEqualTo(RefundStatus.APPROVED);
        assertThat(approved.paidAt()).as("approval is not payment").isEmpty();

        Refund paid = approved.on(RefundEvent.PAYOUT_CONFIRMED, paidAt);
        assertThat(paid.status()).isEqualTo(RefundStatus.PAID);
        assertThat(paid.paidAt()).contains(paidAt);
    }

    @Test
    void a_merchant_rejection_keeps_the_merchants_reason() {
        Refund rejected = open(REVIEW).on(RefundEvent.MERCHANT_REJECTED, NOW.plusSeconds(60), "item already used");

        assertThat(rejected.status()).isEqualTo(RefundStatus.REJECTED);
        assertThat(rejected.rejectionReason()).contains("item already used");
        assertThat(rejected.paidAt()).isEmpty();
        assertThat(rejected.status().isOpen()).isFalse();
    }

    @Test
    void a_rejection_without_a_reason_has_none() {
        Refund rejected = open(REVIEW).on(RefundEvent.MERCHANT_REJECTED, NOW.plusSeconds(60));

        assertThat(rejected.status()).isEqualTo(RefundStatus.REJECTED);
        assertThat(rejected.rejectionReason()).isEmpty();
    }

    @Test
    void a_reason_given_with_a_non_rejection_event_is_not_recorded_as_a_rejection() {
        Refund approved = open(REVIEW).on(RefundEvent.MERCHANT_APPROVED, NOW.plusSeconds(60), "looks fine");

        assertThat(approved.rejectionReason()).isEmpty();
    }

    @Test
    void a_transition_keeps_everything_but_the_status_and_who_decided() {
        Refund opened = open(REVIEW);
        Refund approved = opened.on(RefundEvent.MERCHANT_APPROVED, NOW.plusSeconds(60));

        assertThat(approved).usingRecursiveComparison().ignoringFields("status", "resolution").isEqualTo(opened);
        assertThat(approved.resolution()).contains(Resolution.MERCHANT_APPROVED);
    }

    @Test
    void a_review_that_times_out_is_approved_and_says_so() {
        Refund opened = open(REVIEW).withReviewDeadline(NOW.plusSeconds(48 * 3600), NOW.plusSeconds(48 * 3600));
        Refund approved = opened.on(RefundEvent.REVIEW_TIMED_OUT, NOW.plusSeconds(48 * 3600));

        assertThat(approved.status()).isEqualTo(RefundStatus.APPROVED);
        assertThat(approved.resolution()).contains(Resolution.APPROVED_AT_DEADLINE);
        assertThat(approved.reviewDeadline()).contains(NOW.plusSeconds(48 * 3600));
    }

    @Test
    void paying_a_refund_twice_is_an_illegal_transition() {
        Refund paid = open(INSTANT).on(RefundEvent.PAYOUT_CONFIRMED, NOW.plusSeconds(1));

        assertThatThrownBy(() -> paid.on(RefundEvent.PAYOUT_CONFIRMED, NOW.plusSeconds(2)))
                .isInstanceOfSatisfying(IllegalRefundTransition.class,
                        e -> assertThat(e.status()).isEqualTo(RefundStatus.PAID));
    }

    @Test
    void an_instantly_approved_refund_cannot_be_rejected_by_the_merchant() {
        assertThatThrownBy(() -> open(INSTANT).on(RefundEvent.MERCHANT_REJECTED, NOW, "no"))
                .isInstanceOf(IllegalRefundTransition.class);
    }

    @Test
    void a_refund_pending_review_cannot_be_paid() {
        assertThatThrownBy(() -> open(REVIEW).on(RefundEvent.PAYOUT_CONFIRMED, NOW))
                .isInstanceOf(IllegalRefundTransition.class);
    }

    @Test
    void a_refund_of_zero_or_less_cannot_exist() {
        assertThatThrownBy(() -> Refund.open(ID, ORDER, LINE, BUYER, Money.zero(Currency.CNY), "", REVIEW, NOW))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Refund.open(ID, ORDER, LINE, BUYER, Money.of(-1, Currency.CNY), "", REVIEW, NOW))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
