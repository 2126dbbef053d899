package io.miaotui.policy.cel;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

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

    @Property(tries = 2_000)
    void decideAgreesWithInstant(@ForAll("policies") CompiledPolicy policy, @ForAll @LongRange(min = 0, max = 100_000) long paidFen,
            @ForAll boolean shipped, @ForAll boolean shipByKnown, @ForAll boolean reasonKnown,
            @ForAll @IntRange(min = 0, max = 5) int creditLevel, @ForAll @IntRange(min = 0, max = 240) int minutesSincePayment,
            @ForAll @IntRange(min = -48, max = 48) int shipByHoursFromNow) {
        FactsBuilder builder = FactsBuilder.facts().paidFen(paidFen).shipped(shipped).creditLevel(creditLevel)
                .sincePayment(Duration.ofMinutes(minutesSincePayment))
                .reason(reasonKnown ? "ordered twice" : null);
        PolicyFacts facts = builder.build();
        facts = (shipByKnown ? builder.shipBy(facts.now().plus(Duration.ofHours(shipByHoursFromNow)))
                : builder.shipBy(null)).build();

        assertThat(policy.decide(facts).instant()).as("%s on %s", policy, facts).isEqualTo(policy.instant(facts));
    }

    @Provide
    Arbitrary<CompiledPolicy> policies() {
        return Arbitraries.of(POLICIES);
    }
}
