package io.miaotui.policy.cel;

import io.miaotui.policy.DefaultPolicies;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The seed rules of {@link DefaultPolicies} written in CEL, under the same keys. Which channel a rule serves is
 * routing's business, outside the expression, so the channel checks of the Java rules are not repeated here.
 */
public final class DefaultCelPolicies {

    public static final PolicyDefinition TMALL_UNSHIPPED = new PolicyDefinition(DefaultPolicies.TMALL_UNSHIPPED, 1,
            "TMALL shops: unshipped lines are refunded instantly, any amount.",
            "!line.shipped");

    public static final PolicyDefinition TAOBAO_UNSHIPPED = new PolicyDefinition(DefaultPolicies.TAOBAO_UNSHIPPED, 1,
            "TAOBAO shops: unshipped lines paid at most 500.00 are refunded instantly.",
            "!line.shipped && line.paidAmount <= 50000");

    public static final PolicyDefinition LEGACY_2H_200 = new PolicyDefinition(DefaultPolicies.LEGACY_2H_200, 1,
            "Any shop: unshipped lines paid at most 200.00 are refunded instantly within 2 hours of payment.",
            "!line.shipped && now - order.paidAt <= duration(\"2h\") && line.paidAmount <= 20000");

    private DefaultCelPolicies() {
    }

    public static List<PolicyDefinition> all() {
        return List.of(TMALL_UNSHIPPED, TAOBAO_UNSHIPPED, LEGACY_2H_200);
    }

    /** Each default compiled, by key; they are known to compile, so a rejection here is a bug. */
    public static Map<String, CompiledPolicy> compile(CelPolicyCompiler compiler) {
        var compiled = new LinkedHashMap<String, CompiledPolicy>();
        for (PolicyDefinition definition : all()) {
            switch (compiler.compile(definition.expression())) {
                case PolicyCompilation.Compiled(CompiledPolicy policy) -> compiled.put(definition.key(), policy);
                case PolicyCompilation.Rejected(List<PolicyError> errors) -> throw new IllegalStateException(
                        "default policy " + definition.key() + " does not compile: " + errors);
            }
        }
        return Collections.unmodifiableMap(compiled); // keeps the order of all()
    }
}
