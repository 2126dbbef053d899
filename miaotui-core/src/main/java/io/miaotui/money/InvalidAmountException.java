package io.miaotui.money;

/** Input that is not an amount; its message is fit to show the client. */
public final class InvalidAmountException extends IllegalArgumentException {
    public InvalidAmountException(String message) {
        super(message);
    }
}
