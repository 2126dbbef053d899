package io.miaotui.server.payout;

import java.time.Duration;

/**
 * How long a woken payout worker waits for more approvals before it claims, following the load its last claim
 * saw. In a storm approvals arrive by the hundred a second, and a longer wait makes each claim and settlement
 * shared by more refunds (at 32 clients: payout batches of 17-21 against 10-12, PostgreSQL's CPU a refund 8 %
 * lower; BENCHMARKS.md, session 14); a lone buyer's approval would only wait for nobody, and its payout's burst
 * would land on the buyer's next request (at 1 client a fixed 100 ms lost a fifth, session 10). So: {@code busy}
 * once the last claim took {@code busyFrom} or more payouts, {@code quiet} otherwise. Falling back is quick: a
 * busy linger that gathers fewer than {@code busyFrom} means approvals now come at under {@code busyFrom / busy}
 * a second.
 */
record PayoutLinger(Duration quiet, Duration busy, int busyFrom) {

    static PayoutLinger of(PayoutProperties properties) {
        return new PayoutLinger(properties.linger(), properties.busyLinger(), properties.busyFrom());
    }

    /** The wait before the next claim, after a claim that took {@code lastClaimed} payouts. */
    Duration after(int lastClaimed) {
        return lastClaimed >= busyFrom ? busy : quiet;
    }
}
