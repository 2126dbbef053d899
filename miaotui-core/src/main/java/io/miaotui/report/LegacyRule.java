package io.miaotui.report;

import java.time.Duration;
import java.time.Instant;

/**
 * The rule Miaotui replaced, {@code legacy-2h-200} (still shipped as a CEL policy:
 * {@code !line.shipped && now - order.paidAt <= duration("2h") && line.paidAmount <= 20000}): a refund was instant
 * only on an unshipped line, within 2 hours of the order's payment, on a line paid at most ¥200.00. The amount it
 * looks at is the <em>line's paid amount</em> ({@code line.paidAmount}), not the amount asked for
 * ({@code request.amount}): a ¥50 partial refund of a ¥300 line went to review under it. An instant refund that
 * this rule would have sent to the merchant is a review avoided.
 */
public final class LegacyRule {
    public static final String POLICY = "legacy-2h-200";
    /** Instant only this long after payment (inclusive). */
    public static final Duration WINDOW = Duration.ofHours(2);
    /** Instant only on lines paid at most this (inclusive): ¥200.00. */
    public static final long LINE_LIMIT_FEN = 20_000;

    private LegacyRule() {
    }

    /** Whether the old rule would have decided instantly, on the facts recorded with the decision. */
    public static boolean wouldBeInstant(boolean lineShipped, Instant orderPaidAt, Instant decidedAt, long linePaidFen) {
        return !lineShipped && Duration.between(orderPaidAt, decidedAt).compareTo(WINDOW) <= 0
                && linePaidFen <= LINE_LIMIT_FEN;
    }

    /** An instant refund that the old rule would have sent to the merchant. */
    public static boolean reviewAvoided(boolean instant, boolean lineShipped, Instant orderPaidAt, Instant decidedAt,
            long linePaidFen) {
        return instant && !wouldBeInstant(lineShipped, orderPaidAt, decidedAt, linePaidFen);
    }
}
