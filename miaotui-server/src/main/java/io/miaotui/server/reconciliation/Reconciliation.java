package io.miaotui.server.reconciliation;

import io.swagger.v3.oas.annotations.media.Schema;
import io.micrometer.core.instrument.MeterRegistry;
import io.miaotui.ledger.EntryKind;
import io.miaotui.money.Currency;
import io.miaotui.money.Money;
import io.miaotui.payout.GatewayRefund;
import io.miaotui.payout.PaymentGateway;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Compares the gateway's statement for a window with the ledger's confirmed payouts, refund by refund (the
 * refund id is the gateway's out_request_no). Anything the two do not agree on is listed, so a yuan paid twice,
 * paid without our knowing, or recorded without being paid is found the same day.
 */
@Service
public class Reconciliation {
    private final PaymentGateway gateway;
    private final JdbcClient jdbc;
    private final MeterRegistry meters;

    public Reconciliation(PaymentGateway gateway, JdbcClient jdbc, MeterRegistry meters) {
        this.gateway = gateway;
        this.jdbc = jdbc;
        this.meters = meters;
    }

    @Schema(name = "ReconciliationLine")
    public record Line(String refundId, String orderId, @Schema(nullable = true) String gatewayAmount,
            @Schema(nullable = true) String ledgerAmount, @Schema(nullable = true) Instant paidAt,
            @Schema(nullable = true) String note) {
    }

    @Schema(name = "ReconciliationReport")
    public record Report(Instant from, Instant to, int gatewayRecords, int ledgerPayouts, int matched,
            List<Line> inFlight, List<Line> missingInLedger, List<Line> missingAtGateway, List<Line> duplicates,
            List<Line> amountMismatches, boolean clean) {
    }

    private record LedgerPayout(String refundId, String orderId, long amountFen, Instant paidAt) {
    }

    public Report run(Instant from, Instant to) {
        List<GatewayRefund> statement = gateway.refundsBetween(from, to);
        Map<String, LedgerPayout> ledger = new HashMap<>();
        jdbc.sql("""
                select r.refund_id, r.order_id, r.amount_fen, r.paid_at from ledger_entries e
                join refunds r on r.refund_id = e.refund_id
                where e.kind = ? and r.paid_at >= ? and r.paid_at < ?
                """)
                .params(EntryKind.PAYOUT_CONFIRMED.name(), Timestamp.from(from), Timestamp.from(to))
                .query((rs, n) -> new LedgerPayout(rs.getString(1), rs.getString(2), rs.getLong(3),
                        rs.getTimestamp(4).toInstant()))
                .list()
                .forEach(p -> ledger.put(p.refundId(), p));
        Map<String, List<GatewayRefund>> byRequest = statement.stream()
                .collect(Collectors.groupingBy(GatewayRefund::requestNo));

        var inFlight = new ArrayList<Line>();
        var missingInLedger = new ArrayList<Line>();
        var duplicates = new ArrayList<Line>();
        var mismatches = new ArrayList<Line>();
        int matched = 0;
        for (var entry : byRequest.entrySet()) {
            GatewayRefund first = entry.getValue().getFirst();
            LedgerPayout ours = ledger.get(entry.getKey());
            if (entry.getValue().size() > 1) {
                duplicates.add(line(first, ours, "the gateway paid this refund " + entry.getValue().size() + " times"));
            } else if (ours == null) {
                String status = statusOf(entry.getKey());
                (status != null && status.equals("APPROVED") ? inFlight : missingInLedger).add(line(first, null,
                        status == null ? "no such refund here" : "refund is " + status + " here"));
            } else if (ours.amountFen() != first.amount().minorUnits()) {
                mismatches.add(line(first, ours, "amounts differ"));
            } else {
                matched++;
            }
        }
        var missingAtGateway = ledger.values().stream()
                .filter(p -> !byRequest.containsKey(p.refundId()))
                .map(p -> new Line(p.refundId(), p.orderId(), null, yuan(p.amountFen()), p.paidAt(),
                        "the ledger says paid, the gateway has no record"))
                .toList();
        boolean clean = missingInLedger.isEmpty() && missingAtGateway.isEmpty() && duplicates.isEmpty()
                && mismatches.isEmpty();
        meters.counter("miaotui.reconciliations", "result", clean ? "clean" : "discrepancies").increment();
        return new Report(from, to, statement.size(), ledger.size(), matched, inFlight, missingInLedger,
                missingAtGateway, duplicates, mismatches, clean);
    }

    private String statusOf(String refundId) {
        return jdbc.sql("select status from refunds where refund_id = ?").param(refundId).query(String.class)
                .optional().orElse(null);
    }

    private static Line line(GatewayRefund theirs, LedgerPayout ours, String note) {
        return new Line(theirs.requestNo(), theirs.orderId(), theirs.amount().toDecimalString(),
                ours == null ? null : yuan(ours.amountFen()), theirs.paidAt(), note);
    }

    private static String yuan(long fen) {
        return Money.of(fen, Currency.CNY).toDecimalString();
    }
}
