package io.miaotui.server.refund;

import io.miaotui.ids.TimeOrderedIds;
import io.miaotui.ledger.LedgerEntry;
import io.miaotui.ledger.MoneyFlows;
import io.miaotui.money.Money;
import io.miaotui.order.BuyerId;
import io.miaotui.policy.RequestHistory;
import io.miaotui.refund.IllegalRefundTransition;
import io.miaotui.refund.Refund;
import io.miaotui.refund.RefundDesk;
import io.miaotui.refund.RefundEvent;
import io.miaotui.refund.RefundId;
import io.miaotui.refund.RefundOpening;
import io.miaotui.refund.RefundRequest;
import io.miaotui.refund.RefundStatus;
import io.miaotui.server.database.GroupCommit;
import io.miaotui.server.database.GroupCommitProperties;
import io.miaotui.server.database.RetryingTransactions;
import io.miaotui.server.ledger.LedgerBatch;
import io.miaotui.server.ledger.LedgerStore;
import io.miaotui.server.order.LockedLine;
import io.miaotui.server.order.OrderStore;
import io.miaotui.server.trust.Caller;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Instant;
import jakarta.annotation.PreDestroy;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Optional;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.TransactionStatus;

/**
 * The refund path. Opening a refund is one short transaction: lock the line, decide, insert the refund (its
 * idempotency key unique), hold the amount on the line, and, when instant, enqueue the payout, then commit and
 * wake the payout worker. Merchant decisions lock the refund row and go through the state machine.
 */
@Service
public class RefundService {
    private static final Logger log = LoggerFactory.getLogger(RefundService.class);

    private final OrderStore orders;
    private final RefundStore refunds;
    private final LedgerStore ledger;
    private final PayoutWakeUp payouts;
    private final RefundDesk desk;
    private final RetryingTransactions transactions;
    private final TimeOrderedIds ids;
    private final Clock clock;
    private final MeterRegistry meters;
    private final Timer openTimer;
    private final GroupCommit<Ask, RequestAnswer> openings;
    /** The opened-refund counters by decision and policy, looked up once rather than built on every request. */
    private final Map<String, Counter> openedCounters = new ConcurrentHashMap<>();

    private static final String PENDING_REVIEW = "only a refund pending merchant review can be decided";

    public RefundService(OrderStore orders, RefundStore refunds, LedgerStore ledger, PayoutWakeUp payouts,
            RefundDesk desk, RetryingTransactions transactions, TimeOrderedIds ids,
            Clock clock, MeterRegistry meters, GroupCommitProperties groupCommit) {
        this.orders = orders;
        this.refunds = refunds;
        this.ledger = ledger;
        this.payouts = payouts;
        this.desk = desk;
        this.transactions = transactions;
        this.ids = ids;
        this.clock = clock;
        this.meters = meters;
        this.openTimer = Timer.builder("miaotui.refund.open")
                .description("Deciding and recording a refund request, database included")
                .publishPercentileHistogram()
                .register(meters);
        this.openings = new GroupCommit<>("refund requests", groupCommit, transactions,
                ask -> ask.request().orderId().value(), this::openTogether,
                this::openAlone, meters);
    }

    /** Lets the group commit's writers finish what is queued. */
    @PreDestroy
    void stopGroupCommit() {
        openings.close();
    }

    /**
     * Opens a refund for the buyer who calls. Only a line of the caller's own order is found (and locked):
     * someone else's order, whether or not it has the line, is answered as no order at all, before anything is
     * written. The idempotency key is looked up among the caller's own refunds only: keys are per buyer.
     */
    public RequestAnswer request(String idempotencyKey, RefundRequest request, String requestHash, Caller caller) {
        Timer.Sample sample = Timer.start(meters);
        BuyerId buyer = new BuyerId(caller.subject());
        try {
            var ask = new Ask(RefundId.of(ids.next()), idempotencyKey, request, requestHash, buyer);
            // null: the key names an earlier refund of this buyer's (looked up after the commit or rollback)
            RequestAnswer answer = openings.submit(ask);
            if (answer == null) {
                // The key names an earlier refund of this buyer's: a replay, or the key reused for another request.
                return replay(idempotencyKey, refunds.findByIdempotencyKey(buyer, idempotencyKey).orElseThrow(),
                        requestHash);
            }
            if (answer instanceof RequestAnswer.ExceedsRefundable) {
                // A retry that waited for its original's line lock saw the line's money held, but looked for its
                // key in the snapshot taken before the wait; now the original has committed, so ask again.
                var original = refunds.findByIdempotencyKey(buyer, idempotencyKey);
                if (original.isPresent()) {
                    return replay(idempotencyKey, original.get(), requestHash);
                }
                refused("exceeds_refundable");
            }
            if (!(answer instanceof RequestAnswer.Opened(Refund created))) {
                return answer;
            }
            if (created.status() == RefundStatus.APPROVED) {
                payouts.approvedRefundsWaiting();
            }
            openedCounters.computeIfAbsent(created.decision().instant() + ":" + created.decision().policy(),
                    k -> meters.counter("miaotui.refunds.opened", "decision",
                            created.decision().instant() ? "instant" : "review", "policy", created.decision().policy()))
                    .increment();
            log.info("refund {} opened on order {} line {} for {}: {} by {} v{}", created.id(), created.orderId(),
                    created.lineId(), created.amount(), created.status(), created.decision().policy(),
                    created.decision().policyVersion());
            return answer;
        } finally {
            sample.stop(openTimer);
        }
    }

    /** One refund request on its way to the database. */
    private record Ask(RefundId id, String idempotencyKey, RefundRequest request, String requestHash, BuyerId buyer) {
    }

    /** A request alone in its own transaction, rolled back unless it opened a refund. */
    private RequestAnswer openAlone(Ask ask) {
        return transactions.execute("refund request", status -> {
            RequestAnswer answer = open(ask);
            if (!(answer instanceof RequestAnswer.Opened)) {
                status.setRollbackOnly();
            }
            return answer;
        });
    }

    /**
     * Several requests in the caller's transaction (group commit), written with set-based statements. Their lines
     * are locked first, all at once and in key order, as the payout worker locks its batch's lines: every line
     * before any order row, so a batch cannot hold an order's escrow row while waiting for a line. Then the
     * requests are read, decided and written in rounds, each round one read and one write for all its requests;
     * the first round's read goes in one round trip with the lock.
     * A round holds each line and each buyer's key once: a second request on a line reads the first one's hold,
     * and a retry reads its original's key, from a later round, as they would alone. A buyer's requests on other
     * lines share a round, and each is decided on the buyer's history as the earlier ones in the round left it
     * ({@link #afterEarlier}), as alone it would read it. A refused request writes nothing, so its neighbours'
     * writes commit without it.
     */
    private List<RequestAnswer> openTogether(List<Ask> asks) {
        var waiting = new ArrayList<Integer>(asks.size());
        for (int i = 0; i < asks.size(); i++) {
            waiting.add(i);
        }
        waiting.sort(Comparator.comparing((Integer i) -> asks.get(i).request().orderId().value())
                .thenComparing(i -> asks.get(i).request().lineId().value()));
        var rounds = new ArrayList<List<Ask>>();
        var placed = new ArrayList<List<Integer>>();
        while (!waiting.isEmpty()) {
            var round = new ArrayList<Integer>();
            var later = new ArrayList<Integer>();
            var lines = new HashSet<List<String>>();
            var keys = new HashSet<List<String>>();
            for (int i : waiting) {
                Ask ask = asks.get(i);
                var line = List.of(ask.request().orderId().value(), ask.request().lineId().value());
                var key = List.of(ask.buyer().value(), ask.idempotencyKey());
                boolean free = !lines.contains(line) && !keys.contains(key);
                if (free) {
                    lines.add(line);
                    keys.add(key);
                }
                (free ? round : later).add(i);
            }
            placed.add(round);
            rounds.add(round.stream().map(asks::get).toList());
            waiting = later;
        }
        // one round trip: generic plans (every statement below is keyed and binds arrays), every line's lock,
        // the first round's read
        Instant now = clock.instant();
        var firstRead = orders.lockLinesOfBuyersAndRead(lookups(asks), lookups(rounds.getFirst()), now);
        var answers = new ArrayList<RequestAnswer>(Collections.nCopies(asks.size(), (RequestAnswer) null));
        for (int r = 0; r < rounds.size(); r++) {
            List<Ask> round = rounds.get(r);
            if (r > 0) {
                now = clock.instant();
            }
            var read = r == 0 ? firstRead : orders.readLinesForRefunds(lookups(round), now);
            List<RequestAnswer> answered = openRound(round, read, now);
            for (int at = 0; at < round.size(); at++) {
                answers.set(placed.get(r).get(at), answered.get(at));
            }
        }
        return answers;
    }

    private static List<OrderStore.RefundLookup> lookups(List<Ask> round) {
        return round.stream().map(a -> new OrderStore.RefundLookup(a.request().orderId(), a.request().lineId(),
                a.buyer(), a.idempotencyKey())).toList();
    }

    /**
     * One round of a batch: every request's line as read (in one statement), each decided, and every opened
     * refund written in one statement. Answers in {@code round}'s order; null where the buyer's key is taken.
     */
    private List<RequestAnswer> openRound(List<Ask> round, List<Optional<OrderStore.LockedForRefund>> read,
            Instant now) {
        var answers = new ArrayList<RequestAnswer>(round.size());
        var opened = new ArrayList<RefundStore.NewOpening>();
        var approvals = new ArrayList<LedgerEntry>();
        var openedByBuyer = new HashMap<BuyerId, List<Refund>>();
        for (int at = 0; at < round.size(); at++) {
            Ask ask = round.get(at);
            var earlier = openedByBuyer.computeIfAbsent(ask.buyer(), b -> new ArrayList<>());
            Verdict verdict = decide(ask, read.get(at).map(found -> afterEarlier(found, earlier)), now);
            answers.add(verdict.answer());
            if (verdict.opening() != null) {
                Refund refund = verdict.opening().refund();
                earlier.add(refund);
                opened.add(new RefundStore.NewOpening(refund, verdict.opening().line(), ask.idempotencyKey(),
                        ask.requestHash(), verdict.opening().policy()));
                if (refund.status() == RefundStatus.APPROVED) {
                    approvals.add(MoneyFlows.refundApproved(refund.id(), refund.orderId(), refund.amount()));
                }
            }
        }
        if (!opened.isEmpty()) {
            int inserted = refunds.insertOpenings(opened, approvals.isEmpty() ? Optional.empty()
                    : Optional.of(LedgerBatch.of(approvals, ids, now)));
            if (inserted != opened.size()) {
                // rare: another transaction took a buyer's key on another line; alone, that request writes nothing
                throw new IllegalStateException((opened.size() - inserted) + " of " + opened.size()
                        + " refunds found their idempotency key taken meanwhile; the batch runs again one by one");
            }
        }
        return answers;
    }

    /**
     * A buyer's history as read, with the refunds the same round opened for them before this request counted in,
     * as the read's SQL counts them (every refund in the 90 days; the instant ones' amounts in the 30 days): what
     * this request would have read had it run after them, alone.
     */
    private static OrderStore.LockedForRefund afterEarlier(OrderStore.LockedForRefund read, List<Refund> earlier) {
        if (earlier.isEmpty()) {
            return read;
        }
        RequestHistory h = read.history();
        long instantFen = h.buyerInstantRefundedLast30d().minorUnits() + earlier.stream()
                .filter(r -> r.decision().instant()).mapToLong(r -> r.amount().minorUnits()).sum();
        return new OrderStore.LockedForRefund(read.locked(), read.keyTaken(), new RequestHistory(h.orderLineCount(),
                h.buyerRefundsLast90d() + earlier.size(), h.buyerOrdersLast90d(),
                Money.of(instantFen, h.buyerInstantRefundedLast30d().currency()), h.buyerCreditLevel(),
                h.shopExperienceScore()));
    }

    /** A request decided on its line as read: its answer, and the opening to write when it opens a refund. */
    private record Verdict(RequestAnswer answer, RefundOpening.Opened opening) {
    }

    /**
     * Decides a request on its line as read (under its lock) at {@code now}: no such line, the buyer's key taken
     * (a null answer: an earlier refund of theirs, looked up after the commit), more than refundable, or opened.
     */
    private Verdict decide(Ask ask, Optional<OrderStore.LockedForRefund> found, Instant now) {
        RefundRequest request = ask.request();
        if (found.isEmpty()) {
            return new Verdict(new RequestAnswer.LineNotFound(request.orderId(), request.lineId()), null);
        }
        var locked = found.get();
        if (locked.keyTaken()) {
            return new Verdict(null, null);
        }
        LockedLine line = locked.locked();
        RefundOpening opening = desk.open(ask.id(), request, line.shop(), line.closing(), line.buyerId(),
                line.orderPaidAt(), line.shipBy(), line.line(), locked.history(), now);
        return switch (opening) {
            case RefundOpening.ExceedsRefundable e -> new Verdict(new RequestAnswer.ExceedsRefundable(
                    request.orderId(), request.lineId(), e.requested(), e.refundable()), null);
            case RefundOpening.Opened opened -> new Verdict(new RequestAnswer.Opened(opened.refund()), opened);
        };
    }

    /**
     * Locks the line, decides and records the refund, in the caller's transaction. Writes only when it answers
     * Opened: every refusal (no such line, key taken, more than refundable) leaves nothing written. Null: the
     * buyer's key is taken.
     */
    private RequestAnswer open(Ask ask) {
        RefundRequest request = ask.request();
        Instant now = clock.instant();
        Verdict verdict = decide(ask, orders.lockLine(request.orderId(), request.lineId(), ask.buyer(),
                ask.idempotencyKey(), now), now);
        if (verdict.opening() == null) {
            return verdict.answer();
        }
        Refund refund = verdict.opening().refund();
        Optional<LedgerBatch> approval = refund.status() == RefundStatus.APPROVED
                ? Optional.of(LedgerBatch.of(List.of(MoneyFlows.refundApproved(refund.id(), refund.orderId(),
                        refund.amount())), ids, refund.createdAt()))
                : Optional.empty();
        // false: the same buyer's same key was inserted meanwhile (on another line); nothing was written
        return refunds.insertOpening(refund, verdict.opening().line(), ask.idempotencyKey(), ask.requestHash(),
                approval, verdict.opening().policy()) ? verdict.answer() : null;
    }

    public Optional<Refund> find(RefundId id) {
        return refunds.find(id);
    }

    /** The merchant grants a pending refund; it is paid like an instant one. */
    public Decision approve(RefundId id, Caller caller) {
        Decision decision = transactions.execute("refund approval", status -> {
            Decision transition = transition(id, RefundEvent.MERCHANT_APPROVED, null, PENDING_REVIEW);
            if (transition instanceof Decision.Decided decided) {
                approveInto(decided.refund(), "MERCHANT_APPROVED", caller.actor(), null);
            }
            return keptIfDecided(status, transition);
        });
        if (decision instanceof Decision.Decided approved) {
            payouts.approvedRefundsWaiting();
            log.info("refund {} of order {} approved by the merchant", id, approved.refund().orderId());
        }
        return decision;
    }

    /** An approval's writes, in its transaction: the payout into the outbox, escrow to in-flight, the history. */
    private void approveInto(Refund refund, String event, String actor, String detail) {
        Instant now = clock.instant();
        refunds.enqueuePayout(refund.id(), now);
        ledger.append(List.of(MoneyFlows.refundApproved(refund.id(), refund.orderId(), refund.amount())));
        refunds.recordEvent(refund.id(), now, event, actor, detail);
    }

    /**
     * Approves, on the platform's authority, every refund whose review deadline has passed, up to {@code limit}
     * in one transaction; returns how many. Due refunds are row-locked with SKIP LOCKED, so instances running
     * this at once never approve one twice, and a merchant deciding at the same moment either wins or gets a 409.
     */
    public int approveOverdueReviews(int limit) {
        List<Refund> approved = transactions.execute("review deadline", status -> {
            Instant now = clock.instant();
            List<Refund> due = refunds.lockDueForReview(now, limit);
            var done = new ArrayList<Refund>(due.size());
            for (Refund refund : due) {
                Refund next = refund.on(RefundEvent.REVIEW_TIMED_OUT, now);
                refunds.saveDecision(next, now);
                approveInto(next, "REVIEW_TIMED_OUT", "PLATFORM", "the merchant did not decide by "
                        + refund.reviewDeadline().map(Object::toString).orElse("the deadline"));
                done.add(next);
            }
            return done;
        });
        for (Refund refund : approved) {
            meters.counter("miaotui.refunds.review_timeouts").increment();
            log.info("refund {} of order {} approved by the platform: review deadline {} passed", refund.id(),
                    refund.orderId(), refund.reviewDeadline().orElse(null));
        }
        if (!approved.isEmpty()) {
            payouts.approvedRefundsWaiting();
        }
        return approved.size();
    }

    /** Every step of a refund the caller has found to exist ({@code Access.refund}). */
    public List<RefundStore.HistoryStep> history(RefundId id) {
        return refunds.history(id);
    }

    /** An operator sends a failed payout again: approved anew, out of escrow again, into the outbox. */
    public Decision retryPayout(RefundId id, Caller caller) {
        Decision decision = transactions.execute("payout retry", status -> {
            Decision transition = transition(id, RefundEvent.OPERATOR_RETRIED, null,
                    "only a refund whose payout failed can be retried");
            if (transition instanceof Decision.Decided decided) {
                approveInto(decided.refund(), "PAYOUT_RETRIED", caller.actor(), null);
            }
            return keptIfDecided(status, transition);
        });
        if (decision instanceof Decision.Decided retried) {
            payouts.approvedRefundsWaiting();
            log.info("refund {} of order {}: payout retried by an operator", id, retried.refund().orderId());
        }
        return decision;
    }

    /**
     * An operator records that a failed payout's buyer was refunded outside the gateway (a bank transfer, say):
     * the amount leaves the order's escrow for the offline-refunds account, the line counts it refunded, and the
     * history keeps who did it and why. Only from PAYOUT_FAILED; anything else is a 409 and changes nothing.
     */
    public Decision closeOffline(RefundId id, String reason, Caller caller) {
        Decision decision = underLineLock("refund closed offline", id, RefundEvent.OPERATOR_CLOSED_OFFLINE, null,
                "only a refund whose payout failed can be closed as refunded offline", (locked, refund) -> {
                    orders.saveMoney(locked.line().settle(refund.amount()));
                    ledger.append(List.of(MoneyFlows.refundedOffline(refund.id(), refund.orderId(), refund.amount())));
                    refunds.recordEvent(id, clock.instant(), "REFUNDED_OFFLINE", caller.actor(), reason);
                });
        if (decision instanceof Decision.Decided closed) {
            meters.counter("miaotui.refunds.operator_closed", "how", "offline").increment();
            log.info("refund {} of order {} closed by an operator as refunded outside the gateway: {}", id,
                    closed.refund().orderId(), reason);
        }
        return decision;
    }

    /**
     * An operator cancels a refund whose payout failed: the money stays in the order's escrow (where the failure
     * put it back), the line's hold is released so it can ship and settle to the merchant, and the history keeps
     * who did it and why. Only from PAYOUT_FAILED; anything else is a 409 and changes nothing.
     */
    public Decision cancel(RefundId id, String reason, Caller caller) {
        Decision decision = underLineLock("refund cancelled", id, RefundEvent.OPERATOR_CANCELLED, null,
                "only a refund whose payout failed can be cancelled", (locked, refund) -> {
                    orders.saveMoney(locked.line().release(refund.amount()));
                    refunds.recordEvent(id, clock.instant(), "CANCELLED", caller.actor(), reason);
                });
        if (decision instanceof Decision.Decided cancelled) {
            meters.counter("miaotui.refunds.operator_closed", "how", "cancelled").increment();
            log.info("refund {} of order {} cancelled by an operator: {}", id, cancelled.refund().orderId(), reason);
        }
        return decision;
    }

    /** The merchant refuses a pending refund; the held amount goes back to the line, still in escrow. */
    public Decision reject(RefundId id, String reason, Caller caller) {
        Decision decision = underLineLock("refund rejection", id, RefundEvent.MERCHANT_REJECTED, reason,
                PENDING_REVIEW, (locked, refund) -> {
                    orders.saveMoney(locked.line().release(refund.amount()));
                    refunds.recordEvent(id, clock.instant(), "MERCHANT_REJECTED", caller.actor(), reason);
                });
        if (decision instanceof Decision.Decided rejected) {
            log.info("refund {} of order {} rejected by the merchant", id, rejected.refund().orderId());
        }
        return decision;
    }

    /**
     * One transaction that moves a refund by {@code event} under its line's lock, taken first as every writer takes
     * it before the refund's (and the ledger's order row after): no lock-order deadlocks. {@code effects} writes
     * what the move means for the line, the ledger and the history; a refusal writes nothing.
     */
    private Decision underLineLock(String what, RefundId id, RefundEvent event, String rejection, String rule,
            BiConsumer<LockedLine, Refund> effects) {
        return transactions.execute(what, status -> {
            Optional<Refund> current = refunds.find(id);
            if (current.isEmpty()) {
                return keptIfDecided(status, new Decision.NotFound(id));
            }
            LockedLine locked = orders.lockLine(current.get().orderId(), current.get().lineId()).orElseThrow();
            Decision transition = transition(id, event, rejection, rule);
            if (transition instanceof Decision.Decided(Refund refund)) {
                effects.accept(locked, refund);
            }
            return keptIfDecided(status, transition);
        });
    }

    /**
     * Locks the refund and moves it by {@code event}, saving the decision; a refund not found, or in a state the
     * event does not apply to, writes nothing.
     */
    private Decision transition(RefundId id, RefundEvent event, String rejection, String rule) {
        Optional<Refund> current = refunds.lock(id);
        if (current.isEmpty()) {
            return new Decision.NotFound(id);
        }
        Instant now = clock.instant();
        try {
            Refund next = current.get().on(event, now, rejection);
            refunds.saveDecision(next, now);
            return new Decision.Decided(next);
        } catch (IllegalRefundTransition e) {
            return new Decision.NotPending(id, e.status(), rule);
        }
    }

    /** A refusal rolls its transaction back, as the exception it used to be did: nothing of it is kept. */
    private static Decision keptIfDecided(TransactionStatus status, Decision decision) {
        if (!(decision instanceof Decision.Decided)) {
            status.setRollbackOnly();
        }
        return decision;
    }

    private RequestAnswer replay(String key, RefundStore.Stored stored, String requestHash) {
        if (!stored.requestHash().equals(requestHash)) {
            refused("key_reused");
            return new RequestAnswer.KeyReused(key, stored.refund().id());
        }
        meters.counter("miaotui.refunds.replayed").increment();
        return new RequestAnswer.Replayed(stored.refund());
    }

    private void refused(String cause) {
        meters.counter("miaotui.refunds.refused", "cause", cause).increment();
    }

}
