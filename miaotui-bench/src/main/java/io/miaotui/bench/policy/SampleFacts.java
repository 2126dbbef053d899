package io.miaotui.bench.policy;

import io.miaotui.policy.cel.PolicyFacts;
import java.time.Duration;
import java.time.Instant;
import java.util.SplittableRandom;

/**
 * Varied refund requests for the policy benchmarks, from a fixed seed: both channels, shipped and not, amounts on
 * both sides of the 200.00 and 500.00 limits, payment from minutes to hours ago. Varied so neither the JIT nor the
 * branch predictor can settle on one answer.
 */
final class SampleFacts {
    private static final Instant NOW = Instant.parse("2026-11-11T12:00:00Z");

    private SampleFacts() {
    }

    static PolicyFacts[] make(int count, long seed) {
        var random = new SplittableRandom(seed);
        var facts = new PolicyFacts[count];
        for (int i = 0; i < count; i++) {
            long paidFen = 1 + random.nextLong(1_000_00);
            Instant paidAt = NOW.minus(Duration.ofSeconds(random.nextLong(4 * 3_600)));
            facts[i] = new PolicyFacts("S-" + random.nextInt(500), random.nextBoolean() ? "TAOBAO" : "TMALL",
                    random.nextInt(20) == 0, random.nextDouble(60, 100), paidAt, 1 + random.nextInt(4), paidFen,
                    1 + random.nextInt(3), random.nextInt(4) == 0, paidAt.plus(Duration.ofHours(48)),
                    "B-" + random.nextInt(100_000), random.nextInt(5), random.nextInt(40), random.nextLong(500_00),
                    random.nextInt(6), paidFen, "changed my mind", NOW);
        }
        return facts;
    }
}
