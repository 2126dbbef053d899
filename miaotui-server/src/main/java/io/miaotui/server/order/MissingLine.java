package io.miaotui.server.order;

import io.miaotui.order.LineId;
import io.miaotui.order.OrderId;
import io.miaotui.server.trust.Access;
import io.miaotui.server.trust.Caller;
import io.miaotui.server.web.ApiProblem;
import io.miaotui.server.web.ProblemType;

/**
 * Says why a line was not found; asked only on the miss path. Only the order's owner (or a role that sees every
 * order) learns that the order exists but lacks the line: for anyone else someone else's order is answered
 * exactly as a missing one, whatever line was named, so neither order ids nor line ids can be probed.
 */
public final class MissingLine {
    private MissingLine() {
    }

    public static ApiProblem problem(Access access, Caller caller, OrderId orderId, LineId lineId) {
        access.order(caller, orderId); // throws the order-not-found problem unless the caller may see the order
        return new ApiProblem(ProblemType.LINE_NOT_FOUND, "Order " + orderId + " has no line " + lineId + ".");
    }
}
