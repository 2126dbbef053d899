package io.miaotui.policy.cel;

import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.Program;
import java.util.List;
import java.util.Objects;

/**
 * A refund policy compiled from CEL: immutable and safe to share between threads (CEL programs are immutable).
 * {@link #instant} is the fast path, one program evaluation; {@link #decide} also says why. Neither throws for a
 * request: an evaluation error (overflow, an unknown fact, even a {@link StackOverflowError}) means the merchant
 * reviews the refund.
 */
public final class CompiledPolicy {
    private final String expression;
    private final Program program;
    private final ConditionChain chain;

    CompiledPolicy(String expression, Program program, ConditionChain chain) {
        this.expression = Objects.requireNonNull(expression, "expression");
        this.program = Objects.requireNonNull(program, "program");
        this.chain = Objects.requireNonNull(chain, "chain");
    }

    /** The expression as the author wrote it. */
    public String expression() {
        return expression;
    }

    /** The top-level conditions explanations name, as CEL prints them. */
    public List<String> conditions() {
        return chain.conditions().stream().map(Condition::text).toList();
    }

    /** True when the refund is granted instantly; false for review, including when the policy cannot be evaluated. */
    public boolean instant(PolicyFacts facts) {
        try {
            return program.eval(new FactsResolver(facts)) instanceof Boolean granted && granted;
        } catch (CelEvaluationException | RuntimeException | Error e) {
            return false; // an Error too (a stack overflow in one evaluation): review, never a failed request
        }
    }

    /** The decision with its one-sentence explanation, naming the deciding conditions and the facts they read. */
    public PolicyDecision decide(PolicyFacts facts) {
        return chain.decide(facts);
    }

    @Override
    public String toString() {
        return "CompiledPolicy[" + expression + "]";
    }
}
