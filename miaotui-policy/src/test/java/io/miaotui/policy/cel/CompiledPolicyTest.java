package io.miaotui.policy.cel;

import static io.miaotui.policy.cel.FactsBuilder.facts;
import static io.miaotui.policy.cel.PolicyTesting.policy;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class CompiledPolicyTest {

    private final CompiledPolicy taobao = policy("!line.shipped && line.paidAmount <= 50000");

    @Test
    void a_line_over_the_limit_goes_to_review_naming_the_failed_condition_and_its_value() {
        PolicyDecision decision = taobao.decide(facts().paidFen(620_00).build());

        assertThat(decision).isEqualTo(new PolicyDecision(false,
                "Review: \"line.paidAmount <= 50000\" failed (line.paidAmount = 62000 fen = ¥620.00)."));
    }

    @Test
    void an_instant_refund_names_every_condition_that_held_with_its_value() {
        PolicyDecision decision = taobao.decide(facts().paidFen(499_00).build());

        assertThat(decision).isEqualTo(new PolicyDecision(true,
                "Instant: \"!line.shipped\" held (line.shipped = false)"
                        + " and \"line.paidAmount <= 50000\" held (line.paidAmount = 49900 fen = ¥499.00)."));
    }

    @Test
    void a_review_names_every_failed_condition_so_the_operator_sees_all_that_would_have_to_change() {
        PolicyDecision decision = taobao.decide(facts().shipped(true).paidFen(620_00).build());

        assertThat(decision.explanation()).isEqualTo("Review: \"!line.shipped\" failed (line.shipped = true)"
                + " and \"line.paidAmount <= 50000\" failed (line.paidAmount = 62000 fen = ¥620.00).");
    }

    @Test
    void an_or_policy_names_only_the_conditions_that_held() {
        CompiledPolicy trusted = policy("line.paidAmount <= 10000 || buyer.creditLevel >= 5 || shop.channel == \"TMALL\"");

        assertThat(trusted.decide(facts().paidFen(800_00).creditLevel(6).build())).isEqualTo(new PolicyDecision(true,
                "Instant: \"buyer.creditLevel >= 5\" held (buyer.creditLevel = 6)."));
        assertThat(trusted.decide(facts().paidFen(800_00).creditLevel(1).build()).explanation()).isEqualTo(
                "Review: \"line.paidAmount <= 10000\" failed (line.paidAmount = 80000 fen = ¥800.00)"
                        + " and \"buyer.creditLevel >= 5\" failed (buyer.creditLevel = 1)"
                        + " and \"shop.channel == \"TMALL\"\" failed (shop.channel = \"TAOBAO\").");
    }

    @Test
    void time_conditions_show_now_and_the_timestamps_they_read() {
        CompiledPolicy window = policy("now - order.paidAt <= duration(\"2h\")");

        assertThat(window.decide(facts().sincePayment(Duration.ofHours(3)).build()).explanation()).isEqualTo(
                "Review: \"now - order.paidAt <= duration(\"2h\")\" failed"
                        + " (now = 2026-11-11T03:00:05Z, order.paidAt = 2026-11-11T00:00:05Z).");
    }

    @Test
    void an_overflow_is_a_review_that_says_the_policy_could_not_be_evaluated() {
        CompiledPolicy overflowing = policy("line.paidAmount * 9223372036854775807 > 0 && !line.shipped");
        PolicyFacts facts = facts().build();

        assertThat(overflowing.instant(facts)).isFalse();
        assertThat(overflowing.decide(facts)).isEqualTo(new PolicyDecision(false,
                "Review: \"line.paidAmount * 9223372036854775807 > 0\" could not be evaluated (long overflow)."));
    }

    @Test
    void reading_an_unknown_fact_is_a_review_naming_the_fact() {
        CompiledPolicy late = policy("now > line.shipBy");
        PolicyFacts noShipBy = facts().shipBy(null).build();

        assertThat(late.instant(noShipBy)).isFalse();
        assertThat(late.decide(noShipBy)).isEqualTo(new PolicyDecision(false,
                "Review: \"now > line.shipBy\" could not be evaluated (line.shipBy is not known)."));
    }

    @Test
    void an_error_cel_absorbs_into_a_false_chain_leaves_the_failed_condition_as_the_reason() {
        CompiledPolicy shippedAndLate = policy("line.shipped && now > line.shipBy");

        assertThat(shippedAndLate.decide(facts().shipped(false).shipBy(null).build())).isEqualTo(new PolicyDecision(
                false, "Review: \"line.shipped\" failed (line.shipped = false)."));
    }

    @Test
    void an_unknown_fact_only_matters_when_the_policy_reads_it() {
        assertThat(taobao.instant(facts().shipBy(null).reason(null).build())).isTrue();
    }

    @Test
    void has_tells_a_known_fact_from_an_unknown_one_so_a_policy_can_guard_its_reads() {
        CompiledPolicy guarded = policy("!has(line.shipBy) || now > line.shipBy");

        assertThat(guarded.instant(facts().shipBy(null).build())).isTrue();
        assertThat(guarded.instant(facts().shipBy(FactsBuilder.PAID_AT).build())).isTrue();
        assertThat(guarded.instant(facts().shipBy(FactsBuilder.PAID_AT.plus(Duration.ofDays(2))).build())).isFalse();
    }

    @Test
    void a_double_fact_compares_with_a_whole_number_as_authors_write_it() {
        CompiledPolicy goodShops = policy("shop.experienceScore >= 90");

        assertThat(goodShops.decide(facts().build())).isEqualTo(new PolicyDecision(true,
                "Instant: \"shop.experienceScore >= 90\" held (shop.experienceScore = 92.5)."));
    }

    @Test
    void a_condition_without_facts_is_named_without_values() {
        assertThat(policy("true").decide(facts().build()).explanation()).isEqualTo("Instant: \"true\" held.");
    }

    @Test
    void instant_and_decide_agree_on_the_outcome() {
        CompiledPolicy legacy = policy(DefaultCelPolicies.LEGACY_2H_200.expression());
        for (long paid : new long[] {1, 199_99, 200_00, 200_01, 900_00}) {
            for (int minutes : new int[] {0, 119, 120, 121}) {
                PolicyFacts facts = facts().paidFen(paid).sincePayment(Duration.ofMinutes(minutes)).build();
                assertThat(legacy.decide(facts).instant()).as("paid %d after %d min", paid, minutes)
                        .isEqualTo(legacy.instant(facts));
            }
        }
    }

    @Test
    void one_compiled_policy_serves_many_threads_with_the_answers_one_thread_gets() throws Exception {
        var facts = new ArrayList<PolicyFacts>();
        for (int i = 0; i < 2_000; i++) {
            facts.add(facts().paidFen(49_000 + i).shipped(i % 7 == 0).build());
        }
        List<Boolean> alone = facts.stream().map(taobao::instant).toList();

        try (var pool = Executors.newFixedThreadPool(4)) {
            var runs = new ArrayList<Future<List<Boolean>>>();
            for (int t = 0; t < 8; t++) {
                Callable<List<Boolean>> run = () -> facts.stream().map(taobao::instant).toList();
                runs.add(pool.submit(run));
            }
            for (Future<List<Boolean>> run : runs) {
                assertThat(run.get()).isEqualTo(alone);
            }
        }
        assertThat(alone).contains(true, false);
    }
}
