package io.miaotui.server.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.miaotui.server.support.ApiTestBase;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The operator's pages in headless Chromium: a policy's gray release side by side, the books, the audit log. */
class OperatorConsoleBrowserTest extends ApiTestBase {

    @AfterEach
    void routeBack() {
        api.put("/api/v1/policy-routing", Map.of("TAOBAO", "taobao-unshipped", "TMALL", "tmall-unshipped"));
    }

    @Test
    @DisplayName("the gray release shows the candidate against the active version on real requests, with its chart drawn")
    void grayReleaseSideBySide() {
        String key = "console-" + run;
        assertThat(api.post("/api/v1/policies/" + key + "/versions", Map.of("expression",
                "!line.shipped && line.paidAmount <= 20000", "description", "up to 200")).status()).isEqualTo(201);
        assertThat(api.post("/api/v1/policies/" + key + "/versions/1/promote", Map.of()).status()).isEqualTo(200);
        assertThat(api.post("/api/v1/policies/" + key + "/versions", Map.of("expression",
                "!line.shipped && line.paidAmount <= 50000", "description", "up to 500")).status()).isEqualTo(201);
        String listed = "B-gray-" + run;
        assertThat(api.put("/api/v1/policies/" + key + "/versions/2/rollout",
                Map.of("percent", 0, "shops", List.of(), "buyers", List.of(listed))).status()).isEqualTo(200);
        api.put("/api/v1/policy-routing", Map.of("TAOBAO", key, "TMALL", "tmall-unshipped"));
        String shopId = shop("TAOBAO");
        for (String buyer : List.of(listed, "B-active-1-" + run, "B-active-2-" + run)) {
            String orderId = "O-" + UUID.randomUUID();
            assertThat(api.post("/api/v1/orders", Map.of("orderId", orderId, "shopId", shopId, "buyerId", buyer,
                    "paidAt", Instant.now().toString(), "currency", "CNY", "lines", List.of(Map.of("lineId", "L-1",
                            "sku", "tea", "quantity", 1, "paidAmount", "300.00")))).status()).isEqualTo(201);
            assertThat(refund("k-" + orderId, orderId, "L-1", null).status()).isEqualTo(201);
        }
        routeBack();

        try (var browser = ConsoleBrowser.open(port, "en")) {
            browser.signIn(api.actors().operator());
            browser.find("nav a[href='/console/operator/gray']").click();
            String card = "section.gray[data-policy='" + key + "']";
            browser.until(d -> d.findElements(org.openqa.selenium.By.cssSelector(card + "[data-ready='true']")).isEmpty()
                    ? null : true, "the gray card of " + key);
            assertThat(browser.text(card + " h2")).isEqualTo(key + ": active v1 against candidate v2");
            List<String> rows = browser.all(card + " table.side-by-side tbody tr").stream()
                    .map(org.openqa.selenium.WebElement::getText).toList();
            assertThat(rows).contains("Requests served 2 1", "Granted instantly 0 1", "Instant share 0.0% 100.0%",
                    "The other version would have granted 2 0", "Disagreements 2 1");
            browser.until(d -> "drawn".equals(d.findElement(org.openqa.selenium.By.cssSelector(card + " .chart"))
                    .getAttribute("data-state")) ? true : null, "the gray chart drawn");
            assertThat(browser.all(card + " .chart canvas")).isNotEmpty();
            browser.screenshot("operator-gray");
        }
    }

    @Test
    @DisplayName("the books page shows the ledger check and the reconciliation verdicts the API gives")
    void ledgerAndReconciliation() {
        var check = api.get("/api/v1/ledger/check");
        assertThat(check.status()).isEqualTo(200);
        try (var browser = ConsoleBrowser.open(port, "en")) {
            browser.signIn(api.actors().operator());
            browser.go("/console/operator/books");
            browser.until(d -> d.findElement(org.openqa.selenium.By.id("ledger-status")).getAttribute("data-balanced") != null
                    && d.findElement(org.openqa.selenium.By.id("recon-status")).getAttribute("data-clean") != null ? true : null,
                    "both verdicts");
            assertThat(browser.find("#ledger-status").getAttribute("data-balanced"))
                    .isEqualTo(String.valueOf(check.get("balanced")));
            // The page's window (the last 24 hours, to the minute), asked of the API directly.
            String from = (String) browser.script("return new Date(document.querySelector('#recon-from').value).toISOString();");
            String to = (String) browser.script("return new Date(document.querySelector('#recon-to').value).toISOString();");
            var reconciliation = api.get("/api/v1/reconciliation?from=" + from + "&to=" + to);
            assertThat(reconciliation.status()).isEqualTo(200);
            assertThat(browser.find("#recon-status").getAttribute("data-clean"))
                    .isEqualTo(String.valueOf(reconciliation.get("clean")));
            assertThat(browser.text("#recon-summary")).contains(reconciliation.get("matched") + " matched");
            browser.screenshot("operator-books");
        }
    }

    @Test
    @DisplayName("the audit log filters by subject: a refund's own steps, with their actors")
    void auditLogWithFilters() {
        String orderId = order("TAOBAO", "15.00");
        String refundId = refund("k-" + orderId, orderId, "L-1", null).text("refundId");
        assertThat(awaitRefund(refundId, r -> "PAID".equals(r.text("status")), java.time.Duration.ofSeconds(30))
                .text("status")).isEqualTo("PAID"); // its steps are all written: opened by the buyer, paid
        String subject = "refund:" + refundId;
        var entries = api.get("/api/v1/audit?subject=" + subject).list("entries");
        assertThat(entries).hasSize(2);
        try (var browser = ConsoleBrowser.open(port, "en")) {
            browser.signIn(api.actors().operator());
            browser.go("/console/operator/audit");
            browser.find("#audit-subject").sendKeys(subject);
            browser.find("#audit-filter").click();
            browser.until(d -> d.findElements(org.openqa.selenium.By.cssSelector("#audit tbody tr")).size() == entries.size()
                    && d.findElements(org.openqa.selenium.By.cssSelector("#audit tbody tr")).stream()
                            .allMatch(tr -> tr.getText().contains(refundId)) ? true : null, "the refund's entries only");
            assertThat(browser.text("#audit tbody")).contains(entries.get(0).get("actor").toString());
            browser.screenshot("operator-audit");
        }
    }
}
