package io.miaotui.server.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.miaotui.server.support.ApiTestBase;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The console's pages over plain HTTP: public shells without data, their headers, their language, the vendored charts. */
class ConsolePagesTest extends ApiTestBase {
    private static final List<String> PAGES = List.of("/console", "/console/", "/console/signin", "/console/buyer",
            "/console/merchant", "/console/operator", "/console/operator/gray", "/console/operator/books",
            "/console/operator/audit", "/console/report");

    private HttpResponse<String> get(String path, String... headers) throws Exception {
        var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    @DisplayName("every page is served without a token, as HTML with a strict script policy and no referrer")
    void pagesArePublicShellsWithStrictHeaders() throws Exception {
        for (String page : PAGES) {
            var response = get(page);
            assertThat(response.statusCode()).as(page).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type").orElseThrow()).as(page).startsWith("text/html");
            String policy = response.headers().firstValue("Content-Security-Policy").orElseThrow();
            assertThat(policy).contains("script-src 'self';").contains("default-src 'none'")
                    .contains("frame-ancestors 'none'").doesNotContain("unsafe-eval");
            assertThat(response.headers().firstValue("Referrer-Policy")).contains("no-referrer");
            assertThat(response.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
            // No inline script: every <script> loads a file of the service's own.
            assertThat(response.body()).doesNotContainPattern("<script(?![^>]*\\ssrc=)[^>]*>");
            assertThat(response.body()).doesNotContain("Bearer ey");
        }
        assertThat(get("/console/nothing-here").statusCode()).isEqualTo(404);
    }

    @Test
    @DisplayName("only GET: a POST to a page is refused for everyone, like any method the access table does not list")
    void onlyGet() throws Exception {
        var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/console/signin"))
                .POST(HttpRequest.BodyPublishers.ofString("token=x")).header("Content-Type", "application/x-www-form-urlencoded")
                .build();
        var response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(405);
    }

    @Test
    @DisplayName("the script, the styles and ECharts come from the jar itself (no CDN)")
    void assetsFromTheJar() throws Exception {
        var echarts = get("/webjars/echarts/5.3.1/dist/echarts.min.js");
        assertThat(echarts.statusCode()).isEqualTo(200);
        assertThat(echarts.body()).contains("echarts").hasSizeGreaterThan(500_000);
        assertThat(get("/console/assets/console.js").statusCode()).isEqualTo(200);
        assertThat(get("/console/assets/console.css").statusCode()).isEqualTo(200);
        assertThat(get("/console/report").body()).contains("/webjars/echarts/5.3.1/dist/echarts.min.js")
                .doesNotContain("//cdn").doesNotContain("https://");
    }

    @Test
    @DisplayName("labels follow Accept-Language (zh-CN Chinese, others English); ?lang= switches and a cookie keeps the choice")
    void language() throws Exception {
        assertThat(get("/console/buyer", "Accept-Language", "zh-CN,zh;q=0.9").body())
                .contains("<html lang=\"zh-CN\"").contains("我的订单").contains("申请退款");
        assertThat(get("/console/buyer", "Accept-Language", "fr-FR,en;q=0.5").body())
                .contains("<html lang=\"en\"").contains("My order");
        assertThat(get("/console/buyer", "Accept-Language", "de").body()).contains("<html lang=\"en\"");

        var switched = get("/console/buyer?lang=zh-CN", "Accept-Language", "en");
        assertThat(switched.body()).contains("<html lang=\"zh-CN\"");
        String cookie = switched.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(cookie).startsWith("miaotui-lang=zh-CN").contains("Path=/console").contains("HttpOnly")
                .contains("SameSite=Lax");
        assertThat(get("/console/merchant", "Accept-Language", "en", "Cookie", "miaotui-lang=zh-CN").body())
                .contains("一键打烊");
        assertThat(get("/console/buyer?lang=xx", "Accept-Language", "en").headers().firstValue("Set-Cookie")).isEmpty();
    }

    @Test
    @DisplayName("text the page itself renders is escaped: the labels go through Thymeleaf, never raw")
    void noRawHtmlFromRequests() throws Exception {
        var response = get("/console/buyer?lang=%3Cscript%3Ealert(1)%3C/script%3E");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).doesNotContain("<script>alert(1)");
    }
}
