package io.miaotui.policy.cel;

/** A policy's answer for one request: instant or merchant review, and the one sentence that says why. */
public record PolicyDecision(boolean instant, String explanation) {
}
