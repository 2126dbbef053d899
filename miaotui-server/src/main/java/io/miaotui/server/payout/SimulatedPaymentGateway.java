package io.miaotui.server.payout;

import io.miaotui.money.Currency;
import io.miaotui.money.Money;
import io.miaotui.payout.GatewayRefund;
import io.miaotui.payout.PaymentGateway;
import io.miaotui.payout.PayoutInstruction;
import io.miaotui.payout.PayoutLookup;
import io.miaotui.payout.PayoutOutcome;
import io.miaotui.refund.RefundId;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The default gateway: pays in-process and remembers the refunds it paid, keyed by refund id, as a real gateway
 * keys by out_request_no. Asking again for the same refund answers the first payment and pays nothing more. It
 * can be told to decline the next few requests, to exercise retries.
 * <p>
 * Its books are bounded: it remembers its last {@code remembered} payouts and forgets the oldest first, so a storm
 * through the quick start does not fill the heap (about 270 bytes a payout: 100,000 are ~26 MB). A worker asks
 * about a payout only within its lease (30 s): about 30,000 payouts back at this service's peak of ~1,000 a
 * second. A statement for reconciliation covers the remembered payouts, as after a restart it covers only those
 * since then.
 */
public class SimulatedPaymentGateway implements PaymentGateway {
    private final Clock clock;
    private final int remembered;
    /** Payouts in the order they were paid, the oldest first; guarded by its own monitor. */
    private final LinkedHashMap<RefundId, Payout> books = new LinkedHashMap<>();
    private final AtomicInteger declineNext = new AtomicInteger();
    private final AtomicLong requests = new AtomicLong();

    /** One payout in the books, kept small (its answer is rebuilt when asked): what the statement lists for it. */
    private record Payout(String orderId, long amountFen, Currency currency, Instant at) {
        PayoutOutcome.Paid paid(RefundId refundId) {
            return new PayoutOutcome.Paid("SIM-" + refundId.value(), at);
        }

        GatewayRefund statementLine(RefundId refundId) {
            return new GatewayRefund(refundId.value(), orderId, Money.of(amountFen, currency), at);
        }
    }

    public SimulatedPaymentGateway(Clock clock, int remembered) {
        if (remembered < 1) {
            throw new IllegalArgumentException("the simulated gateway must remember at least one payout");
        }
        this.clock = clock;
        this.remembered = remembered;
    }

    @Override
    public PayoutOutcome pay(PayoutInstruction instruction) {
        requests.incrementAndGet();
        if (declineNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            return new PayoutOutcome.Declined("simulated decline");
        }
        synchronized (books) {
            Payout payout = books.computeIfAbsent(instruction.refundId(), id -> new Payout(
                    instruction.orderId().value(), instruction.amount().minorUnits(), instruction.amount().currency(),
                    clock.instant()));
            if (books.size() > remembered) {
                books.pollFirstEntry();
            }
            return payout.paid(instruction.refundId());
        }
    }

    @Override
    public PayoutLookup lookUp(RefundId refundId) {
        Payout payout;
        synchronized (books) {
            payout = books.get(refundId);
        }
        return payout == null ? new PayoutLookup.NotFound() : new PayoutLookup.Found(payout.paid(refundId));
    }

    @Override
    public List<GatewayRefund> refundsBetween(Instant from, Instant to) {
        synchronized (books) {
            return books.entrySet().stream()
                    .filter(e -> !e.getValue().at().isBefore(from) && e.getValue().at().isBefore(to))
                    .map(e -> e.getValue().statementLine(e.getKey()))
                    .toList();
        }
    }

    /** The next {@code count} requests are declined (a test's way to make the gateway fail). */
    public void declineNext(int count) {
        declineNext.set(count);
    }

    /** Whether this gateway has moved the money for {@code refundId} (and still remembers it). */
    public boolean hasPaid(RefundId refundId) {
        return lookUp(refundId) instanceof PayoutLookup.Found;
    }

    public long requestCount() {
        return requests.get();
    }

    /** How many payouts the books hold now. */
    public int rememberedPayouts() {
        synchronized (books) {
            return books.size();
        }
    }
}
