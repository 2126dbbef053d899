package io.miaotui.server.refund;

import io.miaotui.server.closing.ClosingDeadlines;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Fires review deadlines. Deadlines live in the database, so a deadline that passed while the service was down
 * fires at the first pass after start (the first pass runs at once), and exactly once: the refund leaves
 * PENDING_MERCHANT_REVIEW in the same transaction, under a row lock that other instances skip. Each pass first
 * makes sure the deadlines of shops whose closing just changed follow it ({@link ClosingDeadlines}).
 */
@Component
public class ReviewDeadlineSweeper {
    private static final Logger log = LoggerFactory.getLogger(ReviewDeadlineSweeper.class);
    /** At most this many batches per pass, so one pass is bounded even after a long outage. */
    static final int MAX_BATCHES_PER_PASS = 50;

    private final RefundService refunds;
    private final ReviewProperties properties;
    private final ClosingDeadlines closingDeadlines;

    public ReviewDeadlineSweeper(RefundService refunds, ReviewProperties properties, ClosingDeadlines closingDeadlines) {
        this.refunds = refunds;
        this.properties = properties;
        this.closingDeadlines = closingDeadlines;
    }

    @Scheduled(initialDelay = 0, fixedDelayString = "${miaotui.review.sweep-interval:10s}")
    public void sweep() {
        try {
            int moved = closingDeadlines.followRecentChanges();
            if (moved > 0) {
                log.info("review deadlines: {} moved to follow a closing changed meanwhile", moved);
            }
        } catch (RuntimeException e) {
            log.error("review deadlines after closing changes: pass failed; the next pass retries", e);
        }
        try {
            int total = 0;
            for (int batch = 0; batch < MAX_BATCHES_PER_PASS; batch++) {
                int approved = refunds.approveOverdueReviews(properties.sweepBatch());
                total += approved;
                if (approved < properties.sweepBatch()) {
                    break;
                }
            }
            if (total > 0) {
                log.info("review deadlines: {} refunds approved by the platform", total);
            }
        } catch (RuntimeException e) {
            log.error("review deadline pass failed; the next pass retries", e);
        }
    }
}
