package io.miaotui.refund;

import io.miaotui.money.Money;
import io.miaotui.order.OrderLine;

/** What opening a refund came to. */
public sealed interface RefundOpening {

    /** The refund exists; {@code line} holds its amount. */
    record Opened(Refund refund, OrderLine line) implements RefundOpening {
    }

    /** The request asks for more than the line still has to refund (possibly nothing at all). */
    record ExceedsRefundable(Money requested, Money refundable) implements RefundOpening {
    }
}
