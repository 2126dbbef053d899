package io.miaotui.report;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Re-purchase (复购), the claim behind instant refunds measured: of the buyers whose refund was paid, the share who
 * paid another order in the same shop within 7 days after the refund's money reached them.
 * <ul>
 * <li>The refunds counted are those asked for in the report's window that reached PAID.</li>
 * <li>A buyer counts once per scope (overall, a channel, a policy version): re-purchased if after <em>any</em>
 * of their paid refunds in that scope they paid an order of that refund's shop, other than the refunded order,
 * at a time in (refund paid, refund paid + 7 days].</li>
 * <li>Split by how the refund was decided: a buyer with an instant refund counts in the instant rate, one with a
 * merchant-reviewed refund in the reviewed rate (a buyer with both counts in each, with the refunds of each kind).</li>
 * </ul>
 * {@link #tally} is that definition in Java over one row per paid refund (unit-tested at its edges); the
 * report's SQL ({@code ReportStore.repurchase}) computes the same counts in the database, with {@link #WINDOW}
 * bound as a parameter, since a million refunds cannot travel to Java one row each; the seeded report test
 * ({@code ConsumerExperienceReportTest}) checks the SQL against counts worked out by hand with this definition.
 */
public final class Repurchase {
    public static final Duration WINDOW = Duration.ofDays(7);

    private Repurchase() {
    }

    /** A paid refund: its buyer, whether it was instant, when it was paid and the buyer's next order in the shop. */
    public record PaidRefund(String buyerId, boolean instant, Instant paidAt, Optional<Instant> nextOrderPaidAt) {
    }

    /** Buyers refunded and of them re-purchased: in all, for instant refunds and for reviewed ones. */
    public record Counts(long buyers, long repurchased, long instantBuyers, long instantRepurchased,
            long reviewedBuyers, long reviewedRepurchased) {
        public static final Counts NONE = new Counts(0, 0, 0, 0, 0, 0);

        public BigDecimal rate() {
            return Share.of(repurchased, buyers);
        }

        public BigDecimal instantRate() {
            return Share.of(instantRepurchased, instantBuyers);
        }

        public BigDecimal reviewedRate() {
            return Share.of(reviewedRepurchased, reviewedBuyers);
        }
    }

    /** Whether an order paid at {@code orderPaidAt} is a re-purchase after a refund paid at {@code refundPaidAt}. */
    public static boolean within(Instant refundPaidAt, Instant orderPaidAt) {
        return orderPaidAt.isAfter(refundPaidAt) && !orderPaidAt.isAfter(refundPaidAt.plus(WINDOW));
    }

    /**
     * The counts over paid refunds, each with the first order the buyer paid in the refund's shop after the
     * refund was paid (other than the refunded order), if any.
     */
    public static Counts tally(Collection<PaidRefund> refunds) {
        Set<String> all = new HashSet<>();
        Set<String> back = new HashSet<>();
        Set<String> instant = new HashSet<>();
        Set<String> instantBack = new HashSet<>();
        Set<String> reviewed = new HashSet<>();
        Set<String> reviewedBack = new HashSet<>();
        for (PaidRefund r : refunds) {
            boolean repurchased = r.nextOrderPaidAt().map(next -> within(r.paidAt(), next)).orElse(false);
            all.add(r.buyerId());
            (r.instant() ? instant : reviewed).add(r.buyerId());
            if (repurchased) {
                back.add(r.buyerId());
                (r.instant() ? instantBack : reviewedBack).add(r.buyerId());
            }
        }
        return new Counts(all.size(), back.size(), instant.size(), instantBack.size(), reviewed.size(),
                reviewedBack.size());
    }
}
