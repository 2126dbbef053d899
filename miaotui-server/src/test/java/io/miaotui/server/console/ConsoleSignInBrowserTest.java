package io.miaotui.server.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.miaotui.server.support.ApiTestBase;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/** Signing in to the console in headless Chromium: each role sees its own pages, and the token stays out of URLs. */
class ConsoleSignInBrowserTest extends ApiTestBase {

    private static List<String> visibleNav(ConsoleBrowser browser) {
        return browser.all("header nav a").stream().filter(WebElement::isDisplayed).map(a -> a.getAttribute("href"))
                .map(href -> href.replaceFirst("^http://[^/]+", "")).toList();
    }

    @Test
    @DisplayName("a buyer, a merchant and an operator each sign in by pasting a token and see only their own pages")
    void eachRoleSignsIn() {
        String shopId = shop("TAOBAO");
        try (var browser = ConsoleBrowser.open(port, "en")) {
            browser.signIn(api.actors().buyer("B-" + run));
            browser.until(d -> d.getCurrentUrl().endsWith("/console/buyer") ? true : null, "the buyer's page");
            assertThat(browser.text("#who")).contains("B-" + run).contains("buyer");
            assertThat(visibleNav(browser)).containsExactly("/console/buyer");
            browser.screenshot("signin-buyer");

            browser.find("#signout").click();
            browser.until(d -> d.getCurrentUrl().endsWith("/console/signin") ? true : null, "the sign-in page");
            assertThat(browser.storedToken()).isNull();

            browser.signIn(api.actors().merchant(shopId));
            browser.until(d -> d.getCurrentUrl().endsWith("/console/merchant") ? true : null, "the merchant's page");
            assertThat(browser.text("#who")).contains("merchant").contains(shopId);
            assertThat(visibleNav(browser)).containsExactly("/console/merchant");
            browser.screenshot("signin-merchant");

            browser.find("#signout").click();
            browser.signIn(api.actors().operator());
            browser.until(d -> d.getCurrentUrl().endsWith("/console/operator") ? true : null, "the operator's page");
            assertThat(visibleNav(browser)).containsExactly("/console/operator", "/console/operator/gray",
                    "/console/operator/books", "/console/operator/audit", "/console/report");

            // A page for another role shows no data of it: an operator on the buyer's page is told so.
            browser.go("/console/buyer");
            assertThat(browser.text("#not-for-role")).contains("not for a operator");
            assertThat(browser.all("#order-form")).isEmpty();
            browser.screenshot("signin-operator-wrong-page");
        }
    }

    @Test
    @DisplayName("the token command's link carries the token in the fragment; the page keeps it in sessionStorage and drops it from the address bar")
    void linkWithTokenInFragment() {
        String token = api.actors().operator();
        String link = TokenCommandLinkTest.link(dataDir(), port, "OPERATOR", "ops-link");
        String linkToken = link.substring(link.indexOf("#token=") + "#token=".length());
        try (var browser = ConsoleBrowser.open(port, "en")) {
            browser.driver().get(link);
            browser.until(d -> d.getCurrentUrl().endsWith("/console/operator") ? true : null, "the operator's page");
            assertThat(browser.url()).doesNotContain("token").doesNotContain(linkToken);
            assertThat(browser.storedToken()).isEqualTo(linkToken);
            assertThat(browser.text("#who")).contains("ops-link");
            browser.screenshot("signin-link");
        }
        assertThat(token).isNotBlank();
    }

    @Test
    @DisplayName("a forged token is refused by the service at sign-in; the order system has no console pages")
    void refusedTokens() {
        String operator = api.actors().operator();
        String[] parts = operator.split("\\.");
        String forged = parts[0] + "." + parts[1] + "." + parts[2].substring(0, parts[2].length() - 4) + "AAAA";
        try (var browser = ConsoleBrowser.open(port, "en")) {
            browser.signIn(forged);
            assertThat(browser.awaitText("#signin-message", "refused")).contains("refused");
            assertThat(browser.storedToken()).isNull();

            browser.signIn("not a token");
            assertThat(browser.awaitText("#signin-message", "does not look like a token")).isNotBlank();

            browser.signIn(api.actors().orderSystem());
            assertThat(browser.awaitText("#signin-message", "no pages")).contains("order system");
            browser.screenshot("signin-refused");
        }
    }

    @Test
    @DisplayName("the language follows the browser (zh-CN shows Chinese labels) and the switch keeps the choice")
    void languageSwitch() {
        try (var browser = ConsoleBrowser.open(port, "zh-CN,zh")) {
            browser.signIn(api.actors().buyer("B-" + run));
            browser.until(d -> d.getCurrentUrl().endsWith("/console/buyer") ? true : null, "the buyer's page");
            assertThat(browser.driver().findElement(By.tagName("html")).getAttribute("lang")).isEqualTo("zh-CN");
            assertThat(browser.text("h1")).isEqualTo("我的订单");
            assertThat(browser.text("#order-load")).isEqualTo("查看订单");
            assertThat(browser.text("#who")).contains("买家");
            browser.screenshot("language-zh");

            browser.find("#lang-switch").click();
            browser.until(d -> "en".equals(d.findElement(By.tagName("html")).getAttribute("lang")) ? true : null, "English");
            assertThat(browser.text("h1")).isEqualTo("My order");
            browser.go("/console/buyer");
            assertThat(browser.text("h1")).as("the choice outlives the page").isEqualTo("My order");
            browser.find("#lang-switch").click();
            browser.until(d -> "zh-CN".equals(d.findElement(By.tagName("html")).getAttribute("lang")) ? true : null, "中文");
            assertThat(browser.text("#order-load")).isEqualTo("查看订单");
        }
    }
}
