package io.miaotui.report;

import java.util.Arrays;

/**
 * The refunded buyers of one re-purchase scope, kept as flags per buyer number so that sets from many days and
 * groups can be united (distinct buyers do not add up, but their sets do): {@link #add} ORs a buyer's flags in,
 * {@link #counts} counts by {@link Repurchase}'s definition. Buyer numbers are small and dense (the rollup's
 * dictionary), so one byte per number is the whole set.
 */
public final class BuyerSets {
    /** The buyer had an instant refund paid in the scope. */
    public static final int INSTANT = 1;
    /** ...and came back after one of them. */
    public static final int INSTANT_BACK = 2;
    /** The buyer had a merchant-reviewed refund paid in the scope. */
    public static final int REVIEWED = 4;
    /** ...and came back after one of them. */
    public static final int REVIEWED_BACK = 8;

    private byte[] flags = new byte[256];

    /** Packs a buyer number and its flags into one int, as the rollup stores them. */
    public static int pack(int ordinal, int flags) {
        if (ordinal < 0 || ordinal >= 1 << 27 || (flags & ~0xF) != 0) {
            throw new IllegalArgumentException("buyer " + ordinal + " flags " + flags);
        }
        return ordinal << 4 | flags;
    }

    public static int ordinal(int packed) {
        return packed >>> 4;
    }

    public static int flags(int packed) {
        return packed & 0xF;
    }

    /** The flags of one refund: instant or reviewed, and whether its buyer came back after it. */
    public static int of(boolean instant, boolean back) {
        return instant ? (back ? INSTANT | INSTANT_BACK : INSTANT) : (back ? REVIEWED | REVIEWED_BACK : REVIEWED);
    }

    public BuyerSets add(int ordinal, int buyerFlags) {
        if (ordinal >= flags.length) {
            flags = Arrays.copyOf(flags, Math.max(ordinal + 1, flags.length * 2));
        }
        flags[ordinal] |= (byte) buyerFlags;
        return this;
    }

    public Repurchase.Counts counts() {
        long buyers = 0;
        long back = 0;
        long instant = 0;
        long instantBack = 0;
        long reviewed = 0;
        long reviewedBack = 0;
        for (byte f : flags) {
            if (f == 0) {
                continue;
            }
            buyers++;
            if ((f & (INSTANT_BACK | REVIEWED_BACK)) != 0) {
                back++;
            }
            if ((f & INSTANT) != 0) {
                instant++;
            }
            if ((f & INSTANT_BACK) != 0) {
                instantBack++;
            }
            if ((f & REVIEWED) != 0) {
                reviewed++;
            }
            if ((f & REVIEWED_BACK) != 0) {
                reviewedBack++;
            }
        }
        return new Repurchase.Counts(buyers, back, instant, instantBack, reviewed, reviewedBack);
    }
}
