package io.miaotui.gatewaysim;

import java.util.function.Supplier;

/** POST /v1/trade/refund/query: latency, validation, then only the error fault can strike. */
final class QueryEndpoint implements Endpoint {
    private final Supplier<Faults> faults;
    private final FaultDice dice;
    private final RefundLedger ledger;
    private final Counters counters;

    QueryEndpoint(Supplier<Faults> faults, FaultDice dice, RefundLedger ledger, Counters counters) {
        this.faults = faults;
        this.dice = dice;
        this.ledger = ledger;
        this.counters = counters;
    }

    @Override
    public Reply handle(SimRequest request) throws InterruptedException {
        Faults now = faults.get();
        counters.query();
        Pause.millis(now.latencyMs());

        String outRequestNo = RefundRequest.outRequestNo(request.jsonBody());
        Fault fault = dice.forQuery(now);
        counters.fault(fault);
        if (fault == Fault.ERROR) {
            return Replies.serviceUnavailable();
        }
        return ledger.find(outRequestNo)
                .map(record -> Reply.json(200, Wire.querySuccess(record)))
                .orElseGet(Replies::refundNotExist);
    }
}
