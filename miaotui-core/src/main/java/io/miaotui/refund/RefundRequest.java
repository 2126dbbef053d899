package io.miaotui.refund;

import io.miaotui.money.Money;
import io.miaotui.order.LineId;
import io.miaotui.order.OrderId;
import java.util.Objects;
import java.util.Optional;

/** A buyer's ask: refund this line, this much (or all that is still refundable), for this reason. */
public record RefundRequest(OrderId orderId, LineId lineId, Optional<Money> amount, String reason) {
    public static final int MAX_REASON_LENGTH = 500;

    public RefundRequest {
        Objects.requireNonNull(orderId, "orderId");
        Objects.requireNonNull(lineId, "lineId");
        Objects.requireNonNull(amount, "amount");
        reason = reason == null ? "" : reason;
        if (reason.length() > MAX_REASON_LENGTH) {
            throw new IllegalArgumentException("reason must be at most " + MAX_REASON_LENGTH + " characters");
        }
    }
}
