package io.miaotui.server.closing;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.miaotui.closing.ClosingWindow;
import io.miaotui.closing.ShopClosing;
import io.miaotui.server.audit.AuditLog;
import io.miaotui.server.database.RetryingTransactions;
import io.miaotui.server.shop.MissingShop;
import io.miaotui.server.trust.Access;
import io.miaotui.server.trust.Caller;
import io.miaotui.server.web.ApiProblem;
import io.miaotui.server.web.ProblemType;
import io.miaotui.server.web.RequestCheck;
import io.miaotui.shop.ShopId;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * One-click holiday closing (一键打烊): operators set the festival window the platform allows; a merchant closes
 * their shop inside it, and may change or cancel the closing until it starts.
 */
@RestController
@Tag(name = "Closing")
public class ClosingController {
    private static final Logger log = LoggerFactory.getLogger(ClosingController.class);

    private final ClosingStore closings;
    private final RetryingTransactions transactions;
    private final Clock clock;
    private final Access access;
    private final AuditLog audit;
    private final ClosingDeadlines deadlines;

    public ClosingController(ClosingStore closings, RetryingTransactions transactions, Clock clock, Access access,
            AuditLog audit, ClosingDeadlines deadlines) {
        this.deadlines = deadlines;
        this.access = access;
        this.audit = audit;
        this.closings = closings;
        this.transactions = transactions;
        this.clock = clock;
    }

    public record WindowBody(String from, String to, Integer maxDays) {
    }

    public record WindowView(Instant from, Instant to, int maxDays) {
    }

    public record ClosingBody(String from, String to) {
    }

    public record ClosingView(String shopId, Instant from, Instant to, boolean closedNow) {
    }

    @Operation(operationId = "putClosingWindow", summary = "Set the festival closing window",
            description = "Operators set the window shops may close in and the longest closing allowed.")
    @PutMapping("/api/v1/closing-window")
    public WindowView putWindow(Caller caller, @RequestBody WindowBody body) {
        var check = new RequestCheck();
        Instant from = check.instant("from", body.from());
        Instant to = check.instant("to", body.to());
        int maxDays = check.positiveInt("maxDays", body.maxDays(), ClosingWindow.MAX_DAYS_LIMIT);
        if (from != null && to != null) {
            check.require(from.isBefore(to), "to", "must be after from");
        }
        check.throwIfInvalid();
        ClosingWindow window = new ClosingWindow(from, to, maxDays);
        transactions.execute("closing window", status -> {
            closings.saveWindow(window, clock.instant());
            audit.record(caller, "CLOSING_WINDOW_SET", "closing-window", from + " to " + to + ", at most " + maxDays + " days");
            return null;
        });
        log.info("closing window set: {} to {}, at most {} days per shop", from, to, maxDays);
        return new WindowView(from, to, maxDays);
    }

    @Operation(operationId = "getClosingWindow", summary = "Read the festival closing window",
            description = "The window shops may close in; 404 `not-found` while none is set.")
    @ApiResponse(responseCode = "200", description = "OK.")
    @ApiResponse(responseCode = "404", description = "No closing window is set.")
    @GetMapping("/api/v1/closing-window")
    public WindowView getWindow() {
        return closings.window().map(w -> new WindowView(w.from(), w.to(), w.maxDays()))
                .orElseThrow(() -> new ApiProblem(ProblemType.NOT_FOUND, "No closing window is set."));
    }

    @Operation(operationId = "closeShop", summary = "Close a shop for a festival",
            description = "One-click holiday closing: inside the window, at most `maxDays`, starting in the "
                    + "future; a broken rule is a 422 `closing-rule-broken` naming it.")
    @ApiResponse(responseCode = "200", description = "OK.")
    @ApiResponse(responseCode = "409", description = "`closing-started`: the closing in force has started.")
    @PutMapping("/api/v1/shops/{shopId}/closing")
    public ClosingView close(Caller caller, @PathVariable String shopId, @RequestBody ClosingBody body) {
        var check = new RequestCheck();
        String shop = check.id("shopId", shopId);
        Instant from = check.instant("from", body.from());
        Instant to = check.instant("to", body.to());
        check.throwIfInvalid();
        access.shop(caller, new ShopId(shop));
        ShopClosing closing = new ShopClosing(from, to);
        return transactions.execute("shop closing", status -> {
            Instant now = clock.instant();
            requireShop(shop);
            closings.current(shop, now).filter(c -> c.hasStarted(now)).ifPresent(started -> {
                throw closingStarted(shop, started);
            });
            closing.brokenRule(closings.window(), now).ifPresent(rule -> {
                throw new ApiProblem(ProblemType.CLOSING_RULE_BROKEN, rule.sentence() + ".",
                        Map.of("rule", rule.name().toLowerCase().replace('_', '-')));
            });
            closings.cancelUpcoming(shop, now);
            closings.add(shop, closing, now);
            int moved = deadlines.follow(shop);
            audit.record(caller, "SHOP_CLOSING_SET", "shop:" + shop, from + " to " + to);
            log.info("shop {} closes from {} to {}; {} review deadlines follow it", shop, from, to, moved);
            return new ClosingView(shop, from, to, false);
        });
    }

    @Operation(operationId = "getShopClosing", summary = "A shop's closing",
            description = "The closing in force or coming, and whether the shop is closed now.")
    @GetMapping("/api/v1/shops/{shopId}/closing")
    public ClosingView closing(Caller caller, @PathVariable String shopId) {
        var check = new RequestCheck();
        String shop = check.id("shopId", shopId);
        check.throwIfInvalid();
        access.shop(caller, new ShopId(shop));
        Instant now = clock.instant();
        return closings.current(shop, now).map(c -> new ClosingView(shop, c.from(), c.to(), c.isClosedAt(now)))
                .orElseThrow(() -> new ApiProblem(ProblemType.CLOSING_NOT_FOUND, "Shop " + shop
                        + " has no closing in force or coming."));
    }

    @Operation(operationId = "cancelShopClosing", summary = "Cancel a shop's closing",
            description = "Cancels a closing before it starts; waiting refunds get their normal review deadline "
                    + "back.")
    @ApiResponse(responseCode = "409", description = "`closing-started`: the closing has started.")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @DeleteMapping("/api/v1/shops/{shopId}/closing")
    public ResponseEntity<Void> cancel(Caller caller, @PathVariable String shopId) {
        var check = new RequestCheck();
        String shop = check.id("shopId", shopId);
        check.throwIfInvalid();
        access.shop(caller, new ShopId(shop));
        int moved = transactions.execute("closing cancellation", status -> {
            Instant now = clock.instant();
            requireShop(shop);
            ShopClosing current = closings.current(shop, now).orElseThrow(() -> new ApiProblem(
                    ProblemType.CLOSING_NOT_FOUND, "Shop " + shop + " has no closing in force or coming."));
            if (current.hasStarted(now)) {
                throw closingStarted(shop, current);
            }
            closings.cancelUpcoming(shop, now);
            audit.record(caller, "SHOP_CLOSING_CANCELLED", "shop:" + shop, current.from() + " to " + current.to());
            return deadlines.follow(shop);
        });
        log.info("shop {} cancelled its closing; {} review deadlines given back", shop, moved);
        return ResponseEntity.noContent().build();
    }

    private void requireShop(String shopId) {
        if (!closings.lockShop(shopId)) {
            throw MissingShop.problem(shopId);
        }
    }

    private static ApiProblem closingStarted(String shopId, ShopClosing started) {
        return new ApiProblem(ProblemType.CLOSING_STARTED, "Shop " + shopId + " has been closed since "
                + started.from() + "; a closing can be changed or cancelled only before it starts.");
    }
}
