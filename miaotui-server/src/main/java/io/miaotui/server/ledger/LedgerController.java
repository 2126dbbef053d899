package io.miaotui.server.ledger;

import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.miaotui.ledger.Account;
import io.miaotui.money.Currency;
import io.miaotui.money.Money;
import io.miaotui.server.web.FieldViolation;
import io.miaotui.server.web.RequestCheck;
import java.time.Instant;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The escrow ledger for operators: an account's balance and entries, and the invariant check. */
@RestController
@Tag(name = "Ledger")
@RequestMapping("/api/v1/ledger")
public class LedgerController {
    private final LedgerStore ledger;
    private final LedgerCheck check;

    public LedgerController(LedgerStore ledger, LedgerCheck check) {
        this.ledger = ledger;
        this.check = check;
    }

    public record EntryView(String entryId, String kind, @Schema(nullable = true) String orderId,
            @Schema(nullable = true) String refundId, String amount,
            Instant createdAt) {
    }

    public record AccountView(String account, String balance, String currency, long entryCount, int page, int size,
            List<EntryView> entries) {
    }

    @Operation(operationId = "getLedgerAccount", summary = "A ledger account",
            description = "An escrow-ledger account's balance and entries, newest first.")
    @GetMapping("/accounts/{account}")
    public AccountView account(@PathVariable String account, @RequestParam(defaultValue = "0") int page,
            @RequestParam(defaultValue = "50") int size) {
        Account parsed;
        try {
            parsed = Account.parse(account);
        } catch (IllegalArgumentException e) {
            throw RequestCheck.invalid(List.of(new FieldViolation("account", e.getMessage())));
        }
        var checkPage = new RequestCheck();
        checkPage.paging(page, size);
        checkPage.throwIfInvalid();
        LedgerStore.AccountPage found = ledger.account(parsed, page, size);
        List<EntryView> entries = found.entries().stream()
                .map(e -> new EntryView(e.entryId(), e.kind(), e.orderId(), e.refundId(),
                        Money.of(e.amountFen(), Currency.ofCode(e.currency())).toDecimalString(), e.createdAt()))
                .toList();
        return new AccountView(parsed.name(), Money.of(found.balanceFen(), Currency.CNY).toDecimalString(),
                Currency.CNY.name(), found.entryCount(), page, size, entries);
    }

    @Operation(operationId = "checkLedger", summary = "Check the ledger",
            description = "Whether every entry balances, every escrow matches its order and refunds, and every "
                    + "paid refund has exactly one payout entry.")
    @GetMapping("/check")
    public LedgerCheck.Result check() {
        return check.run();
    }
}
