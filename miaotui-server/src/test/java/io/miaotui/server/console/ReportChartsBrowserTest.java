package io.miaotui.server.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.miaotui.server.support.ApiTestBase;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/**
 * The operator's live dashboard (/console/operator, from GET /api/v1/reports/live) and the printable
 * consumer-experience report (/console/report, from GET /api/v1/reports/consumer-experience), in headless Chromium.
 * Every chart must be drawn with data (ECharts' canvas or svg in the box, data points > 0) from the real endpoints.
 * (ReportPagesDrawTheContractBrowserTest checks the "unavailable" state, with a stubbed fetch.)
 */
class ReportChartsBrowserTest extends ApiTestBase {

    @BeforeEach
    void someRefundsPaid() {
        // Instant refunds in both channels, paid, so the windows hold figures to draw.
        for (String channel : List.of("TAOBAO", "TMALL")) {
            String orderId = order(channel, "42.00");
            String refundId = refund("k-" + orderId, orderId, "L-1", null).text("refundId");
            assertThat(awaitRefund(refundId, r -> "PAID".equals(r.text("status")), Duration.ofSeconds(20)).text("status"))
                    .isEqualTo("PAID");
        }
    }

    /** The status the service answers an operator on {@code path} (a plain call: the path may not be in this build's document). */
    private int statusOf(String path) throws Exception {
        var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Bearer " + api.actors().operator()).header("Accept", "application/json").build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static void assertDrawn(ConsoleBrowser browser, String chart) {
        browser.until(d -> "drawn".equals(d.findElement(By.cssSelector(chart)).getAttribute("data-state")) ? true : null,
                chart + " drawn");
        assertThat(Integer.parseInt(browser.find(chart).getAttribute("data-points"))).as(chart + " data points")
                .isPositive();
        assertThat(browser.all(chart + " canvas, " + chart + " svg")).as(chart + " rendered").isNotEmpty();
    }


    @Test
    @DisplayName("the live dashboard draws refunds per minute, time to money and the channels, refreshing by itself")
    void liveDashboardChartsDrawn() throws Exception {
        int live = statusOf("/api/v1/reports/live?minutes=60");
        List<String> charts = List.of("#chart-per-minute", "#chart-ttm", "#chart-channel");
        try (var browser = ConsoleBrowser.open(port, "en")) {
            browser.signIn(api.actors().operator());
            browser.until(d -> d.getCurrentUrl().endsWith("/console/operator") ? true : null, "the dashboard");
            browser.until(d -> d.findElement(By.id("live-status")).getAttribute("data-state"), "the first refresh");
            assertThat(live).as("GET /api/v1/reports/live").isEqualTo(200);
            charts.forEach(chart -> assertDrawn(browser, chart));
            assertThat(browser.text("#tile-pending .value")).matches("\\d+");
            assertThat(browser.text("#live-status")).contains("refreshing every 10 s");
            assertThat(browser.all("#by-channel tbody tr")).isNotEmpty();
            assertThat(browser.all("#by-policy tbody tr")).isNotEmpty();
            browser.screenshot("operator-live");
        }
    }

    @Test
    @DisplayName("the consumer-experience report draws its histogram, re-purchase, channel and policy charts, ready to print")
    void reportChartsDrawn() throws Exception {
        int report = statusOf("/api/v1/reports/consumer-experience");
        List<String> charts = List.of("#chart-histogram", "#chart-repurchase", "#chart-channel-share", "#chart-policy");
        try (var browser = ConsoleBrowser.open(port, "en")) {
            browser.signIn(api.actors().operator());
            browser.find("nav a[href='/console/report']").click();
            browser.until(d -> d.findElement(By.id("report-message")).getAttribute("data-state"), "the report loaded");
            assertThat(report).as("GET /api/v1/reports/consumer-experience").isEqualTo(200);
            charts.forEach(chart -> assertDrawn(browser, chart));
            assertThat(browser.text("#tile-requested .value")).matches("\\d+");
            assertThat(browser.text("#tile-instant-share .value")).matches("\\d+\\.\\d%");
            assertThat(browser.all("#report-scopes tbody tr")).hasSizeGreaterThanOrEqualTo(3);
            // Another window: the pickers reload the same charts.
            browser.find("#report-7").click();
            browser.until(d -> d.findElement(By.id("report-message")).getAttribute("data-state"), "the report reloaded");
            charts.forEach(chart -> assertDrawn(browser, chart));
            browser.screenshot("operator-report");
        }
    }
}
