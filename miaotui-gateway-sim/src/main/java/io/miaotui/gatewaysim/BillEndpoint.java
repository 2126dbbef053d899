package io.miaotui.gatewaysim;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.function.Supplier;

/**
 * GET /v1/bill/refunds?from=&to=: the gateway's statement for reconciliation, over [from, to) on gmt_refund_pay.
 * Latency applies, faults do not: a statement that randomly fails would test the wrong thing. Either bound may be
 * left out to leave that side open.
 */
final class BillEndpoint implements Endpoint {
    private final Supplier<Faults> faults;
    private final RefundLedger ledger;

    BillEndpoint(Supplier<Faults> faults, RefundLedger ledger) {
        this.faults = faults;
        this.ledger = ledger;
    }

    @Override
    public Reply handle(SimRequest request) throws InterruptedException {
        Pause.millis(faults.get().latencyMs());
        Instant from = instant(request, "from", Instant.MIN);
        Instant to = instant(request, "to", Instant.MAX);
        if (to.isBefore(from)) {
            throw new InvalidArgument("to", "must not be before from");
        }
        return Reply.json(200, JsonWriter.object()
                .put("refunds", ledger.between(from, to).stream().map(Wire::billRow).toList()));
    }

    /** "2025-06-18T09:30:00Z" or with an offset, "2025-06-18T17:30:00+08:00". */
    private static Instant instant(SimRequest request, String name, Instant fallback) {
        String raw = request.query().get(name);
        if (raw == null) {
            return fallback;
        }
        try {
            return OffsetDateTime.parse(raw).toInstant();
        } catch (DateTimeParseException e) {
            throw new InvalidArgument(name, "must be an ISO-8601 instant like 2025-06-18T09:30:00Z, got \""
                    + raw + "\"");
        }
    }
}
