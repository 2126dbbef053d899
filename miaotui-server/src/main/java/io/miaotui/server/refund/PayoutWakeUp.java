package io.miaotui.server.refund;

/**
 * Told right after approved refunds committed to the payout outbox, so whoever pays them starts now rather than at
 * its next poll. A hint only: missing one delays a payout by one poll interval and loses nothing. Refunds name this
 * need here and the payout package answers it, so refunds do not depend on how payouts are made.
 */
@FunctionalInterface
public interface PayoutWakeUp {
    void approvedRefundsWaiting();
}
