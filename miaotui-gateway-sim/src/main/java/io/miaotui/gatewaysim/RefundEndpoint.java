package io.miaotui.gatewaysim;

import java.util.Map;
import java.util.function.Supplier;

/**
 * POST /v1/trade/refund: latency, then validation, then one fault draw, then (unless the fault forbids it) the
 * idempotent refund. An invalid request is answered 400 before the draw, so it does not consume a fault.
 */
final class RefundEndpoint implements Endpoint {
    private final Supplier<Faults> faults;
    private final FaultDice dice;
    private final RefundLedger ledger;
    private final Counters counters;

    RefundEndpoint(Supplier<Faults> faults, FaultDice dice, RefundLedger ledger, Counters counters) {
        this.faults = faults;
        this.dice = dice;
        this.ledger = ledger;
        this.counters = counters;
    }

    @Override
    public Reply handle(SimRequest request) throws InterruptedException {
        // One snapshot per request, so a fault change mid-request cannot mix two settings.
        Faults now = faults.get();
        counters.refundRequest();
        Pause.millis(now.latencyMs());

        Map<String, Object> body = request.jsonBody();
        // Counted before the other fields are checked: a retry that arrives broken has still arrived.
        counters.arrived(RefundRequest.outRequestNo(body));
        RefundRequest refund = RefundRequest.from(body);

        Fault fault = dice.forRefund(now);
        counters.fault(fault);
        return switch (fault) {
            case ERROR -> Replies.serviceUnavailable();
            case DECLINE -> Replies.declined();
            case LOST_ANSWER -> {
                process(refund);
                yield Replies.answerLost();
            }
            case TIMEOUT -> {
                Reply reply = answer(process(refund));
                Pause.millis(now.timeoutDelayMs());
                yield reply;
            }
            case NONE -> answer(process(refund));
        };
    }

    private RefundOutcome process(RefundRequest refund) {
        counters.processed();
        return ledger.refund(refund);
    }

    private static Reply answer(RefundOutcome outcome) {
        return switch (outcome) {
            case RefundOutcome.Created created -> Reply.json(200, Wire.refundSuccess(created.record(), true));
            case RefundOutcome.Replayed replayed -> Reply.json(200, Wire.refundSuccess(replayed.record(), false));
            case RefundOutcome.AmountChanged changed -> Replies.amountChanged();
        };
    }
}
