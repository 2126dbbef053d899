package io.miaotui.server.database;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Group commit: concurrent callers hand their work to a few writer threads, which take whatever is queued (up to
 * {@code maxBatch}, waiting at most {@code lingerMicros} for more after the first) and run it in one transaction,
 * so a batch pays one commit (one WAL flush) instead of one per caller. Each caller blocks until its batch
 * committed and gets its own answer. A writer lingers only while other callers are waiting for answers (as
 * PostgreSQL's {@code commit_delay} waits only with {@code commit_siblings} active): a lone request never waits
 * for company (lingering always cost a lone client 27 % of its rate, BENCHMARKS.md).
 * <p>
 * Each writer has its own queue, and a job goes to the writer its key names ({@code key}, e.g. the order id): jobs
 * that touch the same rows are written by one writer, in one batch or one after the other, never by two writers
 * at once, one of them holding the rows' locks until its commit while the other waits (the refund storm measured
 * waits of up to 400 ms on an order's escrow row when refunds of one order's lines went to different writers).
 * <p>
 * A failing job never fails its neighbours: when the batch's transaction fails (a CHECK violated, a deadlock
 * after {@link RetryingTransactions}' attempts, a bug), nothing of it was kept, and each job runs again alone in its
 * own transaction ({@code single}); only the job that fails alone reports its failure. Expected refusals are
 * answers, not failures: {@code batch} must leave nothing written for a job it refuses.
 *
 * @param <J> a caller's work
 * @param <A> its answer (null allowed)
 */
public final class GroupCommit<J, A> implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(GroupCommit.class);

    /** Runs several jobs inside the caller's transaction; returns one answer per job, in the jobs' order. */
    @FunctionalInterface
    public interface Batch<J, A> {
        List<A> run(List<J> jobs);
    }

    private record Queued<J, A>(J job, CompletableFuture<A> answer, long arrivedNanos) {
    }

    private final String name;
    private final GroupCommitProperties limits;
    private final RetryingTransactions transactions;
    private final Batch<J, A> batch;
    private final Function<J, A> single;
    private final Function<J, ?> key;
    private final List<BlockingQueue<Queued<J, A>>> queues = new ArrayList<>();
    private final List<Thread> writers = new ArrayList<>();
    private final DistributionSummary batchSizes;
    private final Counter rerunAlone;
    /** Where a caller's time goes: waiting for its writer, then its batch's transaction (the commit included). */
    private final Timer waits;
    private final Timer batchTransactions;
    /** Callers waiting for their answer: queued, or in a batch being written. */
    private final AtomicInteger waiting = new AtomicInteger();
    private volatile boolean closed;

    public GroupCommit(String name, GroupCommitProperties limits, RetryingTransactions transactions,
            Function<J, ?> key, Batch<J, A> batch, Function<J, A> single, MeterRegistry meters) {
        this.name = name;
        this.limits = limits;
        this.transactions = transactions;
        this.batch = batch;
        this.single = single;
        this.key = key;
        this.batchSizes = DistributionSummary.builder("miaotui.group_commit.batch_size")
                .description("Jobs committed together in one transaction")
                .tag("work", name)
                .register(meters);
        this.rerunAlone = Counter.builder("miaotui.group_commit.batches_rerun")
                .description("Batches whose transaction failed, each job then run again alone")
                .tag("work", name)
                .register(meters);
        this.waits = Timer.builder("miaotui.group_commit.wait")
                .description("From a job's arrival to its writer taking it into a batch (the linger included)")
                .tag("work", name)
                .publishPercentileHistogram()
                .register(meters);
        this.batchTransactions = Timer.builder("miaotui.group_commit.transaction")
                .description("One batch's transaction, from its first statement to its commit (a failed batch: its jobs' reruns too)")
                .tag("work", name)
                .publishPercentileHistogram()
                .register(meters);
        Gauge.builder("miaotui.group_commit.queued", this, GroupCommit::queued)
                .description("Jobs waiting for a writer")
                .tag("work", name)
                .register(meters);
        for (int i = 0; i < limits.writers(); i++) {
            var queue = new ArrayBlockingQueue<Queued<J, A>>(Math.max(1, limits.queueLimit() / limits.writers()));
            queues.add(queue);
            Thread writer = Thread.ofPlatform().daemon().name(name + "-writer-" + i).unstarted(() -> write(queue));
            writers.add(writer);
            writer.start();
        }
    }

    /**
     * Runs {@code job} with whatever other jobs are queued and returns its answer once their transaction committed.
     * Without writers (or once closed) it runs alone, in the caller's thread; so it does when the caller is inside
     * a transaction of its own, whose commit or rollback the job must share (an order event's claim and the
     * shipment it applies), not a writer's.
     */
    public A submit(J job) {
        if (writers.isEmpty() || closed || TransactionSynchronizationManager.isActualTransactionActive()) {
            return single.apply(job);
        }
        var queued = new Queued<J, A>(job, new CompletableFuture<>(), System.nanoTime());
        waiting.incrementAndGet();
        try {
            // bounded: when the job's writer falls behind, its callers wait here
            queues.get(Math.floorMod(key.apply(job).hashCode(), queues.size())).put(queued);
            return queued.answer().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(name + ": interrupted while waiting for the group commit", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(e.getCause());
        } finally {
            waiting.decrementAndGet();
        }
    }

    /** How many jobs wait for a writer. */
    int queued() {
        return queues.stream().mapToInt(BlockingQueue::size).sum();
    }

    private void write(BlockingQueue<Queued<J, A>> queue) {
        var taken = new ArrayList<Queued<J, A>>(limits.maxBatch());
        while (!closed || !queue.isEmpty()) {
            try {
                Queued<J, A> first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                taken.add(first);
                queue.drainTo(taken, limits.maxBatch() - 1);
                // only with others waiting besides those taken might more come within the linger
                long lingerNanos = waiting.get() > taken.size()
                        ? TimeUnit.MICROSECONDS.toNanos(limits.lingerMicros()) : 0;
                long until = System.nanoTime() + lingerNanos;
                while (taken.size() < limits.maxBatch() && lingerNanos > 0) {
                    long left = until - System.nanoTime();
                    Queued<J, A> next = left > 0 ? queue.poll(left, TimeUnit.NANOSECONDS) : null;
                    if (next == null) {
                        break;
                    }
                    taken.add(next);
                    queue.drainTo(taken, limits.maxBatch() - taken.size());
                }
                run(taken);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail(taken, e);
                return;
            } catch (RuntimeException | Error e) {
                fail(taken, e); // only reachable through a bug here: answers were never left hanging
            } finally {
                taken.clear();
            }
        }
    }

    private void run(List<Queued<J, A>> taken) {
        batchSizes.record(taken.size());
        long started = System.nanoTime();
        for (Queued<J, A> q : taken) {
            waits.record(started - q.arrivedNanos(), TimeUnit.NANOSECONDS);
        }
        try {
            answer(taken);
        } finally {
            batchTransactions.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
        }
    }

    private void answer(List<Queued<J, A>> taken) {
        List<J> jobs = taken.stream().map(Queued::job).toList();
        List<A> answers;
        try {
            answers = jobs.size() == 1 ? null : transactions.execute(name, status -> batch.run(jobs));
        } catch (RuntimeException e) {
            log.warn("{}: a batch of {} failed ({}); each runs again alone", name, jobs.size(), e.toString());
            rerunAlone.increment();
            answers = null;
        }
        if (answers == null) {
            for (Queued<J, A> q : taken) {
                try {
                    q.answer().complete(single.apply(q.job()));
                } catch (RuntimeException | Error e) {
                    q.answer().completeExceptionally(e);
                }
            }
            return;
        }
        if (answers.size() != taken.size()) {
            throw new IllegalStateException(name + ": " + answers.size() + " answers for " + taken.size() + " jobs");
        }
        for (int i = 0; i < taken.size(); i++) {
            taken.get(i).answer().complete(answers.get(i));
        }
    }

    private static <J, A> void fail(List<Queued<J, A>> taken, Throwable e) {
        for (Queued<J, A> q : taken) {
            q.answer().completeExceptionally(e);
        }
    }

    /** Lets the writers finish what is queued, then stops them; later jobs run alone. */
    @Override
    public void close() {
        closed = true;
        for (Thread writer : writers) {
            try {
                writer.join(TimeUnit.SECONDS.toMillis(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
