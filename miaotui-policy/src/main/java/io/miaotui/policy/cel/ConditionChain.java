package io.miaotui.policy.cel;

import java.util.ArrayList;
import java.util.List;

/**
 * A policy seen as its top-level conditions, to say which of them decided. Only {@link CompiledPolicy#decide} uses
 * it: the conditions are evaluated again one by one, which costs a few programs per explanation.
 */
record ConditionChain(Junction junction, List<Condition> conditions) {

    ConditionChain {
        conditions = List.copyOf(conditions);
    }

    /**
     * The deciding conditions are those whose own value equals the whole policy's: all of them when an {@code &&}
     * chain holds, the ones that failed when it fails; for {@code ||} the ones that held, or all when none did.
     */
    String explain(Outcome whole, PolicyFacts facts) {
        var parts = new ArrayList<String>();
        for (Condition condition : conditions) {
            Outcome own = Outcome.of(condition.program(), facts);
            boolean deciding = whole.broken() ? own.broken() : !own.broken() && own.value() == whole.value();
            if (deciding) {
                parts.add(condition.describe(own, facts));
            }
        }
        if (parts.isEmpty()) {
            // CEL may absorb an error into a chain's value (false && error is false); then name the policy as a whole.
            parts.add(whole.broken() ? "the policy could not be evaluated (" + whole.error() + ")"
                    : "the policy " + (whole.value() ? "held" : "failed"));
        }
        return (whole.held() ? "Instant: " : "Review: ") + String.join(" and ", parts) + ".";
    }
}
