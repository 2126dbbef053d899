package io.miaotui.refund;

import io.miaotui.money.Money;
import io.miaotui.order.OrderLine;
import io.miaotui.policy.PolicyCall;
import java.util.Optional;

/** What opening a refund came to. */
public sealed interface RefundOpening {

    /**
     * The refund exists; {@code line} holds its amount. {@code policy} is what the policy was shown and ruled,
     * with its gray-release provenance; empty when no policy was asked (a closed shop's unshipped line).
     */
    record Opened(Refund refund, OrderLine line, Optional<PolicyCall> policy) implements RefundOpening {
    }

    /** The request asks for more than the line still has to refund (possibly nothing at all). */
    record ExceedsRefundable(Money requested, Money refundable) implements RefundOpening {
    }
}
