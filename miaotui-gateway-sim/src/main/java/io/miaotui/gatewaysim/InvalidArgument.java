package io.miaotui.gatewaysim;

/**
 * An input the simulator refuses, naming the field so the HTTP answer can say which one (Alipay's {@code sub_msg})
 * and a library caller gets an ordinary {@link IllegalArgumentException}.
 */
public final class InvalidArgument extends IllegalArgumentException {
    private final String field;
    private final String reason;

    public InvalidArgument(String field, String reason) {
        super(field + " " + reason);
        this.field = field;
        this.reason = reason;
    }

    public String field() {
        return field;
    }

    public String reason() {
        return reason;
    }
}
