package io.miaotui.server.payout;

import static org.assertj.core.api.Assertions.assertThat;

import io.miaotui.money.Currency;
import io.miaotui.money.Money;
import io.miaotui.order.BuyerId;
import io.miaotui.order.OrderId;
import io.miaotui.payout.GatewayRefund;
import io.miaotui.payout.PayoutInstruction;
import io.miaotui.payout.PayoutLookup;
import io.miaotui.payout.PayoutOutcome;
import io.miaotui.refund.RefundId;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The in-process gateway is the quick start's default, so a storm runs through it: its books must stay bounded
 * (the service's heap target is 512 MB) while it still answers as a gateway for the payouts a worker can still
 * ask about.
 */
class SimulatedPaymentGatewayTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-11T00:00:00Z"), ZoneOffset.UTC);

    /** The quick start's default (miaotui.gateway.simulator-remembered-payouts). */
    private static final int REMEMBERED = 100_000;

    @Test
    void a_storm_of_payouts_leaves_at_most_the_remembered_number_in_its_books() {
        var gateway = new SimulatedPaymentGateway(CLOCK, REMEMBERED);
        int storm = REMEMBERED * 3;
        for (int i = 0; i < storm; i++) {
            assertThat(gateway.pay(instruction(i))).isInstanceOf(PayoutOutcome.Paid.class);
        }
        assertThat(gateway.requestCount()).isEqualTo(storm);
        assertThat(gateway.rememberedPayouts()).isEqualTo(REMEMBERED);
        assertThat(gateway.lookUp(instruction(storm - 1).refundId())).isInstanceOf(PayoutLookup.Found.class);
        assertThat(gateway.lookUp(instruction(0).refundId())).isInstanceOf(PayoutLookup.NotFound.class);
    }

    @Test
    void it_forgets_the_oldest_payouts_first_and_still_answers_a_remembered_one_with_its_first_payment() {
        var gateway = new SimulatedPaymentGateway(CLOCK, 3);
        var first = (PayoutOutcome.Paid) gateway.pay(instruction(1));
        gateway.pay(instruction(2));
        gateway.pay(instruction(3));
        assertThat(gateway.pay(instruction(1))).as("asked again: the first payment, nothing paid twice")
                .isEqualTo(first);
        gateway.pay(instruction(4));

        assertThat(gateway.lookUp(instruction(1).refundId())).isEqualTo(new PayoutLookup.NotFound());
        for (int i = 2; i <= 4; i++) {
            assertThat(gateway.hasPaid(instruction(i).refundId())).as("payout %d", i).isTrue();
        }
        assertThat(gateway.refundsBetween(CLOCK.instant(), CLOCK.instant().plusSeconds(1)))
                .extracting(GatewayRefund::orderId).containsExactlyInAnyOrder("o-2", "o-3", "o-4");
        assertThat(gateway.rememberedPayouts()).isEqualTo(3);
    }

    private static PayoutInstruction instruction(int i) {
        return new PayoutInstruction(new RefundId(new UUID(0x01a2L, i).toString()), new OrderId("o-" + i),
                new BuyerId("b-" + i), Money.of(100 + i, Currency.CNY), 1);
    }
}
