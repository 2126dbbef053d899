package io.miaotui.gatewaysim;

import java.time.Instant;
import java.util.Objects;

/**
 * One refund as the gateway's books know it: a line of its statement. Created once per out_request_no, at the one
 * moment money moves, or injected raw by a test.
 *
 * @param amountFen    the refunded amount in fen
 * @param gmtRefundPay when the money moved
 */
public record RefundRecord(String outRequestNo, String tradeNo, String buyerId, long amountFen,
                           Instant gmtRefundPay) {
    public RefundRecord {
        Objects.requireNonNull(outRequestNo, "outRequestNo");
        Objects.requireNonNull(tradeNo, "tradeNo");
        Objects.requireNonNull(buyerId, "buyerId");
        Objects.requireNonNull(gmtRefundPay, "gmtRefundPay");
        if (amountFen <= 0) {
            throw new IllegalArgumentException("amountFen must be positive, got " + amountFen);
        }
    }

    /** The amount as it appears on the wire, e.g. "40.00". */
    public String refundAmount() {
        return Fen.format(amountFen);
    }
}
