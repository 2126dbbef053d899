package io.miaotui.gatewaysim;

import java.util.concurrent.atomic.AtomicReference;

/**
 * The /sim/* control plane: stats, fault settings, and the raw books. Not part of the simulated gateway, so no
 * latency or faults here: a test steering the simulator should not have to fight it.
 */
final class ControlEndpoints {
    private final AtomicReference<Faults> faults;
    private final RefundLedger ledger;
    private final Counters counters;

    ControlEndpoints(AtomicReference<Faults> faults, RefundLedger ledger, Counters counters) {
        this.faults = faults;
        this.ledger = ledger;
        this.counters = counters;
    }

    Reply stats(SimRequest request) {
        return Reply.json(200, Wire.stats(counters.snapshot()));
    }

    Reply faults(SimRequest request) {
        return Reply.json(200, Wire.faults(faults.get()));
    }

    Reply setFaults(SimRequest request) {
        Faults next = Wire.faultsFrom(request.jsonBody());
        faults.set(next);
        return Reply.json(200, Wire.faults(next));
    }

    /** Every statement line in the order written, each with how many refund requests its out_request_no got. */
    Reply records(SimRequest request) {
        return Reply.json(200, JsonWriter.object().put("refunds", ledger.all().stream()
                .map(record -> Wire.billRow(record).put("requests", counters.requestsFor(record.outRequestNo())))
                .toList()));
    }
}
