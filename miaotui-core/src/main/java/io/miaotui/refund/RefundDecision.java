package io.miaotui.refund;

import java.util.Objects;

/** How the platform decided: instantly or not, by which policy version, and why in one sentence. */
public record RefundDecision(boolean instant, String policy, int policyVersion, String explanation) {
    public RefundDecision {
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(explanation, "explanation");
    }
}
