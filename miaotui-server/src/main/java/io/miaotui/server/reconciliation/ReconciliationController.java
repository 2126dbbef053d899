package io.miaotui.server.reconciliation;

import io.miaotui.server.web.ApiProblem;
import io.miaotui.server.web.ProblemType;
import io.miaotui.server.web.RequestCheck;
import java.time.Duration;
import java.time.Instant;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Operators: the gateway's statement against the ledger for a window of at most 31 days. */
@RestController
public class ReconciliationController {
    static final Duration MAX_WINDOW = Duration.ofDays(31);

    private final Reconciliation reconciliation;

    public ReconciliationController(Reconciliation reconciliation) {
        this.reconciliation = reconciliation;
    }

    @GetMapping("/api/v1/reconciliation")
    public Reconciliation.Report reconcile(@RequestParam(required = false) String from,
            @RequestParam(required = false) String to) {
        var check = new RequestCheck();
        Instant start = check.instant("from", from);
        Instant end = check.instant("to", to);
        if (start != null && end != null) {
            check.require(start.isBefore(end), "to", "must be after from");
            check.require(!Duration.between(start, end).minus(MAX_WINDOW).isPositive(), "to",
                    "must be at most 31 days after from");
        }
        check.throwIfInvalid();
        try {
            return reconciliation.run(start, end);
        } catch (IllegalStateException e) {
            throw new ApiProblem(ProblemType.GATEWAY_UNAVAILABLE, "The gateway's statement could not be read: "
                    + e.getMessage());
        }
    }
}
