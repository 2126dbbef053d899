package io.miaotui.payout;

/**
 * What the gateway's own record says about a refund, asked by its idempotency key. Only {@link NotFound} is a
 * definite "the money did not move"; a query that fails or answers something unexpected is {@link Unavailable}.
 */
public sealed interface PayoutLookup {

    /** The gateway paid it. */
    record Found(PayoutOutcome.Paid paid) implements PayoutLookup {
    }

    /** The gateway has no such refund: nothing was paid under this key. */
    record NotFound() implements PayoutLookup {
    }

    /** The query could not tell. */
    record Unavailable(String why) implements PayoutLookup {
    }
}
