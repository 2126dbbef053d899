package io.miaotui.policy;

import java.util.Objects;
import java.util.function.Function;

/** A policy written as plain code: a key, a version and a rule. */
public record RulePolicy(String key, int version, String description, Function<RefundContext, PolicyVerdict> rule)
        implements RefundPolicy {

    public RulePolicy {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(rule, "rule");
    }

    @Override
    public PolicyVerdict evaluate(RefundContext context) {
        return rule.apply(context);
    }
}
