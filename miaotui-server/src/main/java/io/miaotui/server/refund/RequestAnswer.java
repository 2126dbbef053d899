package io.miaotui.server.refund;

import io.miaotui.money.Money;
import io.miaotui.order.LineId;
import io.miaotui.order.OrderId;
import io.miaotui.refund.Refund;
import io.miaotui.refund.RefundId;

/** What came of a buyer's refund request: opened, replayed, or refused with nothing written. */
public sealed interface RequestAnswer permits RequestAnswer.Opened, RequestAnswer.Replayed,
        RequestAnswer.LineNotFound, RequestAnswer.ExceedsRefundable, RequestAnswer.KeyReused {

    /** This call opened {@code refund}. */
    record Opened(Refund refund) implements RequestAnswer {
    }

    /** The same key and the same request again: the refund the first call opened. */
    record Replayed(Refund refund) implements RequestAnswer {
    }

    /** No such line in an order of the caller's. */
    record LineNotFound(OrderId orderId, LineId lineId) implements RequestAnswer {
    }

    /** The request asks for more than the line still has to refund. */
    record ExceedsRefundable(OrderId orderId, LineId lineId, Money requested, Money refundable)
            implements RequestAnswer {
    }

    /** The buyer's key already opened another refund ({@code earlier}) for a different request. */
    record KeyReused(String key, RefundId earlier) implements RequestAnswer {
    }
}
