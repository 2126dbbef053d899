package io.miaotui.policy.cel;

import java.util.ArrayList;
import java.util.List;

/**
 * A policy seen as its top-level conditions, to say which of them decided. Only {@link CompiledPolicy#decide} uses
 * it: each condition is evaluated once, and the policy's value is combined from theirs, so an explained decision
 * costs one program per condition and not one more for the whole.
 */
record ConditionChain(Junction junction, List<Condition> conditions) {

    ConditionChain {
        conditions = List.copyOf(conditions);
    }

    PolicyDecision decide(PolicyFacts facts) {
        List<Outcome> outcomes = conditions.stream().map(condition -> Outcome.of(condition.program(), facts)).toList();
        Outcome whole = combine(outcomes);
        return new PolicyDecision(whole.held(), explain(whole, outcomes, facts));
    }

    /**
     * The policy's value as CEL gives it, from its operands': CEL's {@code &&} and {@code ||} are commutative even
     * with errors, so a false operand decides an {@code &&} chain and a true one an {@code ||} chain wherever
     * they stand; failing that, an error makes the whole an error; otherwise the chain did not flip.
     */
    private Outcome combine(List<Outcome> outcomes) {
        if (junction == Junction.ONE) {
            return outcomes.getFirst();
        }
        boolean decisive = junction == Junction.ANY;
        for (Outcome outcome : outcomes) {
            if (!outcome.broken() && outcome.value() == decisive) {
                return outcome;
            }
        }
        for (Outcome outcome : outcomes) {
            if (outcome.broken()) {
                return outcome;
            }
        }
        return new Outcome(!decisive, null);
    }

    /**
     * The deciding conditions are those whose own value equals the whole policy's: all of them when an {@code &&}
     * chain holds, the ones that failed when it fails; for {@code ||} the ones that held, or all when none did.
     */
    private String explain(Outcome whole, List<Outcome> outcomes, PolicyFacts facts) {
        var parts = new ArrayList<String>();
        for (int i = 0; i < conditions.size(); i++) {
            Condition condition = conditions.get(i);
            Outcome own = outcomes.get(i);
            boolean deciding = whole.broken() ? own.broken() : !own.broken() && own.value() == whole.value();
            if (deciding) {
                parts.add(condition.describe(own, facts));
            }
        }
        return (whole.held() ? "Instant: " : "Review: ") + String.join(" and ", parts) + ".";
    }
}
