package io.miaotui.policy.cel;

/** Why an expression was refused, at a 1-based line and column of the text the author wrote. */
public record PolicyError(int line, int column, String message) {

    @Override
    public String toString() {
        return line + ":" + column + ": " + message;
    }
}
