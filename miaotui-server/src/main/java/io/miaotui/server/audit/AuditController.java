package io.miaotui.server.audit;

import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.miaotui.server.web.RequestCheck;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Operators read who changed what: {@code GET /api/v1/audit?from=&to=&actor=&subject=&page=&size=}, newest
 * first, over the audit log and every refund's history (opened by a buyer, decided by a merchant or by the
 * platform at the deadline, paid by the gateway, retried by an operator).
 */
@RestController
@Tag(name = "Audit")
public class AuditController {
    private final JdbcClient jdbc;

    public AuditController(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Schema(name = "AuditEntry")
    public record Entry(Instant at, String actor, String action, String subject,
            @Schema(nullable = true) String detail) {
    }

    public record AuditPage(int page, int size, List<Entry> entries) {
    }

    @Operation(operationId = "listAudit", summary = "The audit log",
            description = "Who changed what, newest first; `actor` and `subject` match by prefix.")
    @GetMapping("/api/v1/audit")
    public AuditPage audit(@RequestParam(required = false) String from, @RequestParam(required = false) String to,
            @RequestParam(required = false) String actor, @RequestParam(required = false) String subject,
            @RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "100") int size) {
        var check = new RequestCheck();
        Instant fromAt = from == null ? RequestCheck.EARLIEST_INSTANT : check.instant("from", from);
        Instant toAt = to == null ? RequestCheck.END_OF_INSTANTS : check.instant("to", to);
        String actorPrefix = actor == null ? null : check.text("actor", actor, 160, true);
        String subjectPrefix = subject == null ? null : check.text("subject", subject, 160, true);
        check.paging(page, size);
        check.throwIfInvalid();
        var params = new ArrayList<Object>();
        String filters = " where at >= ? and at < ?";
        String actorFilter = actorPrefix == null ? "" : " and actor like ? escape '\\'";
        String subjectFilter = subjectPrefix == null ? "" : " and subject like ? escape '\\'";
        for (int part = 0; part < 2; part++) {
            params.add(Timestamp.from(fromAt));
            params.add(Timestamp.from(toAt));
            if (actorPrefix != null) {
                params.add(likePrefix(actorPrefix));
            }
            if (subjectPrefix != null) {
                params.add(likePrefix(subjectPrefix));
            }
        }
        params.add(size);
        params.add((long) page * size);
        List<Entry> entries = jdbc.sql("""
                select at, actor, action, subject, detail from audit_log""" + filters + actorFilter + subjectFilter + """
                 union all
                select at, actor, action, subject, detail from (
                    select at, actor, event as action, 'refund:' || refund_id as subject, detail from refund_events
                ) r""" + filters + actorFilter + subjectFilter
                + " order by at desc limit ? offset ?") // the space matters: "?order" is a syntax error
                .params(params)
                .query((rs, n) -> new Entry(rs.getTimestamp("at").toInstant(), rs.getString("actor"),
                        rs.getString("action"), rs.getString("subject"), rs.getString("detail")))
                .list();
        return new AuditPage(page, size, entries);
    }

    /** Prefix match: {@code actor=MERCHANT:} finds every merchant; the value's own % and _ match themselves. */
    private static String likePrefix(String value) {
        return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
    }
}
