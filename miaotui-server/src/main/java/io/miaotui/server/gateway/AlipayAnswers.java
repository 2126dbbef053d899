package io.miaotui.server.gateway;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.Set;

/**
 * How an Alipay-style gateway's refund answers read, as Alipay documents alipay.trade.refund and
 * alipay.trade.fastpay.refund.query. One rule above the table: only what the gateway states for certain is
 * believed. A refund is paid on {@code 10000}; declined only on a business failure that names a cause we know
 * to be final; everything else (20000, ACQ.SYSTEM_ERROR, a request still in progress, 408, 429, 5xx, an answer
 * that does not parse, a code this table does not know) is unknown, and the gateway's record is asked.
 */
final class AlipayAnswers {
    static final String SUCCESS = "10000";
    static final String SERVICE_UNAVAILABLE = "20000";
    static final String BUSINESS_FAILED = "40004";
    /** 40001 missing parameters, 40002 invalid parameters, 40006 not permitted: refused before anything was done. */
    static final Set<String> REFUSED_UNPROCESSED = Set.of("40001", "40002", "40006");

    /**
     * Business failures (code 40004) that are final for this request: the refund was not made and asking again
     * will not make it. ACQ.SYSTEM_ERROR, a request in progress (e.g. ACQ.TRADE_IN_PROCESS) and a repeat with
     * other parameters (ACQ.DISCORDANT_REPEAT_REQUEST: an earlier request under this key exists) are not here.
     */
    static final Set<String> FINAL_DECLINES = Set.of(
            "ACQ.TRADE_NOT_EXIST",
            "ACQ.SELLER_BALANCE_NOT_ENOUGH",
            "ACQ.REFUND_AMT_NOT_EQUAL_TOTAL",
            "ACQ.REASON_TRADE_BEEN_FREEZEN",
            "ACQ.TRADE_HAS_FINISHED",
            "ACQ.TRADE_STATUS_ERROR",
            "ACQ.TRADE_NOT_ALLOW_REFUND",
            "ACQ.REFUND_FEE_ERROR",
            "ACQ.REASON_TRADE_REFUND_FEE_ERR",
            "ACQ.INVALID_PARAMETER",
            "ACQ.BUYER_ERROR");

    /** Query sub codes meaning there is no such refund (the simulator says REFUND_NOT_EXIST; Alipay, TRADE_NOT_EXIST). */
    static final Set<String> NO_SUCH_REFUND = Set.of("ACQ.REFUND_NOT_EXIST", "ACQ.TRADE_NOT_EXIST");

    /** Alipay's own time format: Beijing time without a zone. */
    private static final DateTimeFormatter ALIPAY_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final ZoneId BEIJING = ZoneId.of("Asia/Shanghai");

    private AlipayAnswers() {
    }

    enum Refund {
        /** 10000 with fund_change Y: the money moved now. */
        PAID,
        /** 10000 without fund_change Y: Alipay says to confirm by query (a repeat answers N, the money moved before). */
        CONFIRM_BY_QUERY,
        DECLINED,
        UNKNOWN
    }

    enum Query {
        PAID,
        NO_SUCH_REFUND,
        UNKNOWN
    }

    /** A refund answer: HTTP status, then code, sub code and fund_change (null when absent or unreadable). */
    static Refund ofRefund(int httpStatus, String code, String subCode, String fundChange) {
        if (httpStatus == 200 && SUCCESS.equals(code)) {
            return "Y".equals(fundChange) ? Refund.PAID : Refund.CONFIRM_BY_QUERY;
        }
        if (httpStatus == 200 && BUSINESS_FAILED.equals(code) && subCode != null && FINAL_DECLINES.contains(subCode)) {
            return Refund.DECLINED;
        }
        if ((httpStatus == 200 || httpStatus == 400 || httpStatus == 403 || httpStatus == 413)
                && code != null && REFUSED_UNPROCESSED.contains(code)) {
            return Refund.DECLINED;
        }
        return Refund.UNKNOWN;
    }

    /** A query answer. Alipay answers 10000 without refund_status for a refund it does not have. */
    static Query ofQuery(int httpStatus, String code, String subCode, String refundStatus) {
        if (httpStatus != 200) {
            return Query.UNKNOWN;
        }
        if (SUCCESS.equals(code)) {
            if ("REFUND_SUCCESS".equals(refundStatus)) {
                return Query.PAID;
            }
            return refundStatus == null || refundStatus.isBlank() ? Query.NO_SUCH_REFUND : Query.UNKNOWN;
        }
        if (BUSINESS_FAILED.equals(code) && subCode != null && NO_SUCH_REFUND.contains(subCode)) {
            return Query.NO_SUCH_REFUND;
        }
        return Query.UNKNOWN;
    }

    /**
     * gmt_refund_pay, which is informational: ISO-8601 (the simulator) or Alipay's "yyyy-MM-dd HH:mm:ss" in
     * Beijing time; empty when it is neither, and then the caller uses the time it received the answer.
     */
    static Optional<Instant> refundTime(String text) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.parse(text));
        } catch (DateTimeParseException notIso) {
            try {
                return Optional.of(LocalDateTime.parse(text, ALIPAY_TIME).atZone(BEIJING).toInstant());
            } catch (DateTimeParseException neither) {
                return Optional.empty();
            }
        }
    }
}
