package io.miaotui.server.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.miaotui.server.support.Api;
import io.miaotui.server.support.ClockedService;
import io.miaotui.server.support.MutableClock;
import io.miaotui.server.support.TestDirs;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The report read from the rollup plus the live rest equals the report computed live over the whole window
 * ({@link ConsumerExperienceReport#reportLive}), on a history of ten days made through the API with a clock the
 * test moves: repeat buyers across days (their sets must be united, not added), instant and reviewed refunds in
 * two channels, re-purchases, a gray release, a review left pending for days and decided after its day was rolled
 * up, an order registered after the rollup, and a refund asked with the clock set back into a rolled day. Windows: whole days, partial first and last days, spanning closed,
 * unsettled and open days.
 */
class ReportRollupTest {
    private static final Instant T0 = Instant.parse("2027-05-01T00:00:00Z");

    private static ConfigurableApplicationContext context;
    private static Api api;
    private static MutableClock clock;
    private static JdbcClient jdbc;
    private static ConsumerExperienceReport report;
    private static ReportRollup rollup;
    private static String pendingOnDay3;
    private static int asked;

    @BeforeAll
    static void history() {
        context = ClockedService.start("--miaotui.data-dir=" + TestDirs.fresh("miaotui-rollup-"),
                "--test.clock.start=" + T0, "--miaotui.review.sweep-interval=1000d",
                "--miaotui.review.window.TAOBAO=1000h", "--miaotui.report.rollup.interval=1000d");
        api = Api.of(context);
        clock = context.getBean(MutableClock.class);
        jdbc = context.getBean(JdbcClient.class);
        report = context.getBean(ConsumerExperienceReport.class);
        rollup = context.getBean(ReportRollup.class);
        api.put("/api/v1/shops/S-T", Map.of("name", "Tea", "channel", "TAOBAO"));
        api.put("/api/v1/shops/S-M", Map.of("name", "Mall", "channel", "TMALL"));
        clock.advance(Duration.ofHours(1));
        for (int day = 0; day < 10; day++) {
            if (day == 6) { // a gray release of taobao-unshipped v2 to buyer B1 from day 6 on
                assertThat(api.post("/api/v1/policies/taobao-unshipped/versions", Map.of("expression",
                        "!line.shipped && line.paidAmount <= 80000", "description", "to 800")).status()).isEqualTo(201);
                assertThat(api.put("/api/v1/policies/taobao-unshipped/versions/2/rollout",
                        Map.of("percent", 0, "shops", List.of(), "buyers", List.of("B1"))).status()).isEqualTo(200);
            }
            String tb = "B" + (day % 4);
            String tm = "M" + (day % 3);
            String paidTb = instant(tb, "S-T", day % 2 == 0 ? "150.00" : "450.00", Duration.ofHours(3 + day));
            clock.advance(Duration.ofMinutes(7));
            String paidTm = instant(tm, "S-M", "90.00", Duration.ofMinutes(30));
            if (day % 3 == 0) { // back in the shop two days after the money
                order(tb, "S-T", Instant.parse(paidTb).plus(Duration.ofDays(2)), "5.00");
            }
            if (day % 4 == 1) { // back, but in the other shop: not a re-purchase
                order(tm, "S-T", Instant.parse(paidTm).plus(Duration.ofDays(1)), "5.00");
            }
            clock.advance(Duration.ofMinutes(20));
            String reviewed = pending("R" + day, "900.00");
            clock.advance(Duration.ofMinutes(40 + day));
            if (day == 3) {
                pendingOnDay3 = reviewed; // left pending: day 3 stays open
            } else if (day % 5 == 4) {
                assertThat(api.post("/api/v1/refunds/" + reviewed + "/reject", Map.of("reason", "worn")).status())
                        .isEqualTo(200);
            } else {
                assertThat(api.post("/api/v1/refunds/" + reviewed + "/approve", Map.of()).status()).isEqualTo(200);
                String paid = awaitPaid(reviewed);
                if (day % 2 == 0) {
                    order("R" + day, "S-T", Instant.parse(paid).plus(Duration.ofDays(6)), "5.00");
                }
            }
            clock.advance(Duration.ofDays(1).minus(Duration.ofMinutes(67 + day)));
        }
        // the clock is at T0 + 10 d + 1 h
    }

    @AfterAll
    static void stop() {
        if (context != null) {
            context.close();
        }
    }

    private static void order(String buyer, String shop, Instant paid, String amount) {
        String orderId = "RU-" + (++asked);
        Api.Reply reply = api.post("/api/v1/orders", Map.of("orderId", orderId, "shopId", shop, "buyerId", buyer,
                "paidAt", paid.toString(), "currency", "CNY",
                "lines", List.of(Map.of("lineId", "L-1", "sku", "tea", "quantity", 1, "paidAmount", amount))));
        assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
    }

    private static Api.Reply ask(String buyer, String shop, String line, Duration orderPaidAgo) {
        order(buyer, shop, clock.instant().minus(orderPaidAgo), line);
        Api.Reply reply = api.post("/api/v1/refunds", Map.of("orderId", "RU-" + asked, "lineId", "L-1"),
                "Idempotency-Key", "ru-" + asked);
        assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
        return reply;
    }

    /** An instant refund, paid; returns when. */
    private static String instant(String buyer, String shop, String line, Duration orderPaidAgo) {
        Api.Reply reply = ask(buyer, shop, line, orderPaidAgo);
        assertThat(reply.text("status")).as(reply.toString()).isEqualTo("APPROVED");
        return awaitPaid(reply.text("refundId"));
    }

    private static String pending(String buyer, String line) {
        Api.Reply reply = ask(buyer, "S-T", line, Duration.ofMinutes(20));
        assertThat(reply.text("status")).as(reply.toString()).isEqualTo("PENDING_MERCHANT_REVIEW");
        return reply.text("refundId");
    }

    private static String awaitPaid(String refundId) {
        Api.Reply paid = api.awaitRefund(refundId, r -> "PAID".equals(r.text("status")), Duration.ofSeconds(10));
        assertThat(paid.text("status")).isEqualTo("PAID");
        return paid.text("paidAt");
    }

    /** Windows over the history: whole days, partial edges, one day, spanning rolled and live days. */
    private static List<Instant[]> windows() {
        var windows = new ArrayList<Instant[]>();
        windows.add(new Instant[] {T0.minus(Duration.ofDays(1)), T0.plus(Duration.ofDays(30))});
        windows.add(new Instant[] {T0, T0.plus(Duration.ofDays(10))});
        windows.add(new Instant[] {T0.plus(Duration.ofHours(1)).plusSeconds(1), T0.plus(Duration.ofDays(9)).plus(
                Duration.ofMinutes(90))});
        windows.add(new Instant[] {T0.plus(Duration.ofDays(2)), T0.plus(Duration.ofDays(5))});
        windows.add(new Instant[] {T0.plus(Duration.ofDays(1)).plus(Duration.ofMinutes(70)), T0.plus(Duration.ofDays(8))});
        windows.add(new Instant[] {T0.plus(Duration.ofDays(6)), T0.plus(Duration.ofDays(7))});
        return windows;
    }

    private static void assertSameAsLive(String when) {
        for (Instant[] window : windows()) {
            ConsumerExperienceReport.Report live = report.reportLive(window[0], window[1]);
            assertThat(report.report(window[0], window[1])).as(when + ": " + window[0] + " .. " + window[1])
                    .isEqualTo(live);
        }
    }

    private static Map<String, Boolean> rolledDays() {
        var days = new HashMap<String, Boolean>();
        jdbc.sql("select day::text, buyers_settled from report_days where refunds > 0")
                .query((rs, n) -> days.put(rs.getString(1), rs.getBoolean(2))).list();
        return days;
    }

    @Test
    @DisplayName("rollup + live = all live: before any rollup, with closed and settled days, after a pending review"
            + " is decided, and after a refund lands in a rolled day; the report does read the rollup")
    void rollupPlusLiveIsAllLive() {
        ConsumerExperienceReport.Report whole = report.reportLive(T0, T0.plus(Duration.ofDays(10)));
        assertThat(whole.overall().refundsRequested()).isEqualTo(30);
        assertThat(whole.overall().repurchaseRate7d()).isNotNull();
        assertThat(whole.grayComparison()).hasSize(1);
        assertSameAsLive("nothing rolled up");

        // at T0 + 10 d + 1 h: days 0..9 rolled up, day 3's pending review left out (read live); re-purchase
        // settled only for days whose last payment is over 8 days ago (days 0 and 1)
        assertThat(rollup.sweep()).isEqualTo(10);
        assertThat(rolledDays()).containsOnlyKeys("2027-05-01", "2027-05-02", "2027-05-03", "2027-05-04",
                "2027-05-05", "2027-05-06", "2027-05-07", "2027-05-08", "2027-05-09", "2027-05-10")
                .containsEntry("2027-05-01", true).containsEntry("2027-05-02", true)
                .containsEntry("2027-05-03", false).containsEntry("2027-05-09", false);
        assertThat(jdbc.sql("select day::text || ' ' || refund_id from report_day_open").query(String.class).list())
                .containsExactly("2027-05-04 " + pendingOnDay3);
        assertThat(rollup.sweep()).as("nothing changed: nothing rolled again").isZero();
        assertSameAsLive("days 0-9 rolled (day 3 but its open refund), 0-1 settled");

        // an order registered after the rollup turns a flag on in an unsettled day: R7 back in S-T within 7 days
        // of its reviewed refund of day 7 (the report adds the flags of buyers with orders registered since)
        ConsumerExperienceReport.Report before = report.reportLive(T0, T0.plus(Duration.ofDays(10)));
        order("R7", "S-T", T0.plus(Duration.ofDays(10)).plus(Duration.ofHours(2)), "5.00");
        assertThat(report.reportLive(T0, T0.plus(Duration.ofDays(10))).overall().repurchaseRate7dReviewed())
                .isGreaterThan(before.overall().repurchaseRate7dReviewed());
        assertSameAsLive("an order registered after the rollup");

        clock.advance(Duration.ofDays(10));
        // days 2..9 settled now (rolled again with their buyers), days 10..19 rolled with no refunds
        assertThat(rollup.sweep()).as("every closed day is settled now").isEqualTo(18);
        assertThat(rolledDays()).containsEntry("2027-05-04", true).containsEntry("2027-05-10", true)
                .doesNotContainValue(false);
        assertSameAsLive("all settled, day 3's review still pending");

        // the review pending since day 3 is approved now, after its day was rolled: the report reads it live
        // (report_day_open) until the next sweep rolls day 3 again with it, its re-purchase unsettled again
        assertThat(api.post("/api/v1/refunds/" + pendingOnDay3 + "/approve", Map.of()).status()).isEqualTo(200);
        awaitPaid(pendingOnDay3);
        assertSameAsLive("day 3's review decided after its day was rolled");
        assertThat(rollup.sweep()).isEqualTo(1);
        assertThat(rolledDays()).containsEntry("2027-05-04", false);
        assertThat(jdbc.sql("select count(*) from report_day_open").query(Long.class).single()).isZero();
        assertSameAsLive("day 3 rolled again, its re-purchase not settled");

        // a refund asked with the clock set back into day 5, already rolled and settled: the report sees the day's
        // count differ and reads it live; the next sweep rolls it again
        Duration back = Duration.between(T0.plus(Duration.ofDays(5)).plus(Duration.ofHours(12)), clock.instant());
        clock.advance(back.negated());
        instant("B9", "S-T", "100.00", Duration.ofHours(1));
        clock.advance(back);
        assertSameAsLive("a refund asked into rolled day 5");
        assertThat(rollup.sweep()).isEqualTo(1);
        assertThat(jdbc.sql("select refunds from report_days where day = '2027-05-06'").query(Long.class).single())
                .isEqualTo(4);
        assertSameAsLive("day 5 rolled again");

        // the report reads the rollup: a count changed in it shows, and rolling the day again restores it
        Instant[] window = {T0, T0.plus(Duration.ofDays(10))};
        jdbc.sql("update report_day_cells set requested = requested + 1, reviewed = reviewed + 1"
                + " where ctid = (select ctid from report_day_cells where day = '2027-05-03' and not response_row limit 1)")
                .update();
        jdbc.sql("update report_day_buyers set buyers = ''::bytea where day = '2027-05-02'").update();
        var tampered = report.report(window[0], window[1]);
        var live = report.reportLive(window[0], window[1]);
        assertThat(tampered.overall().refundsRequested()).isEqualTo(live.overall().refundsRequested() + 1);
        assertThat(tampered.overall().repurchaseBuyers()).isLessThan(live.overall().repurchaseBuyers());
    }
}
