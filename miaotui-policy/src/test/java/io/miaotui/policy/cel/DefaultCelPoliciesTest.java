package io.miaotui.policy.cel;

import static io.miaotui.policy.cel.FactsBuilder.facts;
import static org.assertj.core.api.Assertions.assertThat;

import io.miaotui.policy.DefaultPolicies;
import io.miaotui.policy.RefundPolicy;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DefaultCelPoliciesTest {

    private static final Map<String, CompiledPolicy> POLICIES = DefaultCelPolicies.compile(PolicyTesting.COMPILER);
    private static final CompiledPolicy TMALL = POLICIES.get("tmall-unshipped");
    private static final CompiledPolicy TAOBAO = POLICIES.get("taobao-unshipped");
    private static final CompiledPolicy LEGACY = POLICIES.get("legacy-2h-200");

    @Test
    void the_cel_defaults_have_the_java_rules_keys_versions_and_descriptions_in_the_same_order() {
        assertThat(DefaultCelPolicies.all()).extracting(PolicyDefinition::key)
                .containsExactlyElementsOf(DefaultPolicies.all().stream().map(RefundPolicy::key).toList());
        assertThat(DefaultCelPolicies.all()).extracting(PolicyDefinition::description)
                .containsExactlyElementsOf(DefaultPolicies.all().stream().map(RefundPolicy::description).toList());
        assertThat(DefaultCelPolicies.all()).extracting(PolicyDefinition::version).containsOnly(1);
        assertThat(POLICIES).containsOnlyKeys("tmall-unshipped", "taobao-unshipped", "legacy-2h-200");
    }

    @Test
    void a_taobao_line_of_500_00_is_instant_and_one_of_500_01_goes_to_merchant_review() {
        assertThat(TAOBAO.instant(facts().paidFen(500_00).build())).isTrue();
        assertThat(TAOBAO.instant(facts().paidFen(500_01).build())).isFalse();
        assertThat(TAOBAO.decide(facts().paidFen(500_01).build()).explanation())
                .isEqualTo("Review: \"line.paidAmount <= 50000\" failed (line.paidAmount = 50001 fen = ¥500.01).");
    }

    @Test
    void a_tmall_unshipped_line_is_instant_at_any_amount() {
        assertThat(TMALL.instant(facts().channel("TMALL").paidFen(1).build())).isTrue();
        assertThat(TMALL.instant(facts().channel("TMALL").paidFen(99_999_999_00L).build())).isTrue();
    }

    @Test
    void the_legacy_rule_grants_200_00_and_refuses_200_01() {
        assertThat(LEGACY.instant(facts().paidFen(200_00).build())).isTrue();
        assertThat(LEGACY.instant(facts().paidFen(200_01).build())).isFalse();
    }

    @Test
    void the_legacy_rule_grants_exactly_2_hours_after_payment_and_refuses_one_microsecond_later() {
        Duration twoHours = Duration.ofHours(2);
        assertThat(LEGACY.instant(facts().paidFen(100_00).sincePayment(twoHours).build())).isTrue();

        PolicyFacts late = facts().paidFen(100_00).sincePayment(twoHours.plus(1, ChronoUnit.MICROS)).build();
        assertThat(LEGACY.instant(late)).isFalse();
        assertThat(LEGACY.decide(late).explanation()).isEqualTo("Review: \"now - order.paidAt <= duration(\"2h\")\""
                + " failed (now = 2026-11-11T02:00:05.000001Z, order.paidAt = 2026-11-11T00:00:05Z).");
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 200_00, 500_00, 500_01, 99_999_00})
    void a_shipped_line_goes_to_review_under_every_default_whatever_it_paid(long paidFen) {
        PolicyFacts shipped = facts().shipped(true).paidFen(paidFen).build();

        assertThat(POLICIES.values()).allSatisfy(policy -> {
            assertThat(policy.instant(shipped)).isFalse();
            assertThat(policy.decide(shipped).explanation()).contains("\"!line.shipped\" failed (line.shipped = true)");
        });
    }
}
