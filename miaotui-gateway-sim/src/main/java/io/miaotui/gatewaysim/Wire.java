package io.miaotui.gatewaysim;

import java.math.BigDecimal;
import java.util.Map;
import java.util.Set;

/** The JSON shapes of records, faults and stats, in one place so every endpoint spells a field the same way. */
final class Wire {
    private static final Set<String> FAULT_FIELDS =
            Set.of("errorRate", "lostAnswerRate", "timeoutRate", "declineRate", "latencyMs", "timeoutDelayMs");

    private Wire() {
    }

    static JsonWriter refundSuccess(RefundRecord record, boolean fundChange) {
        return JsonWriter.object().put("code", Replies.SUCCESS).put("msg", "Success")
                .put("out_request_no", record.outRequestNo())
                .put("trade_no", record.tradeNo())
                .put("refund_fee", record.refundAmount())
                .put("fund_change", fundChange ? "Y" : "N")
                .put("gmt_refund_pay", record.gmtRefundPay().toString());
    }

    static JsonWriter querySuccess(RefundRecord record) {
        return JsonWriter.object().put("code", Replies.SUCCESS).put("msg", "Success")
                .put("out_request_no", record.outRequestNo())
                .put("trade_no", record.tradeNo())
                .put("refund_status", "REFUND_SUCCESS")
                .put("refund_amount", record.refundAmount())
                .put("gmt_refund_pay", record.gmtRefundPay().toString());
    }

    /** A statement line, as the bill shows it. */
    static JsonWriter billRow(RefundRecord record) {
        return JsonWriter.object()
                .put("out_request_no", record.outRequestNo())
                .put("trade_no", record.tradeNo())
                .put("buyer_id", record.buyerId())
                .put("refund_amount", record.refundAmount())
                .put("gmt_refund_pay", record.gmtRefundPay().toString());
    }

    static JsonWriter stats(Stats stats) {
        return JsonWriter.object()
                .put("refundRequests", stats.refundRequests())
                .put("queries", stats.queries())
                .put("processed", stats.processed())
                .put("errors", stats.errors())
                .put("declines", stats.declines())
                .put("lostAnswers", stats.lostAnswers())
                .put("timeouts", stats.timeouts());
    }

    static JsonWriter faults(Faults faults) {
        return JsonWriter.object()
                .put("errorRate", faults.errorRate())
                .put("lostAnswerRate", faults.lostAnswerRate())
                .put("timeoutRate", faults.timeoutRate())
                .put("declineRate", faults.declineRate())
                .put("latencyMs", faults.latencyMs())
                .put("timeoutDelayMs", faults.timeoutDelayMs());
    }

    /**
     * Reads a whole fault setting. A field left out takes its {@link Faults#NONE} value rather than keeping the
     * current one, so the body alone says what the faults are; an unknown field is refused, so "error_rate" is not
     * silently ignored.
     *
     * @throws InvalidArgument naming the offending field
     */
    static Faults faultsFrom(Map<String, Object> body) {
        for (String key : body.keySet()) {
            if (!FAULT_FIELDS.contains(key)) {
                throw new InvalidArgument(key, "is not a fault setting; expected one of " + FAULT_FIELDS);
            }
        }
        Faults none = Faults.NONE;
        return new Faults(
                rate(body, "errorRate", none.errorRate()),
                rate(body, "lostAnswerRate", none.lostAnswerRate()),
                rate(body, "timeoutRate", none.timeoutRate()),
                rate(body, "declineRate", none.declineRate()),
                millis(body, "latencyMs", none.latencyMs()),
                millis(body, "timeoutDelayMs", none.timeoutDelayMs()));
    }

    private static double rate(Map<String, Object> body, String field, double fallback) {
        if (!body.containsKey(field)) {
            return fallback;
        }
        if (!(body.get(field) instanceof BigDecimal number)) {
            throw new InvalidArgument(field, "must be a number");
        }
        if (number.compareTo(BigDecimal.ZERO) < 0 || number.compareTo(BigDecimal.ONE) > 0) {
            throw new InvalidArgument(field, "must be between 0 and 1, got " + number.toPlainString());
        }
        return number.doubleValue();
    }

    private static int millis(Map<String, Object> body, String field, int fallback) {
        if (!body.containsKey(field)) {
            return fallback;
        }
        if (!(body.get(field) instanceof BigDecimal number)) {
            throw new InvalidArgument(field, "must be a number");
        }
        try {
            return number.intValueExact();
        } catch (ArithmeticException e) {
            throw new InvalidArgument(field, "must be a whole number of milliseconds, got " + number);
        }
    }
}
