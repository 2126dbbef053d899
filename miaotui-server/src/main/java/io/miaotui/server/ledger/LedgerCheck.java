package io.miaotui.server.ledger;

import static io.miaotui.refund.RefundStatus.APPROVED;
import static io.miaotui.refund.RefundStatus.PAID;
import static io.miaotui.refund.RefundStatus.REFUNDED_OFFLINE;

import io.miaotui.ledger.EntryKind;
import io.miaotui.refund.RefundStatus;
import io.swagger.v3.oas.annotations.media.Schema;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
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
 * each line's refunded and held money is what its refunds say (a cancelled refund holds nothing), and every
 * posting, entry, refund, waiting payout and history step names an entry, order, refund or line that exists.
 * Each rule lists at most {@value #LIMIT} offenders.
 */
@Component
public class LedgerCheck {
    static final int LIMIT = 100;

    private final JdbcClient jdbc;
    private static final Logger log = LoggerFactory.getLogger(LedgerCheck.class);

    /** The statuses and entry kinds the rules name, bound from the domain's enums (each rule uses some). */
    private static final Map<String, Object> WORDS = Map.of(
            "paid", PAID.name(),
            "refundedOffline", REFUNDED_OFFLINE.name(),
            "refunded", names(PAID, REFUNDED_OFFLINE),
            "outOfEscrow", names(APPROVED, PAID, REFUNDED_OFFLINE),
            "approvedOrPaid", names(APPROVED, PAID),
            "openStatuses", Arrays.stream(RefundStatus.values()).filter(RefundStatus::isOpen).map(Enum::name).toList(),
            "payoutConfirmed", EntryKind.PAYOUT_CONFIRMED.name(),
            "offlineRefund", EntryKind.OFFLINE_REFUND.name(),
            "refundApproved", EntryKind.REFUND_APPROVED.name(),
            "payoutFailed", EntryKind.PAYOUT_FAILED.name());

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
                              and r.status in (:outOfEscrow)) as expected) x on true
                where o.escrow_fen <> x.expected
                """);
        collect(violations, "escrow-never-negative", """
                select order_id, 'escrow ' || escrow_fen || ' fen' from orders where escrow_fen < 0
                """);
        collect(violations, "paid-refund-has-one-payout", """
                select r.refund_id, r.status || ' with ' || count(e.entry_id) || ' payout entries'
                from refunds r left join ledger_entries e on e.refund_id = r.refund_id and e.kind = :payoutConfirmed
                group by r.refund_id, r.status
                having (r.status = :paid) <> (count(e.entry_id) = 1) or count(e.entry_id) > 1
                """);
        collect(violations, "offline-refund-has-one-entry", """
                select r.refund_id, r.status || ' with ' || count(e.entry_id) || ' offline refund entries'
                from refunds r left join ledger_entries e on e.refund_id = r.refund_id and e.kind = :offlineRefund
                group by r.refund_id, r.status
                having (r.status = :refundedOffline) <> (count(e.entry_id) = 1) or count(e.entry_id) > 1
                """);
        collect(violations, "line-money-matches-its-refunds", """
                select l.order_id || '/' || l.line_id, 'refunded ' || l.refunded_fen || ' fen, held ' || l.reserved_fen
                    || ' fen by ' || l.open_refunds || ' open refunds; its refunds say ' || coalesce(r.refunded, 0)
                    || ', ' || coalesce(r.held, 0) || ' by ' || coalesce(r.open, 0)
                from order_lines l left join (
                    select order_id, line_id,
                        sum(amount_fen) filter (where status in (:refunded)) as refunded,
                        sum(amount_fen) filter (where status in (:openStatuses)) as held,
                        count(*) filter (where status in (:openStatuses)) as open
                    from refunds group by order_id, line_id) r on r.order_id = l.order_id and r.line_id = l.line_id
                where l.refunded_fen <> coalesce(r.refunded, 0) or l.reserved_fen <> coalesce(r.held, 0)
                   or l.open_refunds <> coalesce(r.open, 0)
                """);
        collect(violations, "approved-refund-left-escrow", """
                select r.refund_id, r.status || ' with ' || count(e.entry_id) filter (where e.kind = :refundApproved)
                    || ' approvals and ' || count(e.entry_id) filter (where e.kind = :payoutFailed) || ' failures'
                from refunds r left join ledger_entries e on e.refund_id = r.refund_id
                    and e.kind in (:refundApproved, :payoutFailed)
                group by r.refund_id, r.status
                having count(e.entry_id) filter (where e.kind = :refundApproved)
                     - count(e.entry_id) filter (where e.kind = :payoutFailed)
                     <> case when r.status in (:approvedOrPaid) then 1 else 0 end
                """);
        // what the foreign keys of the tables a refund writes to guarded until V26 dropped them for speed
        collect(violations, "rows-name-what-exists", """
                select p.entry_id, 'posting to ' || p.account || ' of an entry that does not exist'
                from ledger_postings p where not exists (select 1 from ledger_entries e where e.entry_id = p.entry_id)
                union all
                select e.entry_id, 'entry of order ' || e.order_id || ', which does not exist'
                from ledger_entries e where not exists (select 1 from orders o where o.order_id = e.order_id)
                union all
                select e.entry_id, 'entry of refund ' || e.refund_id || ', which does not exist'
                from ledger_entries e where e.refund_id is not null
                    and not exists (select 1 from refunds r where r.refund_id = e.refund_id)
                union all
                select r.refund_id, 'refund of line ' || r.order_id || '/' || r.line_id || ', which does not exist'
                from refunds r where not exists (select 1 from order_lines l
                    where l.order_id = r.order_id and l.line_id = r.line_id)
                union all
                select o.refund_id, 'payout waiting for a refund that does not exist'
                from payout_outbox o where not exists (select 1 from refunds r where r.refund_id = o.refund_id)
                union all
                select h.refund_id, 'history step ' || h.event || ' of a refund that does not exist'
                from refund_events h where not exists (select 1 from refunds r where r.refund_id = h.refund_id)
                """);
        lastViolations.set(violations.size());
        return new Result(violations.isEmpty(), violations);
    }

    private static List<String> names(Enum<?>... values) {
        return Arrays.stream(values).map(Enum::name).toList();
    }

    private void collect(List<Violation> into, String rule, String sql) {
        jdbc.sql(sql + " limit " + LIMIT)
                .params(WORDS)
                .query((rs, n) -> new Violation(rule, rs.getString(1), rs.getString(2)))
                .list()
                .forEach(into::add);
    }
}
