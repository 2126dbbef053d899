package io.miaotui.server.payout;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The payout worker's limits: refunds per batch, how often it looks when nobody wakes it, how long a claimed
 * batch is leased before another worker may take it over (a crashed worker's batch is not lost), retry backoff
 * (exponential with jitter) and how many declines end a payout as failed,
 * how many worker threads share the outbox (several overlap one batch's commit with the next batch's work), how
 * many gateway calls may be in flight at once, and how long a woken worker waits for more approvals before it
 * claims (approvals that arrive together are paid and settled as one batch: a claim and a settlement cost about
 * the same for one refund as for twenty): {@code linger} while approvals come a few at a time, {@code busyLinger}
 * once the worker's last claim took {@code busyFrom} or more (see {@link PayoutLinger}).
 */
@ConfigurationProperties("miaotui.payout")
public record PayoutProperties(
        @DefaultValue("200") int batchSize,
        @DefaultValue("200ms") Duration pollInterval,
        @DefaultValue("30s") Duration lease,
        @DefaultValue("1s") Duration retryFirst,
        @DefaultValue("5m") Duration retryMax,
        @DefaultValue("8") int maxAttempts,
        @DefaultValue("4") int workers,
        @DefaultValue("16") int gatewayConcurrency,
        @DefaultValue("true") boolean workerEnabled,
        @DefaultValue("20ms") Duration linger,
        @DefaultValue("100ms") Duration busyLinger,
        @DefaultValue("8") int busyFrom) {

    public PayoutProperties {
        if (batchSize < 1 || batchSize > 1000) {
            throw new IllegalArgumentException("miaotui.payout.batch-size must be 1..1000");
        }
        if (gatewayConcurrency < 1 || gatewayConcurrency > 256) {
            throw new IllegalArgumentException("miaotui.payout.gateway-concurrency must be 1..256");
        }
        if (maxAttempts < 1 || maxAttempts > 100) {
            throw new IllegalArgumentException("miaotui.payout.max-attempts must be 1..100");
        }
        requireUpToASecond(linger, "linger");
        requireUpToASecond(busyLinger, "busy-linger");
        if (busyFrom < 1 || busyFrom > batchSize) {
            throw new IllegalArgumentException("miaotui.payout.busy-from must be 1..batch-size");
        }
        if (workers < 1 || workers > 16) {
            throw new IllegalArgumentException("miaotui.payout.workers must be 1..16");
        }
    }

    /** A linger: a wait before a claim, at most a second (a payout is not held back longer for company). */
    private static void requireUpToASecond(Duration wait, String property) {
        if (wait.isNegative() || wait.compareTo(Duration.ofSeconds(1)) > 0) {
            throw new IllegalArgumentException("miaotui.payout." + property + " must be 0..1s");
        }
    }
}
