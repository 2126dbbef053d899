package io.miaotui.server.audit;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.miaotui.server.web.RequestCheck;
import java.time.Instant;
import java.util.List;
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
    private final AuditLog log;

    public AuditController(AuditLog log) {
        this.log = log;
    }

    public record AuditPage(int page, int size, List<AuditLog.Entry> entries) {
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
        List<AuditLog.Entry> entries = log.read(fromAt, toAt, actorPrefix, subjectPrefix, page, size);
        return new AuditPage(page, size, entries);
    }
}
