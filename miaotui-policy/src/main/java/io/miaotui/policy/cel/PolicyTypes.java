package io.miaotui.policy.cel;

import com.google.common.collect.ImmutableCollection;
import com.google.common.collect.ImmutableList;
import dev.cel.common.types.CelType;
import dev.cel.common.types.CelTypeProvider;
import java.util.Arrays;
import java.util.Optional;

/** Tells CEL's checker and runtime about the context's struct types (one per {@link FactGroup}). */
final class PolicyTypes implements CelTypeProvider {
    static final PolicyTypes INSTANCE = new PolicyTypes();

    private final ImmutableList<CelType> types =
            Arrays.stream(FactGroup.values()).map(FactGroup::type).collect(ImmutableList.toImmutableList());

    private PolicyTypes() {
    }

    @Override
    public ImmutableCollection<CelType> types() {
        return types;
    }

    @Override
    public Optional<CelType> findType(String typeName) {
        return types.stream().filter(type -> type.name().equals(typeName)).findFirst();
    }
}
