package io.miaotui.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * The values of one try, drawn from that try's seed. Bugs sit at boundaries, so boundaries are drawn far more often
 * than their share: in an ordinary try one draw in {@value #BOUNDARY_ONE_IN} is a boundary of its range (min, min+1,
 * -1, 0, 1, max-1, max, an empty or a longest list), and one try in {@value Tries#BOUNDARY_TRY_ONE_IN} draws nothing
 * but boundaries, so that boundaries of several parameters meet in one try (as property libraries mix in edge
 * cases).
 * Other draws are half uniform over the range and half of a random magnitude, so small values turn up in big ranges.
 */
public final class Gen {
    static final int BOUNDARY_ONE_IN = 8;

    private final SplittableRandom random;
    private final boolean boundariesOnly;

    Gen(long seed, boolean boundariesOnly) {
        this.random = new SplittableRandom(seed);
        this.boundariesOnly = boundariesOnly;
    }

    /** A long in {@code [min, max]}. */
    public long longs(long min, long max) {
        if (min > max) {
            throw new IllegalArgumentException("empty range [" + min + ", " + max + "]");
        }
        if (boundariesOnly || random.nextInt(BOUNDARY_ONE_IN) == 0) {
            List<Long> boundaries = boundaries(min, max);
            return boundaries.get(random.nextInt(boundaries.size()));
        }
        return random.nextBoolean() ? uniform(min, max) : ofRandomMagnitude(min, max);
    }

    /** An int in {@code [min, max]}. */
    public int ints(int min, int max) {
        return (int) longs(min, max);
    }

    public boolean bool() {
        return random.nextBoolean();
    }

    /** One of {@code values}, each as likely (a choice among named values has no boundary to favour). */
    @SafeVarargs
    public final <T> T oneOf(T... values) {
        return values[random.nextInt(values.length)];
    }

    public <T> T oneOf(List<T> values) {
        return values.get(random.nextInt(values.size()));
    }

    public <E extends Enum<E>> E oneOf(Class<E> type) {
        return oneOf(type.getEnumConstants());
    }

    /** The index of one of {@code weights}, drawn in proportion to its weight ({@code 5, 3, 2}: 0 half the time). */
    public int weighted(int... weights) {
        int total = 0;
        for (int weight : weights) {
            total += weight;
        }
        int roll = random.nextInt(total);
        for (int i = 0; ; i++) {
            roll -= weights[i];
            if (roll < 0) {
                return i;
            }
        }
    }

    /** True with probability {@code p}, whatever the try (for a value that is sometimes absent, say). */
    public boolean chance(double p) {
        return random.nextDouble() < p;
    }

    /** A list of {@code [minSize, maxSize]} elements; its size is drawn like any number, so often shortest or longest. */
    public <T> List<T> list(int minSize, int maxSize, Function<Gen, T> element) {
        int size = ints(minSize, maxSize);
        var list = new ArrayList<T>(size);
        for (int i = 0; i < size; i++) {
            list.add(element.apply(this));
        }
        return list;
    }

    static List<Long> boundaries(long min, long max) {
        var boundaries = new ArrayList<Long>();
        for (long candidate : new long[] {min, min + 1, -1, 0, 1, max - 1, max}) {
            // min + 1 and max - 1 wrap around at the long's edges; the range check drops what wrapped.
            if (candidate >= min && candidate <= max && !boundaries.contains(candidate)) {
                boundaries.add(candidate);
            }
        }
        return boundaries;
    }

    private long uniform(long min, long max) {
        if (max < Long.MAX_VALUE) {
            return random.nextLong(min, max + 1);
        }
        return min == Long.MIN_VALUE ? random.nextLong() : random.nextLong(min - 1, max) + 1;
    }

    /** A value within 2^k of the range's point nearest zero, for a random k: as many small values as large ones. */
    private long ofRandomMagnitude(long min, long max) {
        long centre = Math.max(min, Math.min(max, 0));
        long offset = random.nextLong() >>> (1 + random.nextInt(63));
        try {
            long candidate = random.nextBoolean() ? Math.addExact(centre, offset) : Math.subtractExact(centre, offset);
            return candidate >= min && candidate <= max ? candidate : uniform(min, max);
        } catch (ArithmeticException beyondLong) {
            return uniform(min, max);
        }
    }
}
