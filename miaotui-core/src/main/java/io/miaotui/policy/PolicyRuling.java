package io.miaotui.policy;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A policy's answer with its provenance: which policy and version decided, why, and under a gray release the
 * buyer's rollout bucket and what the other version (active or candidate) would have said — the shadow decision
 * that lets the two be compared on real traffic.
 */
public record PolicyRuling(boolean instant, String policy, int version, String explanation, OptionalInt rolloutBucket,
        Optional<Shadow> shadow) {

    /** The version that did not decide, and its answer. */
    public record Shadow(int version, boolean instant) {
    }

    public PolicyRuling {
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(explanation, "explanation");
        Objects.requireNonNull(rolloutBucket, "rolloutBucket");
        Objects.requireNonNull(shadow, "shadow");
    }

    /** A ruling with no gray release in play. */
    public static PolicyRuling of(RefundPolicy policy, PolicyVerdict verdict) {
        return new PolicyRuling(verdict.instant(), policy.key(), policy.version(), verdict.explanation(),
                OptionalInt.empty(), Optional.empty());
    }
}
