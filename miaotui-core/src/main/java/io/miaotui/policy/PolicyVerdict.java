package io.miaotui.policy;

/** A policy's answer: instant or to the merchant, with the sentence that says why. */
public record PolicyVerdict(boolean instant, String explanation) {

    public static PolicyVerdict instant(String explanation) {
        return new PolicyVerdict(true, explanation);
    }

    public static PolicyVerdict review(String explanation) {
        return new PolicyVerdict(false, explanation);
    }
}
