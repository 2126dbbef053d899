package io.miaotui.payout;

import java.time.Instant;

/** What the gateway said. A timeout or lost answer is {@link Unknown}, never a failure: the money may have moved. */
public sealed interface PayoutOutcome {

    record Paid(String gatewayReference, Instant at) implements PayoutOutcome {
    }

    record Declined(String reason) implements PayoutOutcome {
    }

    record Unknown(String detail) implements PayoutOutcome {
    }
}
