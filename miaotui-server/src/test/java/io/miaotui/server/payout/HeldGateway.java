package io.miaotui.server.payout;

import io.miaotui.payout.GatewayRefund;
import io.miaotui.payout.PaymentGateway;
import io.miaotui.payout.PayoutInstruction;
import io.miaotui.payout.PayoutLookup;
import io.miaotui.payout.PayoutOutcome;
import io.miaotui.refund.RefundId;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A gateway the test drives: each attempt's answer is scripted, and an attempt can be held (its call has
 * arrived and waits) until the test lets it answer. It keeps its own book of the refunds whose money moved.
 */
final class HeldGateway implements PaymentGateway {
    /** One scripted attempt: whether the money moves, the answer, and whether the answer waits for release. */
    record Attempt(boolean moveMoney, PayoutOutcome answer, CountDownLatch arrived, CountDownLatch release) {
        static Attempt now(boolean moveMoney, PayoutOutcome answer) {
            return new Attempt(moveMoney, answer, new CountDownLatch(1), new CountDownLatch(0));
        }

        static Attempt held(boolean moveMoney, PayoutOutcome answer) {
            return new Attempt(moveMoney, answer, new CountDownLatch(1), new CountDownLatch(1));
        }

        void awaitArrival() throws InterruptedException {
            if (!arrived.await(10, TimeUnit.SECONDS)) {
                throw new AssertionError("the gateway call never arrived");
            }
        }

        void letAnswer() {
            release.countDown();
        }
    }

    private final Map<String, Attempt> script = new ConcurrentHashMap<>();
    private final Set<RefundId> moved = ConcurrentHashMap.newKeySet();
    private final AtomicInteger calls = new AtomicInteger();
    private final AtomicInteger lookUps = new AtomicInteger();
    /** What a lookup says; by default the gateway's book: paid if the money moved, else no such refund. */
    private volatile Function<RefundId, PayoutLookup> lookup = id -> moved.contains(id)
            ? new PayoutLookup.Found(new PayoutOutcome.Paid("HELD-" + id, Instant.now()))
            : new PayoutLookup.NotFound();
    private volatile Function<PayoutInstruction, PayoutOutcome> otherwise =
            i -> new PayoutOutcome.Paid("HELD-" + i.refundId(), Instant.now());

    /** Scripts attempt {@code attempt} of {@code refund}; unscripted attempts pay at once. */
    Attempt on(String refund, int attempt, Attempt answer) {
        script.put(refund + "#" + attempt, answer);
        return answer;
    }

    void otherwise(Function<PayoutInstruction, PayoutOutcome> answer) {
        this.otherwise = answer;
    }

    @Override
    public PayoutOutcome pay(PayoutInstruction instruction) {
        calls.incrementAndGet();
        Attempt attempt = script.get(instruction.refundId().value() + "#" + instruction.attempt());
        if (attempt == null) {
            PayoutOutcome answer = otherwise.apply(instruction);
            if (answer instanceof PayoutOutcome.Paid) {
                moved.add(instruction.refundId());
            }
            return answer;
        }
        if (attempt.moveMoney()) {
            moved.add(instruction.refundId());
        }
        attempt.arrived().countDown();
        try {
            if (!attempt.release().await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the test never released the answer");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return attempt.answer();
    }

    @Override
    public PayoutLookup lookUp(RefundId refundId) {
        lookUps.incrementAndGet();
        return lookup.apply(refundId);
    }

    /** Lookups answer this instead of the book. */
    void lookUpAnswers(PayoutLookup answer) {
        this.lookup = id -> answer;
    }

    int lookUps() {
        return lookUps.get();
    }

    /** The money for {@code refund} moved (a gateway that declined wrongly, or answered someone else). */
    void markMoved(String refund) {
        moved.add(new RefundId(refund));
    }

    @Override
    public List<GatewayRefund> refundsBetween(Instant from, Instant to) {
        return List.of();
    }

    boolean hasMoved(String refund) {
        return moved.contains(new RefundId(refund));
    }

    int calls() {
        return calls.get();
    }
}
