package io.miaotui.server.database;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Group commit of refund requests and of shipments ({@link GroupCommit}; each has writers of its own, with these
 * limits): how many writer threads (each one transaction at a time, on the request pool; 0 turns group commit
 * off and every request commits alone), how many requests one transaction takes at most, how long a writer waits
 * for more after the first while other callers wait for answers (0: it takes what is queued and goes; batches
 * still grow under load, while the other writer commits), and how many requests may wait (split evenly among the
 * writers, each of which has its own queue).
 * <p>
 * One writer by default: on 2 cores at 32 clients it ran batches twice as large as two writers did (12-13
 * against 6) and PostgreSQL spent a quarter less CPU a request; refunds-only storm 1.28/1.66 x the raw SQL
 * against 1.01/0.89 in two alternating pairs (BENCHMARKS.md, session 18). Two had beaten four (session 9), when a
 * batch's start still took several round trips and a second writer filled the wait. No linger by default: 0.5 ms
 * did not grow the batches at 1-128 clients (BENCHMARKS.md, "Lingering for company").
 */
@ConfigurationProperties("miaotui.refunds.group-commit")
public record GroupCommitProperties(
        @DefaultValue("1") int writers,
        @DefaultValue("64") int maxBatch,
        @DefaultValue("0") int lingerMicros,
        @DefaultValue("4096") int queueLimit) {

    public GroupCommitProperties {
        if (writers < 0 || writers > 32) {
            throw new IllegalArgumentException("miaotui.refunds.group-commit.writers must be 0..32");
        }
        if (maxBatch < 1 || maxBatch > 1000) {
            throw new IllegalArgumentException("miaotui.refunds.group-commit.max-batch must be 1..1000");
        }
        if (lingerMicros < 0 || lingerMicros > 2000) {
            throw new IllegalArgumentException("miaotui.refunds.group-commit.linger-micros must be 0..2000");
        }
        if (queueLimit < 1 || queueLimit > 100_000) {
            throw new IllegalArgumentException("miaotui.refunds.group-commit.queue-limit must be 1..100000");
        }
    }
}
