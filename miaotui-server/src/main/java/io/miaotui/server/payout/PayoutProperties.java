package io.miaotui.server.payout;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The payout worker's limits: refunds per batch, how often it looks when nobody wakes it, how long a claimed
 * batch is leased before another worker may take it over (a crashed worker's batch is not lost), retry backoff,
 * and how many worker threads share the outbox (two overlap one batch's database commits with the next's).
 */
@ConfigurationProperties("miaotui.payout")
public record PayoutProperties(
        @DefaultValue("200") int batchSize,
        @DefaultValue("200ms") Duration pollInterval,
        @DefaultValue("30s") Duration lease,
        @DefaultValue("1s") Duration retryFirst,
        @DefaultValue("5m") Duration retryMax,
        @DefaultValue("2") int workers,
        @DefaultValue("true") boolean workerEnabled) {

    public PayoutProperties {
        if (batchSize < 1 || batchSize > 1000) {
            throw new IllegalArgumentException("miaotui.payout.batch-size must be 1..1000");
        }
        if (workers < 1 || workers > 16) {
            throw new IllegalArgumentException("miaotui.payout.workers must be 1..16");
        }
    }
}
