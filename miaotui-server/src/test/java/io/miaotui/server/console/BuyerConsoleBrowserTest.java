package io.miaotui.server.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.miaotui.server.support.ApiTestBase;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The buyer's page in headless Chromium: an order's lines, a refund button per line, the status until paid. */
class BuyerConsoleBrowserTest extends ApiTestBase {

    @Test
    @DisplayName("a buyer opens their order, asks for a line's money back and watches it go from on its way to paid at hh:mm:ss")
    void buyerRequestsARefundAndSeesItPaid() {
        String shopId = shop("TAOBAO");
        String orderId = order(shopId, "O-" + UUID.randomUUID(), Instant.now(), "59.00", "120.00");
        String buyerId = "B-" + orderId;
        try (var browser = ConsoleBrowser.open(port, "en")) {
            browser.signIn(api.actors().buyer(buyerId));
            browser.find("#order-id").sendKeys(orderId);
            browser.find("#order-load").click();
            browser.awaitText("#order-summary", orderId);
            assertThat(browser.all("#lines tbody tr")).hasSize(2);
            assertThat(browser.all("#lines tbody tr .refund-line")).hasSize(2);

            browser.find("#refund-reason").sendKeys("wrong size");
            browser.find("#lines tbody tr[data-line-id='L-2'] .refund-line").click();
            String status = browser.awaitText("#refunds .refund .refund-status", "Paid at");
            String decision = browser.text("#refunds .refund .refund-decision");
            browser.screenshot("buyer-refund-paid");

            String refundId = browser.find("#refunds .refund").getAttribute("data-refund-id");
            var refund = api.get("/api/v1/refunds/" + refundId);
            assertThat(refund.text("status")).isEqualTo("PAID");
            assertThat(refund.text("lineId")).isEqualTo("L-2");
            assertThat(refund.text("reason")).isEqualTo("wrong size");
            // "Paid at 10:02:03": the refund's own paidAt, in the browser's time zone.
            String timeZone = (String) browser.script("return Intl.DateTimeFormat().resolvedOptions().timeZone;");
            String paidAt = LocalTime.ofInstant(Instant.parse(refund.text("paidAt")), ZoneId.of(timeZone))
                    .format(DateTimeFormatter.ofPattern("HH:mm:ss"));
            assertThat(status).isEqualTo("Paid at " + paidAt);
            assertThat(decision).startsWith("Approved at once by the platform's rules.")
                    .contains(refund.map("decision").get("explanation").toString());

            // The page reloads the order once paid: the line is refunded and has no button any more.
            browser.awaitText("#lines tbody tr[data-line-id='L-2']", "Refunded");
            assertThat(browser.all("#lines tbody tr[data-line-id='L-2'] .refund-line")).isEmpty();
            assertThat(browser.all("#lines tbody tr[data-line-id='L-1'] .refund-line")).hasSize(1);
        }
    }

    @Test
    @DisplayName("someone else's order is not shown: the page says no such order of yours, as the API does")
    void anotherBuyersOrderIsNotShown() {
        String orderId = order("TMALL", "30.00");
        try (var browser = ConsoleBrowser.open(port, "en")) {
            browser.signIn(api.actors().buyer("B-someone-else-" + run));
            browser.find("#order-id").sendKeys(orderId);
            browser.find("#order-load").click();
            assertThat(browser.awaitText("#order-error", "No order")).contains(orderId);
            assertThat(browser.all("#lines tbody tr")).isEmpty();
        }
    }
}
