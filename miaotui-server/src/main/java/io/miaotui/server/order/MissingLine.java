package io.miaotui.server.order;

import io.miaotui.order.LineId;
import io.miaotui.order.OrderId;
import io.miaotui.server.web.ApiProblem;
import io.miaotui.server.web.ProblemType;

/** Says whether a missing line is missing because its whole order is; asked only on the miss path. */
public final class MissingLine {
    private MissingLine() {
    }

    public static ApiProblem problem(OrderStore orders, OrderId orderId, LineId lineId) {
        return orders.orderExists(orderId)
                ? new ApiProblem(ProblemType.LINE_NOT_FOUND, "Order " + orderId + " has no line " + lineId + ".")
                : new ApiProblem(ProblemType.ORDER_NOT_FOUND, "No order " + orderId + ".");
    }
}
