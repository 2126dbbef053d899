package io.miaotui.policy.cel;

import static io.miaotui.policy.cel.FactsBuilder.facts;
import static io.miaotui.policy.cel.PolicyTesting.errors;
import static io.miaotui.policy.cel.PolicyTesting.policy;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cel.runtime.CelFunctionResolver;
import dev.cel.runtime.CelVariableResolver;
import dev.cel.runtime.PartialVars;
import dev.cel.runtime.Program;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A policy runs on every refund request, its candidate too: what could make one expensive is refused when it is
 * written, and what is left is bounded when it runs. Whatever evaluation throws, the refund goes to review.
 */
class PolicyCostLimitsTest {

    @Test
    void matches_with_a_pattern_that_is_not_written_in_the_policy_is_refused_where_the_pattern_is() {
        assertThat(errors("request.reason.matches(request.reason)")).singleElement().satisfies(error -> {
            assertThat(error.line()).isEqualTo(1);
            assertThat(error.column()).as("CEL places a selection at its dot: the pattern's .reason").isEqualTo(31);
            assertThat(error.message()).contains("matches()").contains("constant");
        });
        assertThat(errors("!line.shipped &&\n  matches(shop.id, \"^S-\" + buyer.id)")).singleElement()
                .satisfies(error -> assertThat(error.line()).isEqualTo(2));
    }

    @Test
    void a_pattern_over_the_size_limit_is_refused() {
        String longPattern = "^(" + "shop-a|".repeat(40) + "shop-b)$";
        assertThat(errors("shop.id.matches(\"" + longPattern + "\")")).singleElement()
                .satisfies(error -> assertThat(error.message()).contains("characters"));
        assertThat(errors("request.reason.matches(\"(a|aa){0,1000}b\")")).singleElement()
                .satisfies(error -> assertThat(error.message()).contains("program size"));
        assertThat(errors("request.reason.matches(\"(unclosed\")")).singleElement()
                .satisfies(error -> assertThat(error.column()).isEqualTo(24));
    }

    @Test
    void matching_is_refused_inside_a_comprehension_and_past_a_few_calls() {
        assertThat(errors("[\"S-1\", \"S-2\"].exists(s, shop.id.matches(\"^S-\"))")).singleElement()
                .satisfies(error -> assertThat(error.message()).contains("inside a comprehension"));
        String five = String.join(" || ", java.util.Collections.nCopies(3, "shop.id.matches(\"^S-1\")"));
        assertThat(errors(five)).singleElement().satisfies(error -> assertThat(error.message()).contains("at most 2"));
    }

    @Test
    void a_constant_pattern_is_still_a_policy() {
        CompiledPolicy byReason = policy("request.reason.matches(\"^ordered\") && matches(shop.id, \"^S-[0-9]+$\")");

        assertThat(byReason.instant(facts().reason("ordered twice").build())).isTrue();
        assertThat(byReason.instant(facts().reason("damaged").build())).isFalse();
        assertThat(byReason.decide(facts().reason("ordered twice").build()).instant()).isTrue();
    }

    @Test
    void a_comprehension_inside_a_comprehension_is_refused() {
        String ten = "[0, 1, 2, 3, 4, 5, 6, 7, 8, 9]";
        assertThat(errors(ten + ".all(a, " + ten + ".all(b, " + ten + ".all(c, a + b + c >= 0)))"))
                .isNotEmpty().allSatisfy(error -> assertThat(error.message()).contains("nested"));
        assertThat(policy(ten + ".exists(a, a == line.quantity) && !line.shipped"))
                .as("one comprehension beside other conditions is fine").isNotNull();
    }

    @Test
    void a_second_comprehension_is_refused_so_the_whole_policy_and_each_condition_share_one_budget() {
        // The iteration budget is counted over one evaluation: two loops of 60 would pass condition by condition
        // (decide) and fail as a whole (instant), so the refund and its shadow or what-if would disagree.
        String sixty = java.util.stream.IntStream.range(0, 60).mapToObj(Integer::toString)
                .collect(java.util.stream.Collectors.joining(", ", "[", "]"));
        assertThat(errors(sixty + ".all(a, a >= 0) && " + sixty + ".exists(a, a == line.quantity)"))
                .singleElement().satisfies(error -> assertThat(error.message()).contains("one comprehension"));
        assertThat(errors("[1, 2].map(a, a * 2).all(a, a >= 0)")).singleElement()
                .satisfies(error -> assertThat(error.message()).contains("one comprehension"));
    }

    @Test
    void one_comprehension_is_bounded_and_decided_the_same_whole_or_condition_by_condition() {
        for (int size : new int[] {CelPolicyCompiler.MAX_COMPREHENSION_ITERATIONS,
                CelPolicyCompiler.MAX_COMPREHENSION_ITERATIONS + 1}) {
            String list = java.util.stream.IntStream.range(0, size).mapToObj(Integer::toString)
                    .collect(java.util.stream.Collectors.joining(", ", "[", "]"));
            CompiledPolicy looping = policy("!line.shipped && " + list + ".all(a, a >= 0)");
            boolean withinBudget = size <= CelPolicyCompiler.MAX_COMPREHENSION_ITERATIONS;
            assertThat(looping.instant(facts().build())).as("%d iterations, whole", size).isEqualTo(withinBudget);
            assertThat(looping.decide(facts().build()).instant()).as("%d iterations, by condition", size)
                    .isEqualTo(withinBudget);
        }
    }

    @Test
    void a_policy_nested_deeper_than_the_limit_is_refused() {
        String nested = "true";
        for (int i = 0; i < CelPolicyCompiler.MAX_AST_DEPTH + 5; i++) {
            nested = "(line.shipped ? false : " + nested + ")";
        }
        assertThat(errors(nested)).isNotEmpty().allSatisfy(error -> assertThat(error.message()).contains("depth"));
    }

    @Test
    void an_error_thrown_by_evaluation_sends_the_refund_to_review_with_the_cause_named() {
        Program overflowing = new Throwing(new StackOverflowError());
        CompiledPolicy policy = new CompiledPolicy("line.quantity > 0", overflowing,
                new ConditionChain(Junction.ONE, List.of(new Condition("line.quantity > 0", overflowing, List.of()))));

        assertThat(policy.instant(facts().build())).isFalse();
        PolicyDecision decision = policy.decide(facts().build());
        assertThat(decision.instant()).isFalse();
        assertThat(decision.explanation()).startsWith("Review: \"line.quantity > 0\" could not be evaluated")
                .contains("StackOverflowError");
    }

    /** A program whose every evaluation throws {@code thrown}: a stand-in for a CEL or JVM failure. */
    private record Throwing(Error thrown) implements Program {
        @Override
        public Object eval() {
            throw thrown;
        }

        @Override
        public Object eval(Map<String, ?> map) {
            throw thrown;
        }

        @Override
        public Object eval(Map<String, ?> map, CelFunctionResolver resolver) {
            throw thrown;
        }

        @Override
        public Object eval(CelVariableResolver resolver) {
            throw thrown;
        }

        @Override
        public Object eval(CelVariableResolver resolver, CelFunctionResolver functions) {
            throw thrown;
        }

        @Override
        public Object eval(PartialVars vars) {
            throw thrown;
        }
    }
}
