package io.miaotui.policy.cel;

import dev.cel.runtime.CelVariableResolver;
import java.util.Optional;

/** Serves one request's facts to a CEL program: each struct variable is a view over the same flat record. */
record FactsResolver(PolicyFacts facts) implements CelVariableResolver {

    @Override
    public Optional<Object> find(String name) {
        return Optional.ofNullable(switch (name) {
            case "shop" -> new FactStruct(FactGroup.SHOP, facts);
            case "order" -> new FactStruct(FactGroup.ORDER, facts);
            case "line" -> new FactStruct(FactGroup.LINE, facts);
            case "buyer" -> new FactStruct(FactGroup.BUYER, facts);
            case "request" -> new FactStruct(FactGroup.REQUEST, facts);
            case FactGroup.NOW -> facts.now();
            default -> null;
        });
    }
}
