package io.miaotui.server.reconciliation;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.miaotui.server.web.ApiProblem;
import io.miaotui.server.web.ProblemType;
import io.miaotui.server.web.RequestCheck;
import java.time.Instant;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Operators: the gateway's statement against the ledger for a window of at most 31 days. */
@RestController
@Tag(name = "Reconciliation")
public class ReconciliationController {
    static final int MAX_WINDOW_DAYS = 31;

    private final Reconciliation reconciliation;

    public ReconciliationController(Reconciliation reconciliation) {
        this.reconciliation = reconciliation;
    }

    @Operation(operationId = "reconcile", summary = "Reconcile with the gateway",
            description = "The gateway's statement against the ledger for a window of at most 31 days: matched, in "
                    + "flight, missing on either side, duplicates, amount mismatches.")
    @ApiResponse(responseCode = "200", description = "OK.")
    @ApiResponse(responseCode = "503", description = "`gateway-unavailable`: the gateway's statement could not be "
            + "read.")
    @GetMapping("/api/v1/reconciliation")
    public Reconciliation.Report reconcile(@RequestParam(required = false) String from,
            @RequestParam(required = false) String to) {
        var check = new RequestCheck();
        Instant start = check.instant("from", from);
        Instant end = check.instant("to", to);
        check.period(start, end, MAX_WINDOW_DAYS);
        check.throwIfInvalid();
        try {
            return reconciliation.run(start, end);
        } catch (IllegalStateException e) {
            throw new ApiProblem(ProblemType.GATEWAY_UNAVAILABLE, "The gateway's statement could not be read: "
                    + e.getMessage());
        }
    }
}
