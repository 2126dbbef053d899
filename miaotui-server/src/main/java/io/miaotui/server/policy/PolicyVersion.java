package io.miaotui.server.policy;

import io.miaotui.policy.PolicyVersionStatus;
import io.miaotui.policy.cel.Rollout;
import java.time.Instant;

/** One stored version of a policy. */
public record PolicyVersion(String key, int version, String expression, String description, PolicyVersionStatus status,
        Rollout rollout, Instant createdAt, String createdBy, Instant changedAt) {
}
