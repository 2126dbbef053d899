package io.miaotui.gatewaysim;

import java.util.Set;
import java.util.TreeSet;

/** The fixed answers, in Alipay's vocabulary where there is one, so a client written for Alipay reads them. */
final class Replies {
    static final String SUCCESS = "10000";
    static final String UNAVAILABLE = "20000";
    static final String INVALID_ARGUMENTS = "40002";
    static final String BUSINESS_FAILED = "40004";

    private Replies() {
    }

    /** The injected error: a 500 before anything is processed. */
    static Reply serviceUnavailable() {
        return Reply.json(500, JsonWriter.object().put("code", UNAVAILABLE).put("msg", "Service Currently Unavailable"));
    }

    /** The injected lost answer: the refund was processed, but this is all the caller gets. */
    static Reply answerLost() {
        return Reply.json(502, JsonWriter.object().put("code", UNAVAILABLE).put("msg", "answer lost"));
    }

    static Reply declined() {
        return businessFailed("ACQ.SELLER_BALANCE_NOT_ENOUGH");
    }

    static Reply amountChanged() {
        return businessFailed("ACQ.REQUEST_AMOUNT_CHANGED");
    }

    static Reply refundNotExist() {
        return businessFailed("ACQ.REFUND_NOT_EXIST");
    }

    /** sub_msg is the field's name, for programs; detail says what is wrong with it, for people. */
    static Reply invalid(InvalidArgument e) {
        return Reply.json(400, JsonWriter.object().put("code", INVALID_ARGUMENTS).put("msg", "Invalid Arguments")
                .put("sub_msg", e.field()).put("detail", e.reason()));
    }

    static Reply bodyTooLarge(int maxBytes) {
        return Reply.json(413, JsonWriter.object().put("code", INVALID_ARGUMENTS).put("msg", "Invalid Arguments")
                .put("sub_msg", "body").put("detail", "must be at most " + maxBytes + " bytes"));
    }

    static Reply notFound(String method, String path) {
        return Reply.json(404, JsonWriter.object().put("code", "NOT_FOUND")
                .put("msg", "no such endpoint: " + method + " " + path));
    }

    static Reply methodNotAllowed(String method, String path, Set<String> allowed) {
        String allow = String.join(", ", new TreeSet<>(allowed));
        return Reply.json(405, JsonWriter.object().put("code", "METHOD_NOT_ALLOWED")
                        .put("msg", path + " does not take " + method + "; allowed: " + allow))
                .withHeader("Allow", allow);
    }

    /** A bug in the simulator, not an injected fault; the details go to the log, never into the answer. */
    static Reply internalError() {
        return Reply.json(500, JsonWriter.object().put("code", UNAVAILABLE).put("msg", "Simulator Internal Error"));
    }

    private static Reply businessFailed(String subCode) {
        return Reply.json(200, JsonWriter.object().put("code", BUSINESS_FAILED).put("msg", "Business Failed")
                .put("sub_code", subCode));
    }
}
