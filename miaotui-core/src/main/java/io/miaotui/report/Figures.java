package io.miaotui.report;

import java.math.BigDecimal;
import java.util.List;

/**
 * The consumer-experience figures of one group of refunds asked for in a window: how many were decided at once
 * and for how much money, how long buyers waited for their money, the merchant reviews the old rule would have
 * needed, how merchants answered, and whether refunded buyers came back. Shares are in [0, 1] with four decimals
 * and null when nothing was there to share; durations are milliseconds, null when nothing was measured.
 */
public record Figures(long refundsRequested, long instantCount, BigDecimal instantShare, long amountRequestedFen,
        long amountInstantFen, BigDecimal instantAmountShare, long paidCount, Long timeToMoneyP50Ms,
        Long timeToMoneyP90Ms, Long timeToMoneyP99Ms, List<TimeToMoneyHistogram.Bucket> timeToMoneyHistogram,
        long reviewsAvoided, long reviewedCount, long reviewsDecidedAtDeadline, long merchantResponses,
        Long merchantResponseP50Ms, Long merchantResponseP90Ms, long repurchaseBuyers, BigDecimal repurchaseRate7d,
        BigDecimal repurchaseRate7dInstant, BigDecimal repurchaseRate7dReviewed) {

    public static Figures of(Tally t, Repurchase.Counts repurchase) {
        return new Figures(t.requested, t.instant, Share.of(t.instant, t.requested), t.amountFen, t.instantAmountFen,
                Share.of(t.instantAmountFen, t.amountFen), t.paid, t.timeToMoney.percentile(50),
                t.timeToMoney.percentile(90), t.timeToMoney.percentile(99), TimeToMoneyHistogram.of(t.timeToMoney),
                t.reviewsAvoided, t.reviewed, t.decidedAtDeadline, t.merchantResponse.total(),
                t.merchantResponse.percentile(50), t.merchantResponse.percentile(90), repurchase.buyers(),
                repurchase.rate(), repurchase.instantRate(), repurchase.reviewedRate());
    }
}
