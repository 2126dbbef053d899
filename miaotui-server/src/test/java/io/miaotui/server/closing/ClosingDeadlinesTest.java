package io.miaotui.server.closing;

import static org.assertj.core.api.Assertions.assertThat;

import io.miaotui.server.refund.ReviewDeadlineSweeper;
import io.miaotui.server.support.Api;
import io.miaotui.server.support.ClockedService;
import io.miaotui.server.support.MutableClock;
import io.miaotui.server.support.TestDirs;
import io.miaotui.closing.ShopClosing;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Review deadlines follow the closing in force: a closing set after a refund opened extends it, and a closing
 * changed or cancelled gives the time back, so scheduling and cancelling cannot hold buyers' money. The sweeper
 * runs only when the test calls it; the clock moves only when the test moves it.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClosingDeadlinesTest {
    private static final Instant NOW = Instant.parse("2027-01-20T00:00:00Z");

    private static ConfigurableApplicationContext context;
    private static Api api;
    private static MutableClock clock;
    private static ReviewDeadlineSweeper sweeper;

    @BeforeAll
    static void start() throws Exception {
        context = ClockedService.start("--test.clock.start=" + NOW, "--miaotui.review.sweep-interval=1h",
                "--miaotui.data-dir=" + TestDirs.fresh("miaotui-closing-deadlines-"));
        api = Api.of(context);
        clock = context.getBean(MutableClock.class);
        sweeper = context.getBean(ReviewDeadlineSweeper.class);
        api.put("/api/v1/closing-window", Map.of("from", NOW.toString(),
                "to", NOW.plus(Duration.ofDays(60)).toString(), "maxDays", 10));
    }

    @AfterAll
    static void stop() {
        context.close();
    }

    private static Api.Reply close(String shopId, Instant from, Instant to) {
        return api.put("/api/v1/shops/" + shopId + "/closing", Map.of("from", from.toString(), "to", to.toString()));
    }

    /** A TAOBAO shop and a pending refund of an 800.00 line (over the instant limit), opened now. */
    private static String shop(String shopId) {
        api.put("/api/v1/shops/" + shopId, Map.of("name", "Tea", "channel", "TAOBAO"));
        return shopId;
    }

    private static String pendingRefund(String shopId, String orderId) {
        api.post("/api/v1/orders", Map.of("orderId", orderId, "shopId", shopId, "buyerId", "B-" + orderId,
                "paidAt", clock.instant().toString(), "currency", "CNY",
                "lines", List.of(Map.of("lineId", "L-1", "sku", "pot", "quantity", 1, "paidAmount", "800.00"))));
        Api.Reply reply = api.post("/api/v1/refunds", Map.of("orderId", orderId, "lineId", "L-1"),
                "Idempotency-Key", "k-" + orderId);
        assertThat(reply.text("status")).as(reply.raw()).isEqualTo("PENDING_MERCHANT_REVIEW");
        return reply.text("refundId");
    }

    private static String deadline(String refundId) {
        return api.get("/api/v1/refunds/" + refundId).text("reviewDeadline");
    }

    private static String queuedDeadline(String shopId, String refundId) {
        return api.get("/api/v1/shops/" + shopId + "/refunds?status=PENDING_MERCHANT_REVIEW").list("refunds").stream()
                .filter(r -> refundId.equals(r.get("refundId"))).findFirst().orElseThrow().get("reviewDeadline").toString();
    }

    @Test
    @Order(1)
    @DisplayName("a closing set after a refund opened extends its deadline by the closed days")
    void closingSetLaterExtends() {
        String shopId = shop("S-later");
        Instant opened = clock.instant();
        String refundId = pendingRefund(shopId, "O-later");
        assertThat(deadline(refundId)).isEqualTo(opened.plus(Duration.ofHours(48)).toString());

        Instant from = opened.plus(Duration.ofHours(24));
        Instant to = from.plus(Duration.ofDays(5));
        assertThat(close(shopId, from, to).status()).isEqualTo(200);

        String extended = to.plus(Duration.ofHours(24)).toString();
        assertThat(deadline(refundId)).as("24 h open before the closing, 24 h after it").isEqualTo(extended);
        assertThat(queuedDeadline(shopId, refundId)).isEqualTo(extended);
    }

    @Test
    @Order(2)
    @DisplayName("a cancelled closing gives a pending review its normal deadline back, and the platform overrules at it")
    void cancelledClosingGivesTheDeadlineBack() {
        String shopId = shop("S-cancel");
        Instant opened = clock.instant();
        Instant from = opened.plus(Duration.ofHours(24));
        Instant to = from.plus(Duration.ofDays(5));
        assertThat(close(shopId, from, to).status()).isEqualTo(200);
        String refundId = pendingRefund(shopId, "O-cancel");
        assertThat(deadline(refundId)).isEqualTo(to.plus(Duration.ofHours(24)).toString());

        clock.advance(Duration.ofHours(1));
        assertThat(api.delete("/api/v1/shops/" + shopId + "/closing").status()).isEqualTo(204);

        Instant normal = opened.plus(Duration.ofHours(48));
        assertThat(deadline(refundId)).isEqualTo(normal.toString());
        assertThat(queuedDeadline(shopId, refundId)).isEqualTo(normal.toString());

        clock.advance(Duration.between(clock.instant(), normal.minusSeconds(60)));
        sweeper.sweep();
        assertThat(api.get("/api/v1/refunds/" + refundId).text("status")).isEqualTo("PENDING_MERCHANT_REVIEW");

        clock.advance(Duration.ofSeconds(60));
        sweeper.sweep();
        Api.Reply overruled = api.get("/api/v1/refunds/" + refundId);
        assertThat(overruled.text("status")).isIn("APPROVED", "PAID");
        assertThat(overruled.map("decision")).containsEntry("resolution", "APPROVED_AT_DEADLINE");
    }

    @Test
    @Order(3)
    @DisplayName("a shortened or moved closing moves the deadline with it")
    void changedClosingMovesTheDeadline() {
        String shopId = shop("S-change");
        Instant opened = clock.instant();
        Instant from = opened.plus(Duration.ofHours(24));
        assertThat(close(shopId, from, from.plus(Duration.ofDays(5))).status()).isEqualTo(200);
        String refundId = pendingRefund(shopId, "O-change");
        String other = pendingRefund(shop("S-untouched"), "O-untouched");

        assertThat(close(shopId, from, from.plus(Duration.ofDays(2))).status()).isEqualTo(200);
        assertThat(deadline(refundId)).as("shortened to two days")
                .isEqualTo(from.plus(Duration.ofDays(2)).plus(Duration.ofHours(24)).toString());

        Instant later = opened.plus(Duration.ofHours(40));
        assertThat(close(shopId, later, later.plus(Duration.ofDays(3))).status()).isEqualTo(200);
        assertThat(deadline(refundId)).as("40 h open before the closing, 8 h after it")
                .isEqualTo(later.plus(Duration.ofDays(3)).plus(Duration.ofHours(8)).toString());

        Instant afterTheDeadline = opened.plus(Duration.ofHours(49));
        assertThat(close(shopId, afterTheDeadline, afterTheDeadline.plus(Duration.ofDays(3))).status()).isEqualTo(200);
        assertThat(deadline(refundId)).as("a closing after the deadline changes nothing")
                .isEqualTo(opened.plus(Duration.ofHours(48)).toString());
        assertThat(deadline(other)).as("another shop's refund").isEqualTo(opened.plus(Duration.ofHours(48)).toString());
    }

    /** A waiting refund's review columns. */
    private record Review(String refundId, String shopId, Instant openedAt, Instant windowEnd, Instant deadline) {
    }

    @Test
    @Order(4)
    @DisplayName("the V14 backfill gives waiting refunds the window end and deadline the application derives")
    void backfillAgreesWithTheApplication() throws IOException {
        String shopId = shop("S-backfill");
        Instant from = clock.instant().plus(Duration.ofHours(24));
        assertThat(close(shopId, from, from.plus(Duration.ofDays(5))).status()).isEqualTo(200);
        pendingRefund(shopId, "O-backfill");
        assertThat(api.delete("/api/v1/shops/" + shopId + "/closing").status()).isEqualTo(204);
        JdbcClient jdbc = context.getBean(JdbcClient.class);
        List<Review> derived = jdbc.sql("""
                select r.refund_id, o.shop_id, r.created_at, r.review_window_end, r.review_deadline
                from refunds r join orders o on o.order_id = r.order_id
                where r.status = 'PENDING_MERCHANT_REVIEW' order by r.refund_id
                """).query((rs, n) -> new Review(rs.getString(1), rs.getString(2), rs.getTimestamp(3).toInstant(),
                        rs.getTimestamp(4).toInstant(), rs.getTimestamp(5).toInstant())).list();
        assertThat(derived).extracting(Review::shopId).contains("S-later", "S-change", "S-backfill");

        // as stored before V14: the window pushed back by the closing in force or coming at opening, and no more
        for (Review review : derived) {
            Optional<ShopClosing> atOpening = jdbc.sql("""
                    select from_at, to_at from shop_closings where shop_id = ? and created_at <= ?
                        and (cancelled_at is null or cancelled_at > ?) and to_at > ? order by from_at limit 1
                    """).params(review.shopId(), Timestamp.from(review.openedAt()), Timestamp.from(review.openedAt()),
                            Timestamp.from(review.openedAt()))
                    .query((rs, n) -> new ShopClosing(rs.getTimestamp(1).toInstant(), rs.getTimestamp(2).toInstant()))
                    .optional();
            Instant before = atOpening.map(c -> c.extend(review.openedAt(), review.windowEnd())).orElse(review.windowEnd());
            jdbc.sql("update refunds set review_deadline = ?, review_window_end = ? where refund_id = ?")
                    .params(Timestamp.from(before), Timestamp.from(before), review.refundId()).update();
        }
        String migration;
        try (InputStream in = getClass().getResourceAsStream("/db/migration/V14__review_deadlines_follow_closings.sql")) {
            migration = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        String backfill = migration.substring(migration.indexOf("do $$"), migration.indexOf("end $$;") + "end $$;".length());
        jdbc.sql(backfill).update();

        for (Review review : derived) {
            assertThat(jdbc.sql("select review_window_end, review_deadline from refunds where refund_id = ?")
                    .param(review.refundId())
                    .query((rs, n) -> List.of(rs.getTimestamp(1).toInstant(), rs.getTimestamp(2).toInstant())).single())
                    .as("refund %s of %s", review.refundId(), review.shopId())
                    .containsExactly(review.windowEnd(), review.deadline());
        }
    }

    @Test
    @Order(5)
    @DisplayName("a refund opened on the closing a change had just replaced gets the new deadline at the next sweep")
    void aRequestRacingAChangeIsPutRightBySweeper() {
        String shopId = shop("S-race");
        Instant opened = clock.instant();
        Instant from = opened.plus(Duration.ofHours(24));
        assertThat(close(shopId, from, from.plus(Duration.ofDays(5))).status()).isEqualTo(200);
        String refundId = pendingRefund(shopId, "O-race");
        String stretched = deadline(refundId);
        assertThat(api.delete("/api/v1/shops/" + shopId + "/closing").status()).isEqualTo(204);
        // what a request that read the closing before the cancellation, and committed after its recompute, leaves
        context.getBean(JdbcClient.class).sql("update refunds set review_deadline = ? where refund_id = ?")
                .params(Timestamp.from(Instant.parse(stretched)), refundId).update();

        clock.advance(Duration.ofSeconds(10));
        sweeper.sweep();

        assertThat(deadline(refundId)).isEqualTo(opened.plus(Duration.ofHours(48)).toString());
    }
}
