package io.miaotui.server.refund;

import io.miaotui.ids.TimeOrderedIds;
import io.miaotui.ledger.MoneyFlows;
import io.miaotui.order.BuyerId;
import io.miaotui.refund.IllegalRefundTransition;
import io.miaotui.refund.Refund;
import io.miaotui.refund.RefundDesk;
import io.miaotui.refund.RefundEvent;
import io.miaotui.refund.RefundId;
import io.miaotui.refund.RefundOpening;
import io.miaotui.refund.RefundRequest;
import io.miaotui.refund.RefundStatus;
import io.miaotui.server.database.RetryingTransactions;
import io.miaotui.server.ledger.LedgerBatch;
import io.miaotui.server.ledger.LedgerStore;
import io.miaotui.server.order.LockedLine;
import io.miaotui.server.order.MissingLine;
import io.miaotui.server.order.OrderStore;
import io.miaotui.server.trust.Access;
import io.miaotui.server.trust.Caller;
import io.miaotui.server.web.ApiProblem;
import io.miaotui.server.web.ProblemType;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

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
    private final Access access;
    private final TimeOrderedIds ids;
    private final Clock clock;
    private final MeterRegistry meters;
    private final Timer openTimer;

    public RefundService(OrderStore orders, RefundStore refunds, LedgerStore ledger, PayoutWakeUp payouts,
            RefundDesk desk, RetryingTransactions transactions, Access access, TimeOrderedIds ids, Clock clock,
            MeterRegistry meters) {
        this.access = access;
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
    }

    /** The refund for this request, and whether this call created it (false: a replay of the same request). */
    public record Requested(Refund refund, boolean created) {
    }

    /**
     * Opens a refund for the buyer who calls. Only a line of the caller's own order is found (and locked):
     * someone else's order, whether or not it has the line, is answered as no order at all, before anything is
     * written. The idempotency key is looked up among the caller's own refunds only: keys are per buyer.
     */
    public Requested request(String idempotencyKey, RefundRequest request, String requestHash, Caller caller) {
        Timer.Sample sample = Timer.start(meters);
        BuyerId buyer = new BuyerId(caller.subject());
        try {
            RefundId id = RefundId.of(ids.next());
            Refund created = transactions.execute("refund request", status -> {
                Instant now = clock.instant();
                var locked = orders.lockLine(request.orderId(), request.lineId(), buyer, idempotencyKey, now)
                        .orElseThrow(() -> MissingLine.problem(access, caller, request.orderId(), request.lineId()));
                if (locked.keyTaken()) {
                    status.setRollbackOnly();
                    return null;
                }
                LockedLine line = locked.locked();
                RefundOpening opening = desk.open(id, request, line.shop(), line.closing(), line.buyerId(),
                        line.orderPaidAt(), line.shipBy(), line.line(), locked.history(), now);
                return switch (opening) {
                    case RefundOpening.ExceedsRefundable e -> throw refused("exceeds_refundable", new ApiProblem(
                            ProblemType.AMOUNT_EXCEEDS_REFUNDABLE,
                            "Line " + request.lineId() + " of order " + request.orderId() + " can refund at most "
                                    + e.refundable().toDecimalString() + "; asked " + e.requested().toDecimalString() + ".",
                            Map.of("refundable", e.refundable().toDecimalString())));
                    case RefundOpening.Opened opened -> {
                        Refund refund = opened.refund();
                        Optional<LedgerBatch> approval = refund.status() == RefundStatus.APPROVED
                                ? Optional.of(LedgerBatch.of(List.of(MoneyFlows.refundApproved(refund.id(),
                                        refund.orderId(), refund.amount())), ids, refund.createdAt()))
                                : Optional.empty();
                        if (!refunds.insertOpening(refund, opened.line(), idempotencyKey, requestHash, approval,
                                opened.policy())) {
                            status.setRollbackOnly();
                            yield null;
                        }
                        yield opened.refund();
                    }
                };
            });
            if (created == null) {
                // The key names an earlier refund of this buyer's: a replay, or the key reused for another request.
                return replay(idempotencyKey, refunds.findByIdempotencyKey(buyer, idempotencyKey).orElseThrow(),
                        requestHash);
            }
            if (created.status() == RefundStatus.APPROVED) {
                payouts.approvedRefundsWaiting();
            }
            meters.counter("miaotui.refunds.opened", "decision", created.decision().instant() ? "instant" : "review",
                    "policy", created.decision().policy()).increment();
            log.info("refund {} opened on order {} line {} for {}: {} by {} v{}", created.id(), created.orderId(),
                    created.lineId(), created.amount(), created.status(), created.decision().policy(),
                    created.decision().policyVersion());
            return new Requested(created, true);
        } finally {
            sample.stop(openTimer);
        }
    }

    public Refund get(RefundId id) {
        return refunds.find(id).orElseThrow(() -> notFound(id));
    }

    /** The merchant grants a pending refund; it is paid like an instant one. */
    public Refund approve(RefundId id, Caller caller) {
        Refund approved = transactions.execute("refund approval", status -> {
            Refund refund = transition(id, RefundEvent.MERCHANT_APPROVED, null);
            approveInto(refund, "MERCHANT_APPROVED", caller.actor(), null);
            return refund;
        });
        payouts.approvedRefundsWaiting();
        log.info("refund {} of order {} approved by the merchant", id, approved.orderId());
        return approved;
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
    public Refund retryPayout(RefundId id, Caller caller) {
        Refund retried = transactions.execute("payout retry", status -> {
            Refund refund = transition(id, RefundEvent.OPERATOR_RETRIED, null,
                    "only a refund whose payout failed can be retried");
            approveInto(refund, "PAYOUT_RETRIED", caller.actor(), null);
            return refund;
        });
        payouts.approvedRefundsWaiting();
        log.info("refund {} of order {}: payout retried by an operator", id, retried.orderId());
        return retried;
    }

    /**
     * An operator records that a failed payout's buyer was refunded outside the gateway (a bank transfer, say):
     * the amount leaves the order's escrow for the offline-refunds account, the line counts it refunded, and the
     * history keeps who did it and why. Only from PAYOUT_FAILED; anything else is a 409 and changes nothing.
     */
    public Refund closeOffline(RefundId id, String reason, Caller caller) {
        Refund closed = transactions.execute("refund closed offline", status -> {
            Refund current = refunds.find(id).orElseThrow(() -> notFound(id));
            // The line's lock first, as every writer takes it before the refund's (and the ledger's order row after).
            LockedLine locked = orders.lockLine(current.orderId(), current.lineId()).orElseThrow();
            Refund refund = transition(id, RefundEvent.OPERATOR_CLOSED_OFFLINE, null,
                    "only a refund whose payout failed can be closed as refunded offline");
            orders.saveMoney(locked.line().settle(refund.amount()));
            ledger.append(List.of(MoneyFlows.refundedOffline(refund.id(), refund.orderId(), refund.amount())));
            refunds.recordEvent(id, clock.instant(), "REFUNDED_OFFLINE", caller.actor(), reason);
            return refund;
        });
        meters.counter("miaotui.refunds.operator_closed", "how", "offline").increment();
        log.info("refund {} of order {} closed by an operator as refunded outside the gateway: {}", id,
                closed.orderId(), reason);
        return closed;
    }

    /**
     * An operator cancels a refund whose payout failed: the money stays in the order's escrow (where the failure
     * put it back), the line's hold is released so it can ship and settle to the merchant, and the history keeps
     * who did it and why. Only from PAYOUT_FAILED; anything else is a 409 and changes nothing.
     */
    public Refund cancel(RefundId id, String reason, Caller caller) {
        Refund cancelled = transactions.execute("refund cancelled", status -> {
            Refund current = refunds.find(id).orElseThrow(() -> notFound(id));
            LockedLine locked = orders.lockLine(current.orderId(), current.lineId()).orElseThrow();
            Refund refund = transition(id, RefundEvent.OPERATOR_CANCELLED, null,
                    "only a refund whose payout failed can be cancelled");
            orders.saveMoney(locked.line().release(refund.amount()));
            refunds.recordEvent(id, clock.instant(), "CANCELLED", caller.actor(), reason);
            return refund;
        });
        meters.counter("miaotui.refunds.operator_closed", "how", "cancelled").increment();
        log.info("refund {} of order {} cancelled by an operator: {}", id, cancelled.orderId(), reason);
        return cancelled;
    }

    /** The merchant refuses a pending refund; the held amount goes back to the line, still in escrow. */
    public Refund reject(RefundId id, String reason, Caller caller) {
        Refund rejected = transactions.execute("refund rejection", status -> {
            // The line's lock first, as every writer takes it before the refund's: no lock-order deadlocks.
            Refund current = refunds.find(id).orElseThrow(() -> notFound(id));
            LockedLine locked = orders.lockLine(current.orderId(), current.lineId()).orElseThrow();
            Refund refund = transition(id, RefundEvent.MERCHANT_REJECTED, reason);
            orders.saveMoney(locked.line().release(refund.amount()));
            refunds.recordEvent(id, clock.instant(), "MERCHANT_REJECTED", caller.actor(), reason);
            return refund;
        });
        log.info("refund {} of order {} rejected by the merchant", id, rejected.orderId());
        return rejected;
    }

    private Refund transition(RefundId id, RefundEvent event, String rejection) {
        return transition(id, event, rejection, "only a refund pending merchant review can be decided");
    }

    private Refund transition(RefundId id, RefundEvent event, String rejection, String rule) {
        Refund current = refunds.lock(id).orElseThrow(() -> notFound(id));
        Instant now = clock.instant();
        try {
            Refund next = current.on(event, now, rejection);
            refunds.saveDecision(next, now);
            return next;
        } catch (IllegalRefundTransition e) {
            throw new ApiProblem(ProblemType.REFUND_NOT_PENDING,
                    "Refund " + id + " is " + e.status() + "; " + rule + ".",
                    Map.of("refundStatus", e.status().name()));
        }
    }

    private Requested replay(String key, RefundStore.Stored stored, String requestHash) {
        if (!stored.requestHash().equals(requestHash)) {
            throw refused("key_reused", new ApiProblem(ProblemType.IDEMPOTENCY_KEY_REUSED,
                    "Idempotency key '" + key + "' was used for a different refund request ("
                            + stored.refund().id() + ")."));
        }
        meters.counter("miaotui.refunds.replayed").increment();
        return new Requested(stored.refund(), false);
    }

    private ApiProblem refused(String cause, ApiProblem problem) {
        meters.counter("miaotui.refunds.refused", "cause", cause).increment();
        return problem;
    }

    private static ApiProblem notFound(RefundId id) {
        return new ApiProblem(ProblemType.REFUND_NOT_FOUND, "No refund " + id + ".");
    }
}
