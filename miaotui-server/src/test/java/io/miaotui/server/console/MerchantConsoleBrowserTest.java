package io.miaotui.server.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.miaotui.server.support.ApiTestBase;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The merchant's page in headless Chromium: the review queue with its countdowns, decisions, one-click closing. */
class MerchantConsoleBrowserTest extends ApiTestBase {

    /** A refund of a shipped line, which goes to the merchant's review. */
    private String pendingRefund(String shopId, String amount) {
        String orderId = order(shopId, "O-" + UUID.randomUUID(), Instant.now(), amount);
        assertThat(ship(orderId, "L-1", "SF" + UUID.randomUUID().toString().substring(0, 8)).status()).isEqualTo(201);
        var reply = refund("k-" + orderId, orderId, "L-1", null);
        assertThat(reply.text("status")).isEqualTo("PENDING_MERCHANT_REVIEW");
        return reply.text("refundId");
    }

    @Test
    @DisplayName("a merchant approves one refund from the queue, rejects two in bulk, and schedules a closing inside the platform's window")
    void merchantApprovesAndSchedulesAClosing() {
        String shopId = shop("TMALL");
        String approved = pendingRefund(shopId, "88.00");
        String rejected1 = pendingRefund(shopId, "20.00");
        String rejected2 = pendingRefund(shopId, "21.00");
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        assertThat(api.put("/api/v1/closing-window", Map.of("from", now.toString(),
                "to", now.plus(30, ChronoUnit.DAYS).toString(), "maxDays", 7)).status()).isEqualTo(200);

        try (var browser = ConsoleBrowser.open(port, "en")) {
            browser.signIn(api.actors().merchant(shopId));
            browser.find("#queue tbody tr[data-refund-id='" + approved + "']");
            assertThat(browser.all("#queue tbody tr")).hasSize(3);
            assertThat(browser.text("#queue-count")).isEqualTo("3");
            // Each deadline counts down (48 h review window by default).
            String countdown = browser.awaitText("#queue tbody tr[data-refund-id='" + approved + "'] .countdown", "left");
            assertThat(countdown).matches("(1d|2d) \\d\\d:\\d\\d:\\d\\d left");
            browser.screenshot("merchant-queue");

            browser.find("#queue tbody tr[data-refund-id='" + approved + "'] .approve").click();
            browser.awaitText("#queue-message", "Refund " + approved + " approved");
            browser.until(d -> d.findElements(org.openqa.selenium.By.cssSelector(
                    "#queue tbody tr[data-refund-id='" + approved + "']")).isEmpty() ? true : null, "the row gone");
            assertThat(awaitRefund(approved, r -> "PAID".equals(r.text("status")), Duration.ofSeconds(20)).text("status"))
                    .isEqualTo("PAID");

            // Bulk rejection needs a reason for the buyer.
            browser.find("#select-all").click();
            browser.find("#bulk-reject").click();
            browser.awaitText("#queue-message", "Write a reason");
            browser.find("#reject-reason").sendKeys("sent already, see tracking");
            browser.find("#bulk-reject").click();
            browser.awaitText("#queue-message", "Approved 0, rejected 2, skipped 0");
            assertThat(api.get("/api/v1/refunds/" + rejected1).text("status")).isEqualTo("REJECTED");
            assertThat(api.get("/api/v1/refunds/" + rejected2).text("rejectionReason")).isEqualTo("sent already, see tracking");
            browser.awaitText("#queue-empty", "Nothing waits");

            // One-click closing: the form comes filled inside the platform's window; the merchant presses the button.
            browser.awaitText("#window-text", "at most 7 days");
            browser.awaitText("#closing-current", "No closing planned");
            browser.find("#closing-set").click();
            browser.awaitText("#closing-message", "The closing is set");
            browser.awaitText("#closing-current", "Closing planned from");
            var closing = api.get("/api/v1/shops/" + shopId + "/closing");
            assertThat(closing.status()).isEqualTo(200);
            Instant from = Instant.parse(closing.text("from"));
            Instant to = Instant.parse(closing.text("to"));
            assertThat(from).isAfter(now).isBefore(now.plus(1, ChronoUnit.DAYS));
            assertThat(Duration.between(from, to)).isEqualTo(Duration.ofDays(1));
            browser.screenshot("merchant-closing");

            browser.find("#closing-cancel").click();
            browser.awaitText("#closing-message", "cancelled");
            assertThat(api.get("/api/v1/shops/" + shopId + "/closing").status()).isEqualTo(404);
        }
    }

    @Test
    @DisplayName("a closing outside the platform's window is refused with the API's own reason, shown to the merchant")
    void closingOutsideTheWindowIsRefused() {
        String shopId = shop("TAOBAO");
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        assertThat(api.put("/api/v1/closing-window", Map.of("from", now.toString(),
                "to", now.plus(30, ChronoUnit.DAYS).toString(), "maxDays", 3)).status()).isEqualTo(200);
        try (var browser = ConsoleBrowser.open(port, "en")) {
            browser.signIn(api.actors().merchant(shopId));
            browser.awaitText("#window-text", "at most 3 days");
            // Ten days is longer than the platform allows.
            browser.script("const from = document.querySelector('#closing-from');"
                    + "const to = document.querySelector('#closing-to');"
                    + "const start = new Date(from.value); start.setDate(start.getDate() + 10);"
                    + "const pad = n => String(n).padStart(2, '0');"
                    + "to.value = start.getFullYear() + '-' + pad(start.getMonth() + 1) + '-' + pad(start.getDate())"
                    + " + 'T' + pad(start.getHours()) + ':' + pad(start.getMinutes());");
            browser.find("#closing-set").click();
            String message = browser.awaitText("#closing-message", "at most the window's maxDays");
            assertThat(message).doesNotContain("The closing is set");
            assertThat(api.get("/api/v1/shops/" + shopId + "/closing").status()).isEqualTo(404);
        }
    }
}
