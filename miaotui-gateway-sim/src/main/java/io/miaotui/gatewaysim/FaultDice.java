package io.miaotui.gatewaysim;

import java.util.SplittableRandom;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Seeded fault draws, so a run can be replayed: the same seed and the same request sequence give the same faults.
 * Refunds and queries draw from separate streams split from the seed, so adding status queries to a run does not
 * shift which refund requests fail. Every request draws exactly once, even with all rates at 0, so changing the
 * faults mid-run does not shift the stream either.
 */
final class FaultDice {
    // SplittableRandom is not thread-safe; a lock (not synchronized) keeps virtual threads from pinning.
    private final Lock lock = new ReentrantLock();
    private final SplittableRandom refunds;
    private final SplittableRandom queries;

    FaultDice(long seed) {
        SplittableRandom root = new SplittableRandom(seed);
        this.refunds = root.split();
        this.queries = root.split();
    }

    Fault forRefund(Faults faults) {
        return Fault.forRefund(draw(refunds), faults);
    }

    Fault forQuery(Faults faults) {
        return Fault.forQuery(draw(queries), faults);
    }

    private double draw(SplittableRandom stream) {
        lock.lock();
        try {
            return stream.nextDouble();
        } finally {
            lock.unlock();
        }
    }
}
