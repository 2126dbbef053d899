package io.miaotui.gatewaysim;

import java.util.Map;

/** A refund request whose fields have all been checked; building one is the only way in from the wire. */
record RefundRequest(String outRequestNo, String tradeNo, long amountFen, String buyerId) {
    /** Alipay's limit for out_request_no; the other ids get the same, which is also Miaotui's own id limit. */
    static final int MAX_ID_LENGTH = 64;

    /**
     * Reads a refund from a parsed JSON body, checking the fields in a fixed order so the same bad body always
     * names the same field.
     *
     * @throws InvalidArgument naming the first field that is missing or wrong
     */
    static RefundRequest from(Map<String, Object> body) {
        String outRequestNo = outRequestNo(body);
        String tradeNo = id(body, "trade_no");
        String amount = text(body, "refund_amount");
        long amountFen;
        try {
            amountFen = Fen.parse(amount);
        } catch (IllegalArgumentException e) {
            throw new InvalidArgument("refund_amount", e.getMessage());
        }
        if (amountFen == 0) {
            throw new InvalidArgument("refund_amount", "must be at least 0.01");
        }
        String buyerId = id(body, "buyer_id");
        return new RefundRequest(outRequestNo, tradeNo, amountFen, buyerId);
    }

    /** Just the out_request_no of a body, checked; refunds and queries both need it. */
    static String outRequestNo(Map<String, Object> body) {
        return id(body, "out_request_no");
    }

    private static String id(Map<String, Object> body, String field) {
        String value = text(body, field);
        if (value.length() > MAX_ID_LENGTH) {
            throw new InvalidArgument(field, "must be at most " + MAX_ID_LENGTH + " characters, got "
                    + value.length());
        }
        return value;
    }

    private static String text(Map<String, Object> body, String field) {
        Object value = body.get(field);
        if (value == null) {
            throw new InvalidArgument(field, body.containsKey(field) ? "must not be null" : "is required");
        }
        if (!(value instanceof String text)) {
            throw new InvalidArgument(field, "must be a string");
        }
        if (text.isBlank()) {
            throw new InvalidArgument(field, "must not be blank");
        }
        return text;
    }
}
