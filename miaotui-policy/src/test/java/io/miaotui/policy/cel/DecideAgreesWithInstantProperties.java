package io.miaotui.policy.cel;

import static org.assertj.core.api.Assertions.assertThat;

import io.miaotui.testing.Tries;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code decide} combines the value of a policy from its conditions instead of running the whole program again;
 * it must agree with {@code instant} (the whole program, run once) for every policy shape and every request,
 * including requests where a condition cannot be evaluated (an unknown ship-by or reason, an overflow).
 */
class DecideAgreesWithInstantProperties {
    private static final List<CompiledPolicy> POLICIES = List.of(
            "!line.shipped",
            "!line.shipped && line.paidAmount <= 50000",
            "line.shipBy > now && line.paidAmount <= 50000",
            "line.paidAmount <= 50000 && line.shipBy > now",
            "line.shipBy > now || !line.shipped",
            "!line.shipped || line.shipBy > now",
            "request.reason == \"ordered twice\" || line.paidAmount < 10000",
            "line.paidAmount * 9223372036854775807 > 0 && !line.shipped",
            "!line.shipped && line.paidAmount * 9223372036854775807 > 0",
            "(line.paidAmount <= 20000 || buyer.creditLevel >= 3) && !line.shipped && now - order.paidAt <= duration(\"2h\")",
            "line.shipBy > now || request.reason == \"x\" || line.paidAmount * 9223372036854775807 > 0")
            .stream().map(PolicyTesting::policy).toList();

    @Test
    void decideAgreesWithInstant() {
        Tries.check(2_000, gen -> decideAgreesWithInstant(gen.oneOf(POLICIES), gen.longs(0, 100_000), gen.bool(),
                gen.bool(), gen.bool(), gen.ints(0, 5), gen.ints(0, 240), gen.ints(-48, 48)));
    }

    private static void decideAgreesWithInstant(CompiledPolicy policy, long paidFen, boolean shipped,
            boolean shipByKnown, boolean reasonKnown, int creditLevel, int minutesSincePayment,
            int shipByHoursFromNow) {
        FactsBuilder builder = FactsBuilder.facts().paidFen(paidFen).shipped(shipped).creditLevel(creditLevel)
                .sincePayment(Duration.ofMinutes(minutesSincePayment))
                .reason(reasonKnown ? "ordered twice" : null);
        PolicyFacts facts = builder.build();
        facts = (shipByKnown ? builder.shipBy(facts.now().plus(Duration.ofHours(shipByHoursFromNow)))
                : builder.shipBy(null)).build();

        assertThat(policy.decide(facts).instant()).as("%s on %s", policy, facts).isEqualTo(policy.instant(facts));
    }
}
