package io.miaotui.policy.cel;

import java.util.Objects;

/** A policy as an operator writes it: a stable key, a version, one line saying what it grants, and the CEL. */
public record PolicyDefinition(String key, int version, String description, String expression) {

    public PolicyDefinition {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(expression, "expression");
        if (version < 1) {
            throw new IllegalArgumentException("versions start at 1");
        }
    }
}
