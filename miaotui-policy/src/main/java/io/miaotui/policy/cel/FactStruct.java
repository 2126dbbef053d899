package io.miaotui.policy.cel;

import dev.cel.common.exceptions.CelAttributeNotFoundException;
import dev.cel.common.types.CelType;
import dev.cel.common.values.StructValue;
import java.util.Optional;

/**
 * One context variable ({@code line}, {@code buyer}...) as a typed CEL struct over the flat facts: nothing is copied,
 * a field is read when the expression selects it. An unknown fact is an evaluation error, which means review.
 */
final class FactStruct extends StructValue<String, PolicyFacts> {
    private final FactGroup group;
    private final PolicyFacts facts;

    FactStruct(FactGroup group, PolicyFacts facts) {
        this.group = group;
        this.facts = facts;
    }

    @Override
    public Object select(String field) {
        Object value = group.read(field, facts);
        if (value == null) {
            throw CelAttributeNotFoundException.of(group.variable() + "." + field + " is not known");
        }
        return value;
    }

    @Override
    public Optional<?> find(String field) {
        return Optional.ofNullable(group.read(field, facts));
    }

    @Override
    public PolicyFacts value() {
        return facts;
    }

    @Override
    public boolean isZeroValue() {
        return false;
    }

    @Override
    public CelType celType() {
        return group.type();
    }
}
