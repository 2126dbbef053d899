package io.miaotui.server.order;

import io.miaotui.money.Money;
import io.miaotui.order.OrderId;
import io.miaotui.order.OrderLine;
import java.util.List;

/** What came of a receipt confirmation: what was released to the merchant, or no such order (nothing written). */
public sealed interface ReceiptAnswer permits ReceiptAnswer.Confirmed, ReceiptAnswer.OrderNotFound {

    /** {@code released} went to the merchant now (zero when nothing qualified); {@code lines} as they are after. */
    record Confirmed(Money released, List<OrderLine> lines) implements ReceiptAnswer {
    }

    record OrderNotFound(OrderId orderId) implements ReceiptAnswer {
    }
}
