package io.miaotui.report;

/**
 * The counts behind a report's figures for one group of refunds (a channel, a policy version, a gray-release
 * side...), added up from the database's grouped rows and merged into wider groups by {@link #add(Tally)}.
 * Everything here adds; the shares and percentiles are computed once, by {@link Figures#of}.
 */
public final class Tally {
    long requested;
    long instant;
    long amountFen;
    long instantAmountFen;
    long paid;
    long reviewsAvoided;
    long reviewed;
    long decidedAtDeadline;
    final DurationCounts timeToMoney = new DurationCounts();
    final DurationCounts merchantResponse = new DurationCounts();

    /**
     * Refunds asked for: how many, how many of them instant, their amounts, how many are paid by now, how many
     * were instant where the old rule would have sent them to review, how many waited for review and how many of
     * those the platform decided at the deadline.
     */
    public Tally addRefunds(long requested, long instant, long amountFen, long instantAmountFen, long paid,
            long reviewsAvoided, long reviewed, long decidedAtDeadline) {
        if (instant > requested || reviewed > requested || paid > requested || reviewsAvoided > instant
                || decidedAtDeadline > reviewed || instantAmountFen > amountFen) {
            throw new IllegalArgumentException("inconsistent counts: requested " + requested + ", instant " + instant
                    + ", paid " + paid + ", avoided " + reviewsAvoided + ", reviewed " + reviewed + ", at deadline "
                    + decidedAtDeadline);
        }
        this.requested += requested;
        this.instant += instant;
        this.amountFen += amountFen;
        this.instantAmountFen += instantAmountFen;
        this.paid += paid;
        this.reviewsAvoided += reviewsAvoided;
        this.reviewed += reviewed;
        this.decidedAtDeadline += decidedAtDeadline;
        return this;
    }

    /** {@code count} paid refunds whose time from request to money was {@code ms} (rounded, see DurationCounts). */
    public Tally addTimeToMoney(long ms, long count) {
        timeToMoney.add(ms, count);
        return this;
    }

    /** {@code count} reviews the merchant answered (approved or rejected) {@code ms} after the request. */
    public Tally addMerchantResponse(long ms, long count) {
        merchantResponse.add(ms, count);
        return this;
    }

    public Tally add(Tally other) {
        addRefunds(other.requested, other.instant, other.amountFen, other.instantAmountFen, other.paid,
                other.reviewsAvoided, other.reviewed, other.decidedAtDeadline);
        timeToMoney.addAll(other.timeToMoney);
        merchantResponse.addAll(other.merchantResponse);
        return this;
    }

    public long requested() {
        return requested;
    }
}
