package io.miaotui.server.ledger;

import io.swagger.v3.oas.annotations.media.Schema;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Proves the money adds up, from the database as it is: every entry balances, each order's escrow equals what
 * was paid less refunds approved (or refunded offline) less what was settled and is never negative, every paid
 * refund has exactly one payout entry and every refund closed as refunded offline exactly one offline entry, and
 * each line's refunded and held money is what its refunds say (a cancelled refund holds nothing). Each rule
 * lists at most {@value #LIMIT} offenders.
 */
@Component
public class LedgerCheck {
    static final int LIMIT = 100;

    private final JdbcClient jdbc;
    private static final Logger log = LoggerFactory.getLogger(LedgerCheck.class);

    /** -1 until the first check has run. */
    private final AtomicInteger lastViolations = new AtomicInteger(-1);

    public LedgerCheck(JdbcClient jdbc, MeterRegistry meters) {
        this.jdbc = jdbc;
        meters.gauge("miaotui.ledger.check.violations", lastViolations);
    }

    /** Runs the check in the background (every {@code miaotui.ledger.check-interval}), so the gauge stays current. */
    @Scheduled(initialDelayString = "${miaotui.ledger.check-interval:15m}",
            fixedDelayString = "${miaotui.ledger.check-interval:15m}")
    public void scheduledCheck() {
        Result result = run();
        if (!result.balanced()) {
            log.error("ledger check found {} violations, first: {}", result.violations().size(),
                    result.violations().getFirst());
        }
    }

    @Schema(name = "LedgerViolation")
    public record Violation(String rule, String subject, String detail) {
    }

    @Schema(name = "LedgerCheckResult")
    public record Result(boolean balanced, List<Violation> violations) {
    }

    public Result run() {
        var violations = new ArrayList<Violation>();
        collect(violations, "entry-balances", """
                select entry_id, 'postings sum to ' || sum(amount_fen) || ' fen' from ledger_postings
                group by entry_id having sum(amount_fen) <> 0
                """);
        collect(violations, "escrow-matches-postings", """
                select o.order_id, 'escrow balance ' || o.escrow_fen || ' fen but its postings sum to '
                    || coalesce(p.total, 0) || ' fen'
                from orders o left join (select account, sum(amount_fen) as total from ledger_postings
                    where account like 'escrow:%' group by account) p on p.account = 'escrow:' || o.order_id
                where o.escrow_fen <> coalesce(p.total, 0)
                """);
        collect(violations, "escrow-is-paid-less-refunded-less-settled", """
                select o.order_id, 'escrow ' || o.escrow_fen || ' fen, expected ' || x.expected || ' fen'
                from orders o join lateral (
                    select (select coalesce(sum(paid_fen - settled_fen), 0) from order_lines l where l.order_id = o.order_id)
                         - (select coalesce(sum(amount_fen), 0) from refunds r
                            where r.order_id = o.order_id
                              and r.status in ('APPROVED', 'PAID', 'REFUNDED_OFFLINE')) as expected) x on true
                where o.escrow_fen <> x.expected
                """);
        collect(violations, "escrow-never-negative", """
                select order_id, 'escrow ' || escrow_fen || ' fen' from orders where escrow_fen < 0
                """);
        collect(violations, "paid-refund-has-one-payout", """
                select r.refund_id, r.status || ' with ' || count(e.entry_id) || ' payout entries'
                from refunds r left join ledger_entries e on e.refund_id = r.refund_id and e.kind = 'PAYOUT_CONFIRMED'
                group by r.refund_id, r.status
                having (r.status = 'PAID') <> (count(e.entry_id) = 1) or count(e.entry_id) > 1
                """);
        collect(violations, "offline-refund-has-one-entry", """
                select r.refund_id, r.status || ' with ' || count(e.entry_id) || ' offline refund entries'
                from refunds r left join ledger_entries e on e.refund_id = r.refund_id and e.kind = 'OFFLINE_REFUND'
                group by r.refund_id, r.status
                having (r.status = 'REFUNDED_OFFLINE') <> (count(e.entry_id) = 1) or count(e.entry_id) > 1
                """);
        collect(violations, "line-money-matches-its-refunds", """
                select l.order_id || '/' || l.line_id, 'refunded ' || l.refunded_fen || ' fen, held ' || l.reserved_fen
                    || ' fen by ' || l.open_refunds || ' open refunds; its refunds say ' || coalesce(r.refunded, 0)
                    || ', ' || coalesce(r.held, 0) || ' by ' || coalesce(r.open, 0)
                from order_lines l left join (
                    select order_id, line_id,
                        sum(amount_fen) filter (where status in ('PAID', 'REFUNDED_OFFLINE')) as refunded,
                        sum(amount_fen) filter (where status in ('PENDING_MERCHANT_REVIEW', 'APPROVED', 'PAYOUT_FAILED')) as held,
                        count(*) filter (where status in ('PENDING_MERCHANT_REVIEW', 'APPROVED', 'PAYOUT_FAILED')) as open
                    from refunds group by order_id, line_id) r on r.order_id = l.order_id and r.line_id = l.line_id
                where l.refunded_fen <> coalesce(r.refunded, 0) or l.reserved_fen <> coalesce(r.held, 0)
                   or l.open_refunds <> coalesce(r.open, 0)
                """);
        collect(violations, "approved-refund-left-escrow", """
                select r.refund_id, r.status || ' with ' || count(e.entry_id) filter (where e.kind = 'REFUND_APPROVED')
                    || ' approvals and ' || count(e.entry_id) filter (where e.kind = 'PAYOUT_FAILED') || ' failures'
                from refunds r left join ledger_entries e on e.refund_id = r.refund_id
                    and e.kind in ('REFUND_APPROVED', 'PAYOUT_FAILED')
                group by r.refund_id, r.status
                having count(e.entry_id) filter (where e.kind = 'REFUND_APPROVED')
                     - count(e.entry_id) filter (where e.kind = 'PAYOUT_FAILED')
                     <> case when r.status in ('APPROVED', 'PAID') then 1 else 0 end
                """);
        lastViolations.set(violations.size());
        return new Result(violations.isEmpty(), violations);
    }

    private void collect(List<Violation> into, String rule, String sql) {
        jdbc.sql(sql + " limit " + LIMIT)
                .query((rs, n) -> new Violation(rule, rs.getString(1), rs.getString(2)))
                .list()
                .forEach(into::add);
    }
}
