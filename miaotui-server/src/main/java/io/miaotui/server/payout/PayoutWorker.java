package io.miaotui.server.payout;

import io.github.resilience4j.core.IntervalFunction;
import io.miaotui.payout.PaymentGateway;
import io.miaotui.payout.PayoutLookup;
import io.miaotui.payout.PayoutOutcome;
import io.miaotui.server.database.RetryingTransactions;
import jakarta.annotation.PreDestroy;
import io.miaotui.server.refund.PayoutWakeUp;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Pays approved refunds from the outbox in batches: lease a batch, ask the gateway for each (in parallel, the
 * refund id as idempotency key), settle the paid ones in one transaction, put the rest back with backoff.
 * Woken right after an approval commits, and polls besides, so another instance's approvals are paid too.
 * The gateway call happens outside any transaction: a crash after it leaves the lease to run out, and the
 * retry asks the gateway again under the same key, which pays nothing twice.
 */
@Component
public class PayoutWorker implements SmartLifecycle, PayoutWakeUp {
    private static final Logger log = LoggerFactory.getLogger(PayoutWorker.class);

    private final PayoutOutbox outbox;
    private final PaymentGateway gateway;
    private final RetryingTransactions transactions;
    private final Clock clock;
    private final PayoutProperties properties;
    private final IntervalFunction retries;
    private final PayoutLinger linger;
    private final Semaphore wakeups = new Semaphore(0);
    private final ExecutorService gatewayCalls;
    private final Timer timeToMoney;
    private final Counter paidCounter;
    private final DistributionSummary batchSizes;
    private final DistributionSummary attemptsToPay;
    private final MeterRegistry meters;

    private volatile boolean running;
    private final List<Thread> threads = new CopyOnWriteArrayList<>();
    private volatile Instant lastLoopAt = Instant.EPOCH;

    public PayoutWorker(PayoutOutbox outbox, PaymentGateway gateway, PayoutDatabase database, Clock clock,
            PayoutProperties properties, MeterRegistry meters) {
        this.outbox = outbox;
        this.gateway = gateway;
        this.transactions = database.transactions();
        this.clock = clock;
        this.properties = properties;
        this.linger = PayoutLinger.of(properties);
        // Exponential backoff with ±50 % jitter, so payouts that failed together do not retry together.
        this.retries = IntervalFunction.ofExponentialRandomBackoff(properties.retryFirst(), 2.0, 0.5,
                properties.retryMax());
        // Platform threads of their own, not virtual ones: at a peak the carriers are busy with request threads,
        // and payouts must not queue behind them (the same reason they have their own connection pool).
        this.gatewayCalls = Executors.newFixedThreadPool(properties.gatewayConcurrency(),
                Thread.ofPlatform().name("payout-gateway-", 1).daemon(true).factory());
        this.meters = meters;
        this.timeToMoney = Timer.builder("miaotui.payout.time_to_money")
                .description("From approval to the gateway confirming the buyer's money")
                .publishPercentileHistogram()
                .register(meters);
        this.paidCounter = meters.counter("miaotui.payouts", "outcome", "paid");
        this.batchSizes = DistributionSummary.builder("miaotui.payout.batch.size")
                .description("Payouts claimed per batch").register(meters);
        this.attemptsToPay = DistributionSummary.builder("miaotui.payout.attempts")
                .description("Gateway attempts a paid refund took").register(meters);
    }

    /** Looks at the outbox now: an approval just committed. */
    @Override
    public void approvedRefundsWaiting() {
        if (wakeups.availablePermits() == 0) {
            wakeups.release();
        }
    }

    /**
     * One pass: lease a batch, pay it, settle it. Returns how many payouts it claimed. The batch keeps inside its
     * lease: no gateway call starts after half of it (the rest are put back, their attempt uncounted), and a
     * started call is waited for at most until the lease ends. Should a write still come after another worker
     * took the lease over, the lease id makes it change nothing.
     */
    public int payBatch() {
        Instant now = clock.instant();
        long started = System.nanoTime();
        List<ClaimedPayout> batch = transactions.execute("payout claim",
                status -> outbox.claim(now, now.plus(properties.lease()), properties.batchSize()));
        if (batch.isEmpty()) {
            return 0;
        }
        long claimed = System.nanoTime();
        List<Optional<PayoutOutcome>> outcomes = askGateway(batch, started);
        long answered = System.nanoTime();
        var paid = new ArrayList<PayoutOutbox.Paid>();
        var failed = new ArrayList<PayoutOutbox.Failed>();
        var later = new ArrayList<PayoutOutbox.Retry>();
        var unstarted = new ArrayList<ClaimedPayout>();
        for (int i = 0; i < batch.size(); i++) {
            ClaimedPayout payout = batch.get(i);
            if (outcomes.get(i).isEmpty()) {
                unstarted.add(payout);
                continue;
            }
            switch (outcomes.get(i).get()) {
                case PayoutOutcome.Paid p -> paid.add(new PayoutOutbox.Paid(payout, p.gatewayReference(), p.at()));
                case PayoutOutcome.Declined d when payout.attempt() >= properties.maxAttempts() ->
                        failed.add(new PayoutOutbox.Failed(payout, "declined " + payout.attempt() + " times: " + d.reason()));
                case PayoutOutcome.Declined d -> later.add(retryLater(payout, "declined", d.reason()));
                // Never given up on: the money may have moved, so it is asked again (the gateway is queried first).
                case PayoutOutcome.Unknown u -> later.add(retryLater(payout, "unknown", u.detail()));
            }
        }
        if (!later.isEmpty() || !unstarted.isEmpty()) {
            transactions.execute("payout retries", status -> {
                if (!later.isEmpty()) {
                    outbox.retryLater(later);
                }
                if (!unstarted.isEmpty()) {
                    outbox.putBack(unstarted, clock.instant());
                }
                return null;
            });
        }
        if (!unstarted.isEmpty()) {
            meters.counter("miaotui.payouts", "outcome", "not_started").increment(unstarted.size());
            log.warn("payout batch of {} ran past half its {} lease: {} payouts put back unstarted", batch.size(),
                    properties.lease(), unstarted.size());
        }
        List<PayoutOutbox.Paid> settled = transactions.execute("payout settlement", status -> outbox.settle(paid));
        if (!failed.isEmpty()) {
            for (PayoutOutbox.Failed f : transactions.execute("payout failure", status -> outbox.giveUp(failed))) {
                meters.counter("miaotui.payouts", "outcome", "failed").increment();
                log.error("refund {} of order {}: payout failed for good ({}); back in escrow until an operator"
                        + " retries it", f.payout().refundId(), f.payout().orderId(), f.reason());
            }
        }
        phaseTimer("claim").record(claimed - started, TimeUnit.NANOSECONDS);
        phaseTimer("gateway").record(answered - claimed, TimeUnit.NANOSECONDS);
        phaseTimer("settle").record(System.nanoTime() - answered, TimeUnit.NANOSECONDS);
        batchSizes.record(batch.size());
        for (PayoutOutbox.Paid p : settled) {
            paidCounter.increment();
            attemptsToPay.record(p.payout().attempt());
            timeToMoney.record(Duration.between(p.payout().approvedAt(), p.paidAt()).abs());
            log.info("refund {} of order {} line {} paid {} ({})", p.payout().refundId(), p.payout().orderId(),
                    p.payout().lineId(), p.payout().amount(), p.gatewayReference());
        }
        return batch.size();
    }

    private Timer phaseTimer(String phase) {
        return Timer.builder("miaotui.payout.batch").description("Time a payout batch spends in each phase")
                .tag("phase", phase).register(meters);
    }

    /**
     * Asks the gateway for each payout, in parallel. A call that has not started by half the lease is not
     * started at all (empty: put back), so the batch's calls end well inside the lease when each call is bounded
     * (the HTTP adapter's request timeout); a call still unanswered when the lease ends counts as unknown.
     */
    private List<Optional<PayoutOutcome>> askGateway(List<ClaimedPayout> batch, long claimStartedNanos) {
        long leaseNanos = properties.lease().toNanos();
        long startBy = claimStartedNanos + leaseNanos / 2;
        long answerBy = claimStartedNanos + leaseNanos;
        List<Future<Optional<PayoutOutcome>>> calls = batch.stream()
                .map(payout -> gatewayCalls.submit(() -> System.nanoTime() - startBy > 0
                        ? Optional.<PayoutOutcome>empty()
                        : Optional.of(ask(payout))))
                .toList();
        var outcomes = new ArrayList<Optional<PayoutOutcome>>(batch.size());
        for (Future<Optional<PayoutOutcome>> call : calls) {
            try {
                outcomes.add(call.get(Math.max(0, answerBy - System.nanoTime()), TimeUnit.NANOSECONDS));
            } catch (TimeoutException e) {
                call.cancel(true);
                outcomes.add(Optional.of(new PayoutOutcome.Unknown("no answer within the payout's lease")));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                call.cancel(true);
                outcomes.add(Optional.of(new PayoutOutcome.Unknown("interrupted while waiting for the gateway")));
            } catch (ExecutionException e) {
                // The gateway may have paid before failing: unknown, and the retry asks again under the same key.
                outcomes.add(Optional.of(new PayoutOutcome.Unknown(String.valueOf(e.getCause()))));
            }
        }
        return outcomes;
    }

    /**
     * One payout's call. A decline on the last attempt is not believed on its own word: the gateway's record is
     * asked, and only "no such refund" lets the payout be given up (a refund it has is paid; a query that cannot
     * tell leaves the payout unknown, retried and never given up).
     */
    private PayoutOutcome ask(ClaimedPayout payout) {
        PayoutOutcome outcome = gateway.pay(payout.instruction());
        if (!(outcome instanceof PayoutOutcome.Declined declined) || payout.attempt() < properties.maxAttempts()) {
            return outcome;
        }
        return switch (gateway.lookUp(payout.refundId())) {
            case PayoutLookup.Found found -> {
                log.warn("refund {} of order {}: declined on attempt {} ({}), but the gateway's record shows it paid",
                        payout.refundId(), payout.orderId(), payout.attempt(), declined.reason());
                yield found.paid();
            }
            case PayoutLookup.NotFound notFound ->
                    new PayoutOutcome.Declined(declined.reason() + "; the gateway confirms it has no such refund");
            case PayoutLookup.Unavailable unavailable -> new PayoutOutcome.Unknown("declined on the last attempt ("
                    + declined.reason() + ") but the gateway's record could not be read: " + unavailable.why());
        };
    }

    /** The payout's next attempt, counted and logged; written with the batch's others in one statement. */
    private PayoutOutbox.Retry retryLater(ClaimedPayout payout, String outcome, String why) {
        meters.counter("miaotui.payouts", "outcome", outcome).increment();
        Instant next = clock.instant().plusMillis(retries.apply(payout.attempt()));
        log.warn("refund {} of order {}: payout attempt {} {} ({}); next attempt at {}", payout.refundId(),
                payout.orderId(), payout.attempt(), outcome, why, next);
        return new PayoutOutbox.Retry(payout, next, outcome + ": " + why);
    }

    private void loop() {
        while (running) {
            try {
                int claimed = payBatch();
                lastLoopAt = clock.instant();
                if (claimed < properties.batchSize()) {
                    boolean woken = wakeups.tryAcquire(properties.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
                    Duration wait = linger.after(claimed);
                    if (woken && wait.isPositive()) {
                        Thread.sleep(wait); // the approvals arriving meanwhile join this claim
                    }
                    wakeups.drainPermits();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                log.error("payout batch failed; retrying after the poll interval", e);
                sleepQuietly(properties.pollInterval());
            }
        }
    }

    public Instant lastLoopAt() {
        return lastLoopAt;
    }

    @Override
    public void start() {
        if (!properties.workerEnabled()) {
            log.info("payout worker disabled by configuration");
            return;
        }
        running = true;
        lastLoopAt = clock.instant();
        for (int i = 1; i <= properties.workers(); i++) {
            threads.add(Thread.ofPlatform().name("payout-worker-" + i).daemon(true).start(this::loop));
        }
    }

    @Override
    public void stop() {
        running = false;
        threads.forEach(Thread::interrupt);
        for (Thread t : threads) {
            try {
                t.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        threads.clear();
    }

    /** The gateway pool outlives stop(): a stopped worker may be started again (a paused and resumed context). */
    @PreDestroy
    void close() {
        gatewayCalls.shutdown();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private static void sleepQuietly(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
