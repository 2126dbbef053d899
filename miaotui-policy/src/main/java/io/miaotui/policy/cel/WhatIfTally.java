package io.miaotui.policy.cel;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The in-memory half of a what-if replay: stored requests are fed one at a time with what was decided then, the
 * draft policy decides them again, and only counters are kept, so a replay over millions of rows streamed from
 * the database runs in constant memory. One tally per replay, on one thread.
 */
public final class WhatIfTally {
    /** Channels are a handful of marketplaces; more means the facts are wrong, not that the map should grow. */
    static final int MAX_CHANNELS = 64;

    private final CompiledPolicy draft;
    private final Counts total = new Counts();
    private final Map<String, Counts> byChannel = new HashMap<>();

    public WhatIfTally(CompiledPolicy draft) {
        this.draft = Objects.requireNonNull(draft, "draft");
    }

    /** Counts one stored request: {@code wasInstant} is what the policy of the day decided. */
    public void add(PolicyFacts facts, boolean wasInstant) {
        boolean nowInstant = draft.instant(facts);
        Counts channel = byChannel.get(facts.shopChannel());
        if (channel == null) {
            if (byChannel.size() >= MAX_CHANNELS) {
                throw new IllegalArgumentException("more than " + MAX_CHANNELS + " shop channels in one replay");
            }
            channel = new Counts();
            byChannel.put(facts.shopChannel(), channel);
        }
        total.add(facts.requestAmountFen(), wasInstant, nowInstant);
        channel.add(facts.requestAmountFen(), wasInstant, nowInstant);
    }

    /** The figures so far; the tally may go on counting after. */
    public WhatIfResult result() {
        var channels = new HashMap<String, WhatIfFigures>();
        byChannel.forEach((channel, counts) -> channels.put(channel, counts.figures()));
        return new WhatIfResult(total.figures(), channels);
    }

    /** Mutable counters behind one {@link WhatIfFigures}; sums overflow loudly rather than wrap. */
    private static final class Counts {
        private long requests;
        private long instantBefore;
        private long instantAfter;
        private long amountInstantBeforeFen;
        private long amountInstantAfterFen;
        private long reviewsAvoided;
        private long reviewsAdded;

        void add(long amountFen, boolean wasInstant, boolean nowInstant) {
            requests++;
            if (wasInstant) {
                instantBefore++;
                amountInstantBeforeFen = Math.addExact(amountInstantBeforeFen, amountFen);
            }
            if (nowInstant) {
                instantAfter++;
                amountInstantAfterFen = Math.addExact(amountInstantAfterFen, amountFen);
            }
            if (!wasInstant && nowInstant) {
                reviewsAvoided++;
            }
            if (wasInstant && !nowInstant) {
                reviewsAdded++;
            }
        }

        WhatIfFigures figures() {
            return new WhatIfFigures(requests, instantBefore, instantAfter, amountInstantBeforeFen,
                    amountInstantAfterFen, reviewsAvoided, reviewsAdded);
        }
    }
}
