package io.miaotui.policy.cel;

import static io.miaotui.policy.cel.PolicyTesting.errors;
import static io.miaotui.policy.cel.PolicyTesting.policy;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CelPolicyCompilerTest {

    @Test
    void a_condition_over_the_documented_context_compiles_and_keeps_its_text() {
        CompiledPolicy policy = policy("!line.shipped && line.paidAmount <= 50000");

        assertThat(policy.expression()).isEqualTo("!line.shipped && line.paidAmount <= 50000");
        assertThat(policy.conditions()).containsExactly("!line.shipped", "line.paidAmount <= 50000");
    }

    @Test
    void a_long_and_chain_splits_into_its_operands_left_to_right_though_cel_balances_the_tree() {
        CompiledPolicy policy = policy("!line.shipped && line.quantity <= 3 && buyer.creditLevel >= 2"
                + " && request.amount <= line.paidAmount && !shop.closed");

        assertThat(policy.conditions()).containsExactly("!line.shipped", "line.quantity <= 3", "buyer.creditLevel >= 2",
                "request.amount <= line.paidAmount", "!shop.closed");
    }

    @Test
    void only_the_top_level_junction_is_split_and_macros_print_as_written() {
        CompiledPolicy policy = policy("[\"damaged\", \"wrong item\"].exists(r, r == request.reason)"
                + " || (!line.shipped && has(line.shipBy))");

        assertThat(policy.conditions())
                .containsExactly("[\"damaged\", \"wrong item\"].exists(r, r == request.reason)",
                        "!line.shipped && has(line.shipBy)");
    }

    @Test
    void a_syntax_error_is_refused_with_its_line_and_column() {
        assertThat(errors("line.paidAmount <=")).singleElement().satisfies(error -> {
            assertThat(error.line()).isEqualTo(1);
            assertThat(error.column()).isEqualTo(19);
            assertThat(error.message()).contains("mismatched input '<EOF>'");
        });
    }

    @Test
    void comparing_money_with_a_string_is_a_type_error_at_the_operator() {
        assertThat(errors("line.paidAmount <= \"500\"")).singleElement().satisfies(error -> {
            assertThat(error.line()).isEqualTo(1);
            assertThat(error.column()).isEqualTo(17);
            assertThat(error.message()).contains("no matching overload for '_<=_' applied to '(int, string)'");
        });
    }

    @Test
    void a_field_the_context_does_not_have_is_refused_where_it_is_selected() {
        assertThat(errors("line.nosuch")).containsExactly(new PolicyError(1, 5, "undefined field 'nosuch'"));
    }

    @Test
    void an_error_on_a_later_line_gives_that_line_and_its_own_column() {
        assertThat(errors("!line.shipped &&\n  line.nosuch > 1")).singleElement().satisfies(error -> {
            assertThat(error.line()).isEqualTo(2);
            assertThat(error.column()).isEqualTo(7);
        });
    }

    @Test
    void a_variable_outside_the_context_is_refused() {
        assertThat(errors("seller.rating > 4")).singleElement()
                .satisfies(error -> assertThat(error.message()).contains("undeclared reference to 'seller'"));
    }

    @Test
    void an_expression_that_is_not_true_or_false_is_refused_at_the_start_with_its_type() {
        assertThat(errors("line.paidAmount")).singleElement().satisfies(error -> {
            assertThat(error.line()).isEqualTo(1);
            assertThat(error.column()).isEqualTo(1);
            assertThat(error.message()).contains("must be true or false (bool)").contains("gives int");
        });
    }

    @Test
    void an_expression_of_4000_characters_compiles_and_one_of_4001_is_refused() {
        String padded = "!line.shipped" + " ".repeat(CelPolicyCompiler.MAX_EXPRESSION_CHARS - 13);
        assertThat(padded).hasSize(4_000);
        policy(padded);

        assertThat(errors(padded + " ")).singleElement().satisfies(error -> {
            assertThat(error.line()).isEqualTo(1);
            assertThat(error.message()).contains("4001 characters").contains("4000");
        });
    }

    @Test
    void an_empty_expression_is_refused_with_an_example() {
        assertThat(errors("  ")).singleElement()
                .satisfies(error -> assertThat(error.message()).contains("!line.shipped"));
        assertThat(errors(null)).hasSize(1);
    }

    @Test
    void a_policy_can_read_every_documented_fact_with_its_documented_type() {
        CompiledPolicy everything = policy("""
                shop.id == "S-1" && shop.channel == "TAOBAO" && !shop.closed && shop.experienceScore >= 90.0
                && order.paidAt < now && order.lineCount == 2
                && line.paidAmount == 49900 && line.quantity == 1 && !line.shipped && line.shipBy > now
                && buyer.id == "B-1" && buyer.refundsLast90d == 1 && buyer.ordersLast90d == 10
                && buyer.instantRefundAmountLast30d == 0 && buyer.creditLevel == 3
                && request.amount == 49900 && request.reason == "ordered twice"
                && now == timestamp("2026-11-11T00:05:05Z")""");

        assertThat(everything.conditions()).hasSize(18);
        assertThat(everything.decide(FactsBuilder.facts().build()))
                .satisfies(decision -> assertThat(decision.instant()).as(decision.explanation()).isTrue());
    }
}
