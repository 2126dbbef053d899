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
 * The report read from the rollup (days and hours) plus the live rest equals the report computed live over the
 * whole window ({@link ConsumerExperienceReport#reportLive}), on a history of ten days made through the API with a
 * clock the test moves: repeat buyers across days (their sets must be united, not added), instant and reviewed
 * refunds in two channels, re-purchases, a gray release, a review left pending for days and decided after its day
 * and hour were rolled up, an order registered after the rollup, refunds asked with the clock set back into a
 * rolled day and into a rolled hour, and an eleventh day whose hours are rolled while the day is not (one of them
 * with a review decided after its hour was rolled). Windows: whole days, partial first and last days, cut at
 * arbitrary minutes, inside one hour, across midnight, up to and past the current hour; spanning closed,
 * unsettled and open days and hours.
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

    /**
     * Windows over the history: whole days, partial edges, one day, spanning rolled and live days; cut at arbitrary
     * minutes; and ending in or after the current hour (from the clock).
     */
    private static List<Instant[]> windows() {
        var windows = new ArrayList<Instant[]>();
        Instant now = clock.instant();
        windows.add(new Instant[] {T0.plus(Duration.ofDays(1)).plus(Duration.ofMinutes(3 * 60 + 17)),
                T0.plus(Duration.ofDays(8)).plus(Duration.ofMinutes(5 * 60 + 41))});
        windows.add(new Instant[] {T0.plus(Duration.ofMinutes(2 * 60 + 13)), T0.plus(Duration.ofMinutes(2 * 60 + 51))});
        windows.add(new Instant[] {T0.plus(Duration.ofDays(4)).minus(Duration.ofMinutes(61)),
                T0.plus(Duration.ofDays(4)).plus(Duration.ofMinutes(119))});
        windows.add(new Instant[] {T0.plus(Duration.ofDays(3)).plus(Duration.ofMinutes(37)), now});
        windows.add(new Instant[] {now.minus(Duration.ofMinutes(13 * 60 + 23)), now.plus(Duration.ofMinutes(1))});
        windows.add(new Instant[] {now.minus(Duration.ofDays(13)).minus(Duration.ofMinutes(7 * 60 + 23)),
                now.minus(Duration.ofMinutes(5 * 60 + 41))});
        windows.add(new Instant[] {T0.plus(Duration.ofDays(10)).plus(Duration.ofMinutes(97)), now.plus(Duration.ofHours(1))});
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
        jdbc.sql("""
                select (period_start at time zone 'UTC')::date::text, buyers_settled from report_periods
                where hours = 24 and refunds > 0""")
                .query((rs, n) -> days.put(rs.getString(1), rs.getBoolean(2))).list();
        return days;
    }

    private static long unsettledDays() {
        return jdbc.sql("select count(*) from report_periods where hours = 24 and not buyers_settled")
                .query(Long.class).single();
    }

    private static long unsettledHours() {
        return jdbc.sql("select count(*) from report_periods where hours = 1 and not buyers_settled")
                .query(Long.class).single();
    }

    /** The refunds left open in the rollup, as "period start, hours, refund". */
    private static List<String> leftOpen() {
        return jdbc.sql("""
                select to_char(period_start at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI') || ' ' || hours || ' '
                    || refund_id from report_period_open order by hours desc, period_start""")
                .query(String.class).list();
    }

    private static String hourOf(String refundId) {
        return jdbc.sql("""
                select to_char(date_trunc('hour', created_at, 'UTC') at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI')
                from refunds where refund_id = ?""").param(refundId).query(String.class).single();
    }

    /** Sets the clock back to {@code at}, asks an instant refund there, and puts the clock forward again. */
    private static void askBackAt(Instant at, String buyer) {
        Duration back = Duration.between(at, clock.instant());
        clock.advance(back.negated());
        instant(buyer, "S-T", "100.00", Duration.ofHours(1));
        clock.advance(back);
    }

    @Test
    @DisplayName("rollup + live = all live: before any rollup, with closed and settled days and hours, hours rolled"
            + " in a day not rolled, after pending reviews are decided, after refunds land in a rolled day and a"
            + " rolled hour; the report does read the day and hour rollup")
    void rollupPlusLiveIsAllLive() {
        ConsumerExperienceReport.Report whole = report.reportLive(T0, T0.plus(Duration.ofDays(10)));
        assertThat(whole.overall().refundsRequested()).isEqualTo(30);
        assertThat(whole.overall().repurchaseRate7d()).isNotNull();
        assertThat(whole.grayComparison()).hasSize(1);
        assertSameAsLive("nothing rolled up");

        // at T0 + 10 d + 1 h: days 0..9 rolled up, and the 239 hours from the first refund's (T0 + 1 h) to the
        // last one closed 5 minutes ago (T0 + 10 d); day 3's pending review left out of its day and its hour (read
        // live); re-purchase settled only for periods whose last payment is over 8 days ago
        assertThat(rollup.sweep()).isEqualTo(new ReportRollup.Swept(10, 239));
        assertThat(rolledDays()).containsOnlyKeys("2027-05-01", "2027-05-02", "2027-05-03", "2027-05-04",
                "2027-05-05", "2027-05-06", "2027-05-07", "2027-05-08", "2027-05-09", "2027-05-10")
                .containsEntry("2027-05-01", true).containsEntry("2027-05-02", true)
                .containsEntry("2027-05-03", false).containsEntry("2027-05-09", false);
        assertThat(leftOpen()).containsExactly("2027-05-04T00:00 24 " + pendingOnDay3,
                hourOf(pendingOnDay3) + " 1 " + pendingOnDay3);
        assertThat(rollup.sweep()).as("nothing changed: nothing rolled again").isEqualTo(new ReportRollup.Swept(0, 0));
        assertSameAsLive("days 0-9 and their hours rolled (day 3 but its open refund), 0-1 settled");

        // an order registered after the rollup turns a flag on in an unsettled day: R7 back in S-T within 7 days
        // of its reviewed refund of day 7 (the report adds the flags of buyers with orders registered since)
        ConsumerExperienceReport.Report before = report.reportLive(T0, T0.plus(Duration.ofDays(10)));
        order("R7", "S-T", T0.plus(Duration.ofDays(10)).plus(Duration.ofHours(2)), "5.00");
        assertThat(report.reportLive(T0, T0.plus(Duration.ofDays(10))).overall().repurchaseRate7dReviewed())
                .isGreaterThan(before.overall().repurchaseRate7dReviewed());
        assertSameAsLive("an order registered after the rollup");

        // day 10, not over: refunds at 02:10 (one instant, one left for review) and 03:40; at 04:10 its hours
        // 00..03 are rolled, the day is not, the review's hour lists it open
        clock.advance(Duration.ofMinutes(70));
        instant("B1", "S-M", "90.00", Duration.ofMinutes(30));
        clock.advance(Duration.ofMinutes(5));
        String reviewOnDay10 = pending("R10", "900.00");
        clock.advance(Duration.ofMinutes(85));
        instant("B2", "S-T", "150.00", Duration.ofHours(3));
        clock.advance(Duration.ofMinutes(30));
        // the unsettled periods rolled at 01:00 are rolled again (their order delta is over an hour old)
        var refreshed = new ReportRollup.Swept((int) unsettledDays(), (int) unsettledHours() + 4);
        assertThat(refreshed.days()).isEqualTo(8);
        assertThat(rollup.sweep()).isEqualTo(refreshed);
        assertThat(rolledDays()).doesNotContainKey("2027-05-11");
        assertThat(leftOpen()).contains(hourOf(reviewOnDay10) + " 1 " + reviewOnDay10);
        // and a refund in the current hour, not rolled
        clock.advance(Duration.ofMinutes(2));
        instant("M1", "S-M", "90.00", Duration.ofMinutes(30));
        assertSameAsLive("hours of day 10 rolled, the day not, a refund in the current hour");

        // the review of 02:20 is approved after its hour was rolled: read live through the hour's open list until
        // the next sweep rolls the hour again
        assertThat(api.post("/api/v1/refunds/" + reviewOnDay10 + "/approve", Map.of()).status()).isEqualTo(200);
        awaitPaid(reviewOnDay10);
        assertSameAsLive("a review decided after its hour was rolled, in a day not rolled");
        assertThat(rollup.sweep()).isEqualTo(new ReportRollup.Swept(0, 1));
        assertThat(leftOpen()).doesNotContain(hourOf(reviewOnDay10) + " 1 " + reviewOnDay10);
        assertSameAsLive("the hour rolled again with its review paid");

        // a refund asked with the clock set back into hour 01 of day 10, rolled (empty): the report sees the hour's
        // count differ and reads it live; the next sweep rolls it again. A new buyer: an order registered with the
        // clock set back before orders_seen_until would escape the re-purchase delta (registration times are
        // assumed to follow the clock within order-margin)
        askBackAt(T0.plus(Duration.ofDays(10)).plus(Duration.ofMinutes(95)), "B8");
        assertSameAsLive("a refund asked into a rolled hour");
        assertThat(rollup.sweep()).isEqualTo(new ReportRollup.Swept(0, 1));
        assertThat(jdbc.sql("select refunds from report_periods where hours = 1 and period_start = ?")
                .param(java.sql.Timestamp.from(T0.plus(Duration.ofDays(10)).plus(Duration.ofHours(1))))
                .query(Long.class).single()).isEqualTo(1);
        assertSameAsLive("hour 01 of day 10 rolled again");

        // days 3..9 (day 2 settled when rolled again at 04:10) and the hours with payments are not settled yet
        var unsettled = new ReportRollup.Swept((int) unsettledDays(), (int) unsettledHours());
        assertThat(unsettled.days()).isEqualTo(7);
        assertThat(unsettled.hours()).isPositive();
        clock.advance(Duration.ofDays(10));
        // those are settled now (rolled again with their buyers), and days 10..19 and the 240 hours since the
        // last sweep's are rolled
        assertThat(rollup.sweep()).as("every closed period is settled now")
                .isEqualTo(new ReportRollup.Swept(unsettled.days() + 10, unsettled.hours() + 240));
        assertThat(rolledDays()).containsEntry("2027-05-04", true).containsEntry("2027-05-10", true)
                .containsEntry("2027-05-11", true).doesNotContainValue(false);
        assertThat(unsettledHours()).isZero();
        assertSameAsLive("all settled, day 3's review still pending");

        // the review pending since day 3 is approved now, after its day and hour were rolled: the report reads it
        // live (report_period_open) until the next sweep rolls day 3 and the hour again with it, their re-purchase
        // unsettled again
        assertThat(api.post("/api/v1/refunds/" + pendingOnDay3 + "/approve", Map.of()).status()).isEqualTo(200);
        awaitPaid(pendingOnDay3);
        assertSameAsLive("day 3's review decided after its day was rolled");
        assertThat(rollup.sweep()).isEqualTo(new ReportRollup.Swept(1, 1));
        assertThat(rolledDays()).containsEntry("2027-05-04", false);
        assertThat(leftOpen()).isEmpty();
        assertSameAsLive("day 3 rolled again, its re-purchase not settled");

        // a refund asked with the clock set back into day 5 at noon, its day and hour already rolled and settled:
        // the report sees their counts differ and reads them live; the next sweep rolls both again
        askBackAt(T0.plus(Duration.ofDays(5)).plus(Duration.ofHours(12)), "B9");
        assertSameAsLive("a refund asked into rolled day 5");
        assertThat(rollup.sweep()).isEqualTo(new ReportRollup.Swept(1, 1));
        assertThat(jdbc.sql("select refunds from report_periods where hours = 24"
                + " and period_start = '2027-05-06T00:00:00Z'").query(Long.class).single()).isEqualTo(4);
        assertSameAsLive("day 5 rolled again");

        // the report reads the rollup: a count changed in a day's rows or in an hour's shows, and so does a
        // buyer set emptied
        Instant[] window = {T0, T0.plus(Duration.ofDays(10))};
        jdbc.sql("update report_period_cells set requested = requested + 1, reviewed = reviewed + 1 where ctid ="
                + " (select ctid from report_period_cells where hours = 24 and period_start = '2027-05-03T00:00:00Z'"
                + " and not response_row limit 1)").update();
        jdbc.sql("update report_period_buyers set buyers = ''::bytea where hours = 24"
                + " and period_start = '2027-05-02T00:00:00Z'").update();
        var tampered = report.report(window[0], window[1]);
        var live = report.reportLive(window[0], window[1]);
        assertThat(tampered.overall().refundsRequested()).isEqualTo(live.overall().refundsRequested() + 1);
        assertThat(tampered.overall().repurchaseBuyers()).isLessThan(live.overall().repurchaseBuyers());

        // a window of hours only (day 10 from 00:07 to 03:53, cut inside the day): read from its hours
        Instant[] hours = {T0.plus(Duration.ofDays(10)).plus(Duration.ofMinutes(7)),
                T0.plus(Duration.ofDays(10)).plus(Duration.ofMinutes(233))};
        jdbc.sql("update report_period_cells set requested = requested + 1, reviewed = reviewed + 1 where ctid ="
                + " (select ctid from report_period_cells where hours = 1 and period_start = ?"
                + " and not response_row limit 1)")
                .param(java.sql.Timestamp.from(T0.plus(Duration.ofDays(10)).plus(Duration.ofHours(2)))).update();
        assertThat(report.report(hours[0], hours[1]).overall().refundsRequested())
                .isEqualTo(report.reportLive(hours[0], hours[1]).overall().refundsRequested() + 1);
    }
}
