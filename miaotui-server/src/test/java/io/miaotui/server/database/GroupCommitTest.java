package io.miaotui.server.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.TransactionStatus;
import org.springframework.transaction.support.SimpleTransactionStatus;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Group commit without a database: one writer, held busy by a first job until five more are queued, must take
 * the five in one batch and give each its own answer; a job that fails the batch fails alone; a writer lingers
 * for more only while other callers wait.
 */
@Timeout(30)
class GroupCommitTest {
    private final List<String> log = new CopyOnWriteArrayList<>();
    private final CountDownLatch release = new CountDownLatch(1);
    private final CountDownLatch holding = new CountDownLatch(1);
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    /** A transaction manager that records commits and rollbacks: what the batches' transactions did. */
    private final PlatformTransactionManager recording = new PlatformTransactionManager() {
        @Override
        public TransactionStatus getTransaction(TransactionDefinition definition) {
            return new SimpleTransactionStatus();
        }

        @Override
        public void commit(TransactionStatus status) {
            log.add(status.isRollbackOnly() ? "rollback" : "commit");
        }

        @Override
        public void rollback(TransactionStatus status) {
            log.add("rollback");
        }
    };

    private GroupCommit<String, String> groupCommit() {
        return new GroupCommit<>("test", new GroupCommitProperties(1, 10, 0, 100),
                new RetryingTransactions(new TransactionTemplate(recording)), job -> job,
                jobs -> {
                    log.add("batch " + jobs);
                    var answers = new ArrayList<String>();
                    for (String job : jobs) {
                        if (job.equals("boom")) {
                            throw new IllegalStateException("boom");
                        }
                        answers.add(job.equals("refused") ? null : job.toUpperCase());
                    }
                    return answers;
                },
                job -> {
                    if (job.equals("hold")) {
                        holding.countDown();
                        await(release);
                    }
                    if (job.equals("boom")) {
                        throw new IllegalStateException("boom alone");
                    }
                    log.add("alone " + job);
                    return job.equals("refused") ? null : job.toUpperCase();
                },
                meters);
    }

    @Test
    void requests_queued_while_the_writer_is_busy_commit_together_each_with_its_own_answer() throws Exception {
        try (var commits = groupCommit(); ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
            Queued queued = queuedBehindAHold(commits, callers, List.of("a", "b", "refused", "c"));
            Future<String> hold = queued.hold();
            List<Future<String>> answers = queued.answers();
            release.countDown();
            assertThat(hold.get()).isEqualTo("HOLD");
            assertThat(answers.get(0).get()).isEqualTo("A");
            assertThat(answers.get(1).get()).isEqualTo("B");
            assertThat(answers.get(2).get()).isNull();
            assertThat(answers.get(3).get()).isEqualTo("C");
            assertThat(log).containsExactly("alone hold", "batch [a, b, refused, c]", "commit");
        }
    }

    @Test
    void the_wait_for_a_writer_and_each_batchs_transaction_are_timed() throws Exception {
        try (var commits = groupCommit(); ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
            Queued queued = queuedBehindAHold(commits, callers, List.of("a", "b"));
            Future<String> hold = queued.hold();
            List<Future<String>> answers = queued.answers();
            Thread.sleep(50); // a and b wait this long at least, behind the held transaction
            release.countDown();
            hold.get();
            for (Future<String> answer : answers) {
                answer.get();
            }
        }
        var waits = meters.get("miaotui.group_commit.wait").tag("work", "test").timer();
        var transactions = meters.get("miaotui.group_commit.transaction").tag("work", "test").timer();
        assertThat(waits.count()).isEqualTo(3);
        assertThat(waits.max(TimeUnit.MILLISECONDS)).isGreaterThanOrEqualTo(50);
        assertThat(transactions.count()).as("hold alone, then a and b together").isEqualTo(2);
        assertThat(transactions.max(TimeUnit.MILLISECONDS)).as("the held one").isGreaterThanOrEqualTo(50);
    }

    @Test
    void a_job_that_fails_the_batch_fails_alone_and_its_neighbours_are_answered_by_themselves() throws Exception {
        try (var commits = groupCommit(); ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
            Queued queued = queuedBehindAHold(commits, callers, List.of("a", "boom", "b"));
            Future<String> hold = queued.hold();
            List<Future<String>> answers = queued.answers();
            release.countDown();
            assertThat(hold.get()).isEqualTo("HOLD");
            assertThat(answers.get(0).get()).isEqualTo("A");
            assertThatThrownBy(() -> answers.get(1).get()).hasRootCauseMessage("boom alone");
            assertThat(answers.get(2).get()).isEqualTo("B");
            assertThat(log).containsExactly("alone hold", "batch [a, boom, b]", "rollback", "alone a", "alone b");
        }
    }

    @Test
    void without_writers_each_job_runs_alone_in_its_callers_thread() {
        try (var commits = new GroupCommit<String, String>("test", new GroupCommitProperties(0, 10, 0, 100),
                new RetryingTransactions(new TransactionTemplate(recording)), job -> job, jobs -> List.of(),
                job -> Thread.currentThread().getName(), new SimpleMeterRegistry())) {
            assertThat(commits.submit("x")).isEqualTo(Thread.currentThread().getName());
        }
    }

    /** A caller inside its own transaction (an order event's claim) has its job run in it, not in a writer's. */
    @Test
    void a_caller_inside_a_transaction_runs_its_job_in_it() {
        var threads = new CopyOnWriteArrayList<String>();
        try (var commits = new GroupCommit<String, String>("test", new GroupCommitProperties(1, 10, 0, 100),
                new RetryingTransactions(new TransactionTemplate(recording)), job -> job, jobs -> List.of(),
                job -> Thread.currentThread().getName(), new SimpleMeterRegistry())) {
            threads.add(commits.submit("outside"));
            TransactionSynchronizationManager.setActualTransactionActive(true);
            try {
                threads.add(commits.submit("inside"));
            } finally {
                TransactionSynchronizationManager.setActualTransactionActive(false);
            }
        }
        assertThat(threads).containsExactly("test-writer-0", Thread.currentThread().getName());
    }

    /**
     * Jobs with one key (refunds of one order) are written by one writer, so two writers never hold and wait
     * for the same rows: with the key's writer busy, a job of that key waits in its queue although another
     * writer is idle, and that idle writer still takes a job of another key at once.
     */
    @Test
    void jobs_with_one_key_wait_for_their_own_writer_while_other_keys_go_ahead() throws Exception {
        try (var commits = twoWriters(0); ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<String> hold = callers.submit(() -> commits.submit("a-hold"));
            await(holding);
            Future<String> sameOrder = callers.submit(() -> commits.submit("a-next"));
            waitUntil(() -> commits.queued() == 1);
            assertThat(callers.submit(() -> commits.submit("b-other")).get(20, TimeUnit.SECONDS))
                    .isEqualTo("b-other on test-writer-0");
            assertThat(sameOrder.isDone()).as("the held key's next job waits for its own writer").isFalse();
            assertThat(commits.queued()).isEqualTo(1);
            release.countDown();
            assertThat(hold.get()).isEqualTo("a-hold on test-writer-1");
            assertThat(sameOrder.get()).isEqualTo("a-next on test-writer-1");
        }
    }

    /**
     * A lone caller's requests never wait for company: 100 one after the other take less than the 200 ms that
     * lingering 2 ms for each would take at the least. While another caller waits for its answer (on the other
     * writer), the same 100 take at least 100 lingers of 2 ms.
     */
    @Test
    void a_writer_lingers_only_while_other_callers_wait() throws Exception {
        try (var commits = twoWriters(2_000); ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
            assertThat(millisFor100(commits)).as("alone").isLessThan(200);

            Future<String> hold = callers.submit(() -> commits.submit("b-hold"));
            await(holding);
            assertThat(millisFor100(commits)).as("while another caller waits").isGreaterThanOrEqualTo(200);
            release.countDown();
            assertThat(hold.get()).isEqualTo("b-hold on test-writer-0");
        }
    }

    private static long millisFor100(GroupCommit<String, String> commits) {
        long started = System.nanoTime();
        for (int i = 0; i < 100; i++) {
            assertThat(commits.submit("a" + i)).isEqualTo("a" + i + " on test-writer-1");
        }
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
    }

    /**
     * Two writers, lingering {@code lingerMicros}; a job's key is its first letter ("a": writer 1, "b": writer 0),
     * its answer names the writer that wrote it, and a job ending in "-hold" holds its writer until released.
     */
    private GroupCommit<String, String> twoWriters(int lingerMicros) {
        return new GroupCommit<>("test", new GroupCommitProperties(2, 10, lingerMicros, 100),
                new RetryingTransactions(new TransactionTemplate(recording)), job -> job.substring(0, 1),
                jobs -> jobs.stream().map(job -> job + " on " + Thread.currentThread().getName()).toList(),
                job -> {
                    if (job.endsWith("-hold")) {
                        holding.countDown();
                        await(release);
                    }
                    return job + " on " + Thread.currentThread().getName();
                }, new SimpleMeterRegistry());
    }

    /** "hold", taken by the writer and held in its transaction, and the answers of {@code jobs} queued behind it. */
    private record Queued(Future<String> hold, List<Future<String>> answers) {
    }

    private Queued queuedBehindAHold(GroupCommit<String, String> commits, ExecutorService callers, List<String> jobs)
            throws InterruptedException {
        Future<String> hold = callers.submit(() -> commits.submit("hold"));
        await(holding);
        List<Future<String>> answers = new ArrayList<>();
        for (String job : jobs) {
            answers.add(callers.submit(() -> commits.submit(job)));
            waitUntil(() -> commits.queued() == answers.size());
        }
        return new Queued(hold, answers);
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(20, TimeUnit.SECONDS)) {
                throw new IllegalStateException("never released");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void waitUntil(java.util.function.BooleanSupplier condition) throws InterruptedException {
        while (!condition.getAsBoolean()) {
            Thread.sleep(2);
        }
    }
}
