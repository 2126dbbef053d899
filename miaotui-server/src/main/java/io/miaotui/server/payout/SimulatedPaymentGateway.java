package io.miaotui.server.payout;

import io.miaotui.money.Money;
import io.miaotui.payout.GatewayRefund;
import io.miaotui.payout.PaymentGateway;
import io.miaotui.payout.PayoutInstruction;
import io.miaotui.payout.PayoutLookup;
import io.miaotui.payout.PayoutOutcome;
import io.miaotui.refund.RefundId;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The default gateway: pays in-process and remembers every refund it paid, keyed by refund id, as a real
 * gateway keys by out_request_no. Asking again for the same refund answers the first payment and pays nothing
 * more. It can be told to decline the next few requests, to exercise retries.
 */
public class SimulatedPaymentGateway implements PaymentGateway {
    private final Clock clock;
    private final Map<RefundId, PayoutOutcome.Paid> paid = new ConcurrentHashMap<>();
    private final Map<RefundId, String> orders = new ConcurrentHashMap<>();
    private final Map<RefundId, Money> amounts = new ConcurrentHashMap<>();
    private final AtomicInteger declineNext = new AtomicInteger();
    private final AtomicLong requests = new AtomicLong();

    public SimulatedPaymentGateway(Clock clock) {
        this.clock = clock;
    }

    @Override
    public PayoutOutcome pay(PayoutInstruction instruction) {
        requests.incrementAndGet();
        if (declineNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            return new PayoutOutcome.Declined("simulated decline");
        }
        return paid.computeIfAbsent(instruction.refundId(), id -> {
            orders.put(id, instruction.orderId().value());
            amounts.put(id, instruction.amount());
            return new PayoutOutcome.Paid("SIM-" + id.value(), clock.instant());
        });
    }

    @Override
    public PayoutLookup lookUp(RefundId refundId) {
        PayoutOutcome.Paid done = paid.get(refundId);
        return done == null ? new PayoutLookup.NotFound() : new PayoutLookup.Found(done);
    }

    @Override
    public List<GatewayRefund> refundsBetween(Instant from, Instant to) {
        return paid.entrySet().stream()
                .filter(e -> !e.getValue().at().isBefore(from) && e.getValue().at().isBefore(to))
                .map(e -> new GatewayRefund(e.getKey().value(), orders.get(e.getKey()), amounts.get(e.getKey()),
                        e.getValue().at()))
                .toList();
    }

    /** The next {@code count} requests are declined (a test's way to make the gateway fail). */
    public void declineNext(int count) {
        declineNext.set(count);
    }

    /** Whether this gateway has moved the money for {@code refundId}. */
    public boolean hasPaid(RefundId refundId) {
        return paid.containsKey(refundId);
    }

    public long requestCount() {
        return requests.get();
    }
}
