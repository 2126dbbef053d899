package io.miaotui.server.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.miaotui.server.support.ApiTestBase;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/**
 * The dashboard's and the report's drawing code against the answers fixed in the report contract
 * (GET /api/v1/reports/live and /api/v1/reports/consumer-experience), whatever this build serves: the page's
 * {@code fetch} answers those two paths with the contract's example shapes, every other call goes to the service.
 * {@link ReportChartsBrowserTest} checks the same pages against the real endpoints.
 */
class ReportPagesDrawTheContractBrowserTest extends ApiTestBase {

    /** Replaces the page's fetch for the two report paths with contract-shaped answers (60 minutes, two channels). */
    private static final String STUB = """
            const figures = (n, share) => ({ refundsRequested: n, instantCount: Math.round(n * share), instantShare: share,
              amountRequested: (n * 50).toFixed(2), amountInstant: (n * 50 * share).toFixed(2), instantAmountShare: share,
              paidCount: Math.round(n * share), timeToMoneyP50Ms: 812, timeToMoneyP90Ms: 1500, timeToMoneyP99Ms: 4100,
              timeToMoneyHistogram: [{ upToMs: 1000, count: 700 }, { upToMs: 5000, count: 280 }, { upToMs: null, count: 3 }],
              reviewsAvoided: 300, reviewedCount: 200, reviewsDecidedAtDeadline: 12,
              merchantResponseP50Ms: 3600000, merchantResponseP90Ms: 7200000,
              repurchaseRate7d: 0.41, repurchaseRate7dInstant: 0.45, repurchaseRate7dReviewed: 0.30 });
            const now = Date.now() - Date.now() % 60000;
            const live = { asOf: new Date(now).toISOString(),
              perMinute: Array.from({ length: 60 }, (x, i) => ({ minute: new Date(now - (59 - i) * 60000).toISOString(),
                requested: 10 + i % 7, instant: 8 + i % 5, paid: 8 + i % 5, timeToMoneyP50Ms: 400 + i, timeToMoneyP99Ms: 900 + 3 * i })),
              pendingReviews: 7, reviewsDecidedAtDeadline: 2, payoutFailures: 1,
              byChannel: { TAOBAO: { requested: 420, instant: 380, instantShare: 0.9048, timeToMoneyP50Ms: 420, timeToMoneyP99Ms: 900, payoutFailures: 1 },
                           TMALL: { requested: 300, instant: 240, instantShare: 0.8, timeToMoneyP50Ms: 510, timeToMoneyP99Ms: 1200, payoutFailures: 0 } },
              byPolicyVersion: [{ policy: 'taobao-unshipped', version: 3, requested: 420, instant: 380, instantShare: 0.9048, timeToMoneyP50Ms: 420, timeToMoneyP99Ms: 900 }] };
            const report = Object.assign({ from: new Date(now - 14 * 86400000).toISOString(), to: new Date(now).toISOString() },
              figures(1200, 0.8333), {
              byChannel: { TAOBAO: figures(700, 0.9), TMALL: figures(500, 0.74) },
              byPolicyVersion: [Object.assign({ policy: 'taobao-unshipped', version: 3 }, figures(700, 0.9))],
              grayComparison: [{ policy: 'taobao-unshipped', active: Object.assign({ version: 3 }, figures(600, 0.88)),
                                 candidate: Object.assign({ version: 4 }, figures(100, 0.95)) }] });
            const real = window.fetch;
            window.fetch = (url, options) => {
              const path = String(url);
              const body = path.startsWith('/api/v1/reports/live') ? live
                : path.startsWith('/api/v1/reports/consumer-experience') ? report : null;
              return body ? Promise.resolve(new Response(JSON.stringify(body),
                  { status: 200, headers: { 'Content-Type': 'application/json' } })) : real(url, options);
            };
            """;

    private static void assertDrawn(ConsoleBrowser browser, String chart) {
        browser.until(d -> "drawn".equals(d.findElement(By.cssSelector(chart)).getAttribute("data-state")) ? true : null,
                chart + " drawn");
        assertThat(Integer.parseInt(browser.find(chart).getAttribute("data-points"))).isPositive();
        assertThat(browser.all(chart + " canvas, " + chart + " svg")).as(chart + " rendered").isNotEmpty();
    }

    @Test
    @DisplayName("the live dashboard draws the contract's answer on its next refresh: tiles, three charts, both tables")
    void liveDashboardDrawsTheContract() {
        try (var browser = ConsoleBrowser.open(port, "en")) {
            browser.signIn(api.actors().operator());
            browser.until(d -> d.findElement(By.id("live-status")).getAttribute("data-state"), "the first refresh");
            browser.script(STUB);
            // The real endpoint answered the first refresh; the stub's figures show on the dashboard's next one.
            browser.until(d -> "7".equals(d.findElement(By.cssSelector("#tile-pending .value")).getText()) ? true : null,
                    "the dashboard's own refresh with the stub's answer");
            List.of("#chart-per-minute", "#chart-ttm", "#chart-channel").forEach(chart -> assertDrawn(browser, chart));
            assertThat(browser.find("#chart-per-minute").getAttribute("data-points")).isEqualTo("60");
            assertThat(browser.text("#tile-pending .value")).isEqualTo("7");
            assertThat(browser.text("#tile-deadline .value")).isEqualTo("2");
            assertThat(browser.text("#tile-failures .value")).isEqualTo("1");
            assertThat(browser.text("#tile-p50 .value")).isEqualTo("459 ms");
            assertThat(browser.text("#tile-p99 .value")).isEqualTo("1.1 s");
            assertThat(browser.all("#by-channel tbody tr")).extracting(e -> e.getText())
                    .containsExactly("TAOBAO 420 380 90.5% 420 ms 900 ms 1", "TMALL 300 240 80.0% 510 ms 1.2 s 0");
            assertThat(browser.text("#by-policy tbody")).isEqualTo("taobao-unshipped v3 420 380 90.5% 420 ms 900 ms");
            browser.screenshot("operator-live-contract");
        }
    }

    @Test
    @DisplayName("the report draws the contract's answer: figures, histogram, re-purchase, channels, policy versions, gray")
    void reportDrawsTheContract() {
        try (var browser = ConsoleBrowser.open(port, "en")) {
            browser.signIn(api.actors().operator());
            browser.go("/console/report");
            browser.until(d -> d.findElement(By.id("report-message")).getAttribute("data-state"), "the first load");
            browser.script(STUB);
            browser.find("#report-14").click();
            browser.until(d -> "loaded".equals(d.findElement(By.id("report-message")).getAttribute("data-state"))
                    ? true : null, "the report loaded");
            List.of("#chart-histogram", "#chart-repurchase", "#chart-channel-share", "#chart-policy")
                    .forEach(chart -> assertDrawn(browser, chart));
            assertThat(browser.find("#chart-histogram").getAttribute("data-points")).isEqualTo("3");
            assertThat(browser.find("#chart-repurchase").getAttribute("data-points")).isEqualTo("3");
            assertThat(browser.text("#tile-requested .value")).isEqualTo("1200");
            assertThat(browser.text("#tile-instant-share .value")).isEqualTo("83.3%");
            assertThat(browser.text("#tile-p99 .value")).isEqualTo("4.1 s");
            assertThat(browser.text("#tile-avoided .value")).isEqualTo("300");
            assertThat(browser.text("#tile-response .value")).isEqualTo("1.0 h / 2.0 h");
            assertThat(browser.text("#tile-repurchase .value")).isEqualTo("41.0%");
            assertThat(browser.all("#report-scopes tbody tr")).extracting(e -> e.getText().split(" ")[0])
                    .containsExactly("All", "TAOBAO", "TMALL", "taobao-unshipped");
            assertThat(browser.all("#report-gray tbody tr")).extracting(e -> e.getText())
                    .anyMatch(row -> row.startsWith("Active taobao-unshipped v3 600"))
                    .anyMatch(row -> row.startsWith("Candidate taobao-unshipped v4 100"));
            browser.screenshot("operator-report-contract");
        }
    }
}
