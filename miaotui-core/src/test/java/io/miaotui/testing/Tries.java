package io.miaotui.testing;

import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * Runs a property over many seeded tries and, when one fails, names the seeds that replay it. The base seed is
 * {@code -Dmiaotui.seed=...} or, when unset, a fresh random one, printed before the tries so that any run can be
 * replayed; each try draws from a seed of its own, derived from the base. {@code -Dmiaotui.tries=...} overrides
 * every property's number of tries (to replay one try, or to search longer).
 * <p>
 * The first try's seed is the base seed itself, so {@code -Dmiaotui.seed=<a try's seed> -Dmiaotui.tries=1} replays
 * exactly that try. A property stops at its first failing try; nothing is shrunk (replay the seed and debug).
 */
public final class Tries {
    public static final String SEED_PROPERTY = "miaotui.seed";
    public static final String TRIES_PROPERTY = "miaotui.tries";
    /** One try in this many draws only boundary values (see {@link Gen}). */
    static final int BOUNDARY_TRY_ONE_IN = 4;

    private Tries() {
    }

    /**
     * Runs {@code property} {@code tries} times (or {@code -Dmiaotui.tries}), each time with a {@link Gen} of its own
     * seed. Returns the number of tries run, for checks over all of them (coverage, say).
     *
     * @throws AssertionError naming the failing try, its seed, the base seed and how to replay them, caused by what
     *                        the property threw
     */
    public static int check(int tries, Consumer<Gen> property) {
        long baseSeed = seed();
        int count = Integer.getInteger(TRIES_PROPERTY, tries);
        System.out.printf("seeded property: base seed %d, %d tries (replay with -D%s=%d)%n", baseSeed, count,
                SEED_PROPERTY, baseSeed);
        SplittableRandom seeds = new SplittableRandom(baseSeed);
        for (int i = 0; i < count; i++) {
            long trySeed = i == 0 ? baseSeed : seeds.nextLong();
            boolean boundariesOnly = Math.floorMod(trySeed, BOUNDARY_TRY_ONE_IN) == 0;
            try {
                property.accept(new Gen(trySeed, boundariesOnly));
            } catch (Throwable failure) {
                throw new AssertionError(String.format(
                        "property failed on try %d of %d (try seed %d, base seed %d)%n"
                                + "  replay this try alone: -D%s=%d -D%s=1%n"
                                + "  replay the whole run:  -D%s=%d%n"
                                + "  failure: %s",
                        i + 1, count, trySeed, baseSeed, SEED_PROPERTY, trySeed, TRIES_PROPERTY, SEED_PROPERTY,
                        baseSeed, failure), failure);
            }
        }
        return count;
    }

    private static long seed() {
        String fixed = System.getProperty(SEED_PROPERTY);
        if (fixed != null && !fixed.isBlank()) {
            return Long.parseLong(fixed.strip());
        }
        return new SplittableRandom().nextLong();
    }
}
