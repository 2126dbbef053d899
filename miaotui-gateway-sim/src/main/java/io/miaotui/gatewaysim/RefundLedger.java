package io.miaotui.gatewaysim;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The gateway's books. The index by out_request_no makes refunds idempotent; the statement is every line in the
 * order it was written, and may hold duplicates that only {@link #inject} can create, because a reconciliation test
 * needs a gateway that is sometimes wrong.
 */
final class RefundLedger {
    private final Clock clock;
    private final ConcurrentHashMap<String, RefundRecord> byRequestNo = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<RefundRecord> statement = new ConcurrentLinkedQueue<>();

    RefundLedger(Clock clock) {
        this.clock = clock;
    }

    /**
     * Processes a refund. {@code compute} holds the key's lock while deciding, so two identical requests arriving
     * together still create one record, and the record reaches the statement before anyone can see it in the index.
     */
    RefundOutcome refund(RefundRequest request) {
        RefundOutcome[] outcome = new RefundOutcome[1];
        byRequestNo.compute(request.outRequestNo(), (outRequestNo, existing) -> {
            if (existing == null) {
                // Millisecond precision: what a real statement shows, and what the bill's window compares.
                Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
                RefundRecord created = new RefundRecord(outRequestNo, request.tradeNo(), request.buyerId(),
                        request.amountFen(), now);
                statement.add(created);
                outcome[0] = new RefundOutcome.Created(created);
                return created;
            }
            outcome[0] = existing.amountFen() == request.amountFen()
                    ? new RefundOutcome.Replayed(existing)
                    : new RefundOutcome.AmountChanged(existing);
            return existing;
        });
        return outcome[0];
    }

    /**
     * Writes a raw line to the statement, even one whose out_request_no is already there. The first record for an
     * out_request_no stays the one that queries and retries see.
     */
    void inject(RefundRecord record) {
        byRequestNo.compute(record.outRequestNo(), (outRequestNo, existing) -> {
            statement.add(record);
            return existing == null ? record : existing;
        });
    }

    Optional<RefundRecord> find(String outRequestNo) {
        return Optional.ofNullable(byRequestNo.get(outRequestNo));
    }

    /** Every statement line, in the order written. */
    List<RefundRecord> all() {
        return List.copyOf(statement);
    }

    /** Statement lines with {@code from <= gmt_refund_pay < to}, oldest first (ties in the order written). */
    List<RefundRecord> between(Instant from, Instant to) {
        return statement.stream()
                .filter(r -> !r.gmtRefundPay().isBefore(from) && r.gmtRefundPay().isBefore(to))
                .sorted(Comparator.comparing(RefundRecord::gmtRefundPay))
                .toList();
    }
}
