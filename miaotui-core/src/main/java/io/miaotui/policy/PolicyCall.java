package io.miaotui.policy;

import java.util.Objects;

/** One policy decision as it was made: what the policy was shown and what it ruled, kept for replay. */
public record PolicyCall(RefundContext context, PolicyRuling ruling) {
    public PolicyCall {
        Objects.requireNonNull(context, "context");
        Objects.requireNonNull(ruling, "ruling");
    }
}
