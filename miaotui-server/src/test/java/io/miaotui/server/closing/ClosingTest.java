package io.miaotui.server.closing;

import io.miaotui.server.support.TestDirs;
import static org.assertj.core.api.Assertions.assertThat;

import io.miaotui.server.support.Api;
import io.miaotui.server.support.ClockedService;
import io.miaotui.server.support.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/** One-click holiday closing with a clock the test moves: the window's rules, and what a closed shop changes. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClosingTest {
    private static final Instant NOW = Instant.parse("2027-01-20T00:00:00Z");
    private static final Instant WINDOW_FROM = Instant.parse("2027-01-28T00:00:00Z");
    private static final Instant WINDOW_TO = Instant.parse("2027-02-12T00:00:00Z");

    private static ConfigurableApplicationContext context;
    private static Api api;
    private static MutableClock clock;

    @BeforeAll
    static void start() throws Exception {
        context = ClockedService.start("--test.clock.start=" + NOW,
                "--miaotui.data-dir=" + TestDirs.fresh("miaotui-closing-"));
        api = Api.of(context);
        clock = context.getBean(MutableClock.class);
    }

    @AfterAll
    static void stop() {
        context.close();
    }

    private static Api.Reply close(String shopId, Instant from, Instant to) {
        return api.put("/api/v1/shops/" + shopId + "/closing", Map.of("from", from.toString(), "to", to.toString()));
    }

    private static String shop(String shopId, String channel) {
        api.put("/api/v1/shops/" + shopId, Map.of("name", "Shop", "channel", channel));
        return shopId;
    }

    private static String order(String shopId, String orderId, String amount) {
        api.post("/api/v1/orders", Map.of("orderId", orderId, "shopId", shopId, "buyerId", "B-" + orderId,
                "paidAt", clock.instant().toString(), "currency", "CNY",
                "lines", List.of(Map.of("lineId", "L-1", "sku", "SKU", "quantity", 1, "paidAmount", amount))));
        return orderId;
    }

    @Test
    @Order(1)
    @DisplayName("closing is refused with the rule named: no window, outside it, too long, backwards, in the past")
    void windowRules() {
        String shopId = shop("S-rules", "TAOBAO");
        assertThat(close(shopId, WINDOW_FROM, WINDOW_FROM.plus(Duration.ofDays(3))).text("rule")).isEqualTo("no-window");

        Api.Reply window = api.put("/api/v1/closing-window",
                Map.of("from", WINDOW_FROM.toString(), "to", WINDOW_TO.toString(), "maxDays", 10));
        assertThat(window.status()).isEqualTo(200);
        assertThat(api.put("/api/v1/closing-window", Map.of("from", WINDOW_TO.toString(), "to", WINDOW_FROM.toString(),
                "maxDays", 10)).status()).isEqualTo(422);

        assertThat(close(shopId, WINDOW_FROM.minusSeconds(1), WINDOW_FROM.plus(Duration.ofDays(2))).text("rule"))
                .isEqualTo("outside-window");
        assertThat(close(shopId, WINDOW_TO.minus(Duration.ofDays(2)), WINDOW_TO.plusSeconds(1)).text("rule"))
                .isEqualTo("outside-window");
        assertThat(close(shopId, WINDOW_FROM, WINDOW_FROM.plus(Duration.ofDays(10)).plusSeconds(1)).text("rule"))
                .isEqualTo("too-long");
        assertThat(close(shopId, WINDOW_FROM.plus(Duration.ofDays(2)), WINDOW_FROM).text("rule"))
                .isEqualTo("ends-before-it-starts");
        Api.Reply edge = close(shopId, WINDOW_FROM, WINDOW_FROM.plus(Duration.ofDays(10)));
        Api.Reply lastDays = close(shopId, WINDOW_TO.minus(Duration.ofDays(10)), WINDOW_TO);

        assertThat(edge.status()).as("exactly the window's start and maxDays").isEqualTo(200);
        assertThat(lastDays.status()).as("a change before it starts replaces it").isEqualTo(200);
        assertThat(api.get("/api/v1/shops/" + shopId + "/closing").text("from"))
                .isEqualTo(WINDOW_TO.minus(Duration.ofDays(10)).toString());
        assertThat(edge.contentType()).startsWith("application/json");
        Api.Reply bad = close(shopId, WINDOW_FROM.minusSeconds(1), WINDOW_FROM);
        assertThat(bad.status()).isEqualTo(422);
        assertThat(bad.problem()).isEqualTo("closing-rule-broken");
    }

    @Test
    @Order(2)
    @DisplayName("a closing is cancelled before it starts, and can neither change nor be cancelled once started")
    void cancelOnlyBeforeStart() {
        String shopId = shop("S-cancel", "TMALL");
        assertThat(close(shopId, WINDOW_FROM, WINDOW_FROM.plus(Duration.ofDays(5))).status()).isEqualTo(200);
        assertThat(api.delete("/api/v1/shops/" + shopId + "/closing").status()).isEqualTo(204);
        assertThat(api.get("/api/v1/shops/" + shopId + "/closing").problem()).isEqualTo("closing-not-found");
        assertThat(api.delete("/api/v1/shops/" + shopId + "/closing").status()).isEqualTo(404);
        assertThat(close(shopId, WINDOW_FROM.plus(Duration.ofDays(1)), WINDOW_FROM.plus(Duration.ofDays(6))).status())
                .isEqualTo(200);
    }

    @Test
    @Order(3)
    @DisplayName("before a closing a review deadline is pushed back by the closed days; during it every unshipped refund is instant")
    void closedShop() {
        String shopId = shop("S-closed", "TAOBAO");
        Instant closingFrom = NOW.plus(Duration.ofHours(24));
        clock.advance(Duration.ZERO);
        api.put("/api/v1/closing-window", Map.of("from", NOW.toString(), "to", WINDOW_TO.toString(), "maxDays", 10));
        assertThat(close(shopId, closingFrom, closingFrom.plus(Duration.ofDays(5))).status()).isEqualTo(200);

        String before = order(shopId, "O-before", "800.00");
        Api.Reply pending = api.post("/api/v1/refunds", Map.of("orderId", before, "lineId", "L-1"), "Idempotency-Key", "k-before");
        assertThat(pending.text("status")).isEqualTo("PENDING_MERCHANT_REVIEW");
        assertThat(pending.text("reviewDeadline")).as("24 h open before the closing, 24 h after it")
                .isEqualTo(closingFrom.plus(Duration.ofDays(5)).plus(Duration.ofHours(24)).toString());

        clock.advance(Duration.ofHours(30));
        String during = order(shopId, "O-during", "20000.00");
        String shipped = order(shopId, "O-shipped", "800.00");
        api.post("/api/v1/orders/" + shipped + "/lines/L-1/shipment", Map.of("carrier", "SF", "trackingNo", "SF-1"));
        Api.Reply instant = api.post("/api/v1/refunds", Map.of("orderId", during, "lineId", "L-1"), "Idempotency-Key", "k-during");
        Api.Reply review = api.post("/api/v1/refunds", Map.of("orderId", shipped, "lineId", "L-1"), "Idempotency-Key", "k-shipped");

        assertThat(instant.map("decision")).containsEntry("instant", true).containsEntry("policy", "shop-closed");
        assertThat((String) instant.map("decision").get("explanation")).contains("closed").contains("20000.00");
        assertThat(review.map("decision")).containsEntry("instant", false).containsEntry("policy", "taobao-unshipped");
        assertThat(api.get("/api/v1/shops/" + shopId + "/closing").get("closedNow")).isEqualTo(true);
        assertThat(close(shopId, closingFrom, closingFrom.plus(Duration.ofDays(2))).problem()).isEqualTo("closing-started");
        assertThat(api.delete("/api/v1/shops/" + shopId + "/closing").status()).isEqualTo(409);
    }

    @Test
    @Order(4)
    @DisplayName("ship-by deadlines and review response leave closed days out of the shop's metrics")
    void metricsLeaveClosedDaysOut() {
        String shopId = shop("S-metrics", "TAOBAO");
        Instant start = clock.instant();
        Instant closingFrom = start.plus(Duration.ofHours(24));
        Instant closingTo = closingFrom.plus(Duration.ofDays(5));
        assertThat(close(shopId, closingFrom, closingTo).status()).isEqualTo(200);
        String onTime = order(shopId, "O-m-on-time", "50.00");
        Api.Reply early = api.post("/api/v1/orders", Map.of("orderId", "O-m-early", "shopId", shopId, "buyerId", "B-m",
                "paidAt", start.toString(), "shipBy", start.plus(Duration.ofHours(2)).toString(), "currency", "CNY",
                "lines", List.of(Map.of("lineId", "L-1", "sku", "SKU", "quantity", 1, "paidAmount", "60.00"))));
        Api.Reply backwards = api.post("/api/v1/orders", Map.of("orderId", "O-m-bad", "shopId", shopId, "buyerId", "B-m",
                "paidAt", start.toString(), "shipBy", start.minusSeconds(1).toString(), "currency", "CNY",
                "lines", List.of(Map.of("lineId", "L-1", "sku", "SKU", "quantity", 1, "paidAmount", "60.00"))));
        String reviewed = order(shopId, "O-m-review", "800.00");
        String refundId = api.post("/api/v1/refunds", Map.of("orderId", reviewed, "lineId", "L-1"), "Idempotency-Key",
                "k-m-review").text("refundId");

        assertThat(early.status()).isEqualTo(201);
        assertThat(early.text("shipBy")).isEqualTo(start.plus(Duration.ofHours(2)).toString());
        assertThat(api.get("/api/v1/orders/" + onTime).text("shipBy")).isEqualTo(start.plus(Duration.ofHours(48)).toString());
        assertThat(backwards.status()).isEqualTo(422);

        clock.advance(Duration.ofHours(3));
        api.post("/api/v1/orders/O-m-early/lines/L-1/shipment", Map.of("carrier", "SF", "trackingNo", "SF-early"));
        clock.advance(Duration.between(clock.instant(), closingTo.plus(Duration.ofHours(2))));
        api.post("/api/v1/refunds/" + refundId + "/approve", Map.of());
        clock.advance(Duration.ofHours(10));
        api.post("/api/v1/orders/" + onTime + "/lines/L-1/shipment", Map.of("carrier", "SF", "trackingNo", "SF-on-time"));

        Api.Reply metrics = api.get("/api/v1/shops/" + shopId + "/metrics?from=" + start.minus(Duration.ofDays(1))
                + "&to=" + clock.instant().plusSeconds(1));

        assertThat(metrics.status()).as(metrics.raw()).isEqualTo(200);
        assertThat(metrics.get("lines")).isEqualTo(3);
        assertThat(metrics.get("lateShipments")).as("only the line due before the closing shipped late").isEqualTo(1);
        assertThat(metrics.get("refunds")).isEqualTo(1);
        assertThat(metrics.get("reviewsAnswered")).isEqualTo(1);
        assertThat(metrics.text("averageReviewResponseHours")).as("26 h open, 5 closed days left out").isEqualTo("26.00");
        assertThat(metrics.text("closedDays")).isEqualTo("5.00");
        assertThat(metrics.get("closedTimeExcluded")).isEqualTo(true);
        assertThat(api.get("/api/v1/shops/S-none/metrics").status()).isEqualTo(404);
    }
}
