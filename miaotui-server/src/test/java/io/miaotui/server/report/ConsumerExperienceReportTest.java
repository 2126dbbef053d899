package io.miaotui.server.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.miaotui.server.payout.SimulatedPaymentGateway;
import io.miaotui.server.refund.ReviewDeadlineSweeper;
import io.miaotui.server.support.Api;
import io.miaotui.server.support.ClockedService;
import io.miaotui.server.support.MutableClock;
import io.miaotui.server.support.Poll;
import io.miaotui.server.support.TestDirs;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The consumer-experience report over a small history made through the API with a clock the test moves, so
 * every refund's request, decision, payout and the merchant's answer happen at instants written down here, and
 * every figure is worked out by hand below. A payout is delayed by declining its first attempt and moving the
 * clock past the retry's backoff (at most 1.5 s): it is then paid at the clock's time, to the millisecond.
 *
 * <pre>
 * T0 = 2027-03-01T00:00:00Z. Shops S-T (TAOBAO: instant up to 500.00) and S-M (TMALL: every unshipped line).
 * refund buyer shop line   asked  at        order paid   decided             paid at       ttm ms     legacy-2h-200
 * R1     B1    S-T  150.00 150.00 T0        T0-3h        instant (tb v1)     T0+2s         2000       3h > 2h: avoided
 * R2     B2    S-T  180.00 180.00 T0+2s     T0-1h        instant (tb v1)     T0+5s         3000       1h0m2s, 180: instant too
 * R3     B3    S-M  900.00 900.00 T0+5s     T0-10min     instant (tm v1)     T0+10s        5000       900 > 200: avoided
 * R7     B7    S-T  300.00  50.00 T0+10s    T0-30min     instant (tb v1)     T0+10s        0          line 300 > 200: avoided
 * R4     B4    S-T  800.00 800.00 T0+10s    T0-20min     review; merchant approves 1 h later, paid then   3600000
 * R5     B5    S-T  600.00 600.00 T0+1h10s  T0-20min     review; merchant rejects 2 h later (response 7200000)
 * R6     B6    S-T  700.00 700.00 T0+3h10s  T0-20min     review; platform approves at the 50 h deadline   180000000
 *  -- taobao-unshipped v2 (instant up to 800.00) rolled out to buyer B8 only --
 * R8     B8    S-T  700.00 700.00 T0+53h10s T0+53h       instant (tb v2, shadow v1) T0+53h14s 4000      700 > 200: avoided
 * R9     B9    S-T  100.00 100.00 T0+53h14s T0+52h30m    instant (tb v1, shadow v2) T0+53h14s 0         30 min, 100: instant too
 *
 * Re-purchase orders (another order, same shop, paid in (refund paid, refund paid + 7 d]):
 * B1 S-T at R1 paid + 3 d: back.   B2 S-T at R2 paid + 7 d exactly: back (inclusive).   B3 S-T: not R3's shop (S-M).
 * B7 S-T at R7 paid + 7 d + 1 s: too late.   B4 S-T at R4 paid + 8 d: too late.   B6 S-M: not R6's shop.
 * B8 S-T at R8 paid + 1 d: back.   B9 S-T at T0+53h, before R9 was paid: not after it.   B5's refund was not paid.
 * </pre>
 */
class ConsumerExperienceReportTest {
    private static final Instant T0 = Instant.parse("2027-03-01T00:00:00Z");
    private static final String FROM = "2027-02-28T00:00:00Z";
    private static final String TO = "2027-03-04T00:00:00Z";

    private static ConfigurableApplicationContext context;
    private static Api api;
    private static MutableClock clock;
    private static SimulatedPaymentGateway gateway;
    private static JdbcClient jdbc;
    private static final Map<String, Instant> paidAt = new HashMap<>();

    @BeforeAll
    static void history() {
        context = ClockedService.start("--miaotui.data-dir=" + TestDirs.fresh("miaotui-report-"),
                "--test.clock.start=" + T0, "--miaotui.review.sweep-interval=1h", "--miaotui.review.window.TAOBAO=50h");
        api = Api.of(context);
        clock = context.getBean(MutableClock.class);
        gateway = context.getBean(SimulatedPaymentGateway.class);
        jdbc = context.getBean(JdbcClient.class);
        api.put("/api/v1/shops/S-T", Map.of("name", "Tea", "channel", "TAOBAO"));
        api.put("/api/v1/shops/S-M", Map.of("name", "Mall", "channel", "TMALL"));

        refund("R1", "B1", "S-T", "150.00", null, T0.minus(Duration.ofHours(3)), Duration.ofSeconds(2));
        refund("R2", "B2", "S-T", "180.00", null, T0.minus(Duration.ofHours(1)), Duration.ofSeconds(3));
        refund("R3", "B3", "S-M", "900.00", null, T0.minus(Duration.ofMinutes(10)), Duration.ofSeconds(5));
        refund("R7", "B7", "S-T", "300.00", "50.00", T0.minus(Duration.ofMinutes(30)), Duration.ZERO);
        String r4 = pending("R4", "B4", "800.00");
        clock.advance(Duration.ofHours(1));
        assertThat(api.post("/api/v1/refunds/" + r4 + "/approve", Map.of()).status()).isEqualTo(200);
        paidAt.put("R4", awaitPaid(r4));
        String r5 = pending("R5", "B5", "600.00");
        clock.advance(Duration.ofHours(2));
        assertThat(api.post("/api/v1/refunds/" + r5 + "/reject", Map.of("reason", "worn")).status()).isEqualTo(200);
        String r6 = pending("R6", "B6", "700.00");
        clock.advance(Duration.ofHours(50));
        context.getBean(ReviewDeadlineSweeper.class).sweep();
        paidAt.put("R6", awaitPaid(r6));

        assertThat(api.post("/api/v1/policies/taobao-unshipped/versions", Map.of("expression",
                "!line.shipped && line.paidAmount <= 80000", "description", "to 800")).status()).isEqualTo(201);
        assertThat(api.put("/api/v1/policies/taobao-unshipped/versions/2/rollout",
                Map.of("percent", 0, "shops", List.of(), "buyers", List.of("B8"))).status()).isEqualTo(200);
        refund("R8", "B8", "S-T", "700.00", null, T0.plus(Duration.ofHours(53)), Duration.ofSeconds(4));
        refund("R9", "B9", "S-T", "100.00", null, T0.plus(Duration.ofHours(52)).plus(Duration.ofMinutes(30)),
                Duration.ZERO);

        order("CX-B1-again", "B1", "S-T", paidAt.get("R1").plus(Duration.ofDays(3)), "10.00");
        order("CX-B2-again", "B2", "S-T", paidAt.get("R2").plus(Duration.ofDays(7)), "10.00");
        order("CX-B3-elsewhere", "B3", "S-T", paidAt.get("R3").plus(Duration.ofDays(1)), "10.00");
        order("CX-B7-late", "B7", "S-T", paidAt.get("R7").plus(Duration.ofDays(7)).plusSeconds(1), "10.00");
        order("CX-B4-late", "B4", "S-T", paidAt.get("R4").plus(Duration.ofDays(8)), "10.00");
        order("CX-B6-elsewhere", "B6", "S-M", paidAt.get("R6").plus(Duration.ofDays(1)), "10.00");
        order("CX-B8-again", "B8", "S-T", paidAt.get("R8").plus(Duration.ofDays(1)), "10.00");
        order("CX-B9-before", "B9", "S-T", T0.plus(Duration.ofHours(53)), "10.00");
    }

    @AfterAll
    static void stop() {
        if (context != null) {
            context.close();
        }
    }

    private static void order(String orderId, String buyer, String shop, Instant paid, String amount) {
        Api.Reply reply = api.post("/api/v1/orders", Map.of("orderId", orderId, "shopId", shop, "buyerId", buyer,
                "paidAt", paid.toString(), "currency", "CNY",
                "lines", List.of(Map.of("lineId", "L-1", "sku", "tea", "quantity", 1, "paidAmount", amount))));
        assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
    }

    private static Api.Reply ask(String name, String buyer, String shop, String line, String amount, Instant orderPaid) {
        order("CX-" + name, buyer, shop, orderPaid, line);
        Map<String, Object> body = new HashMap<>(Map.of("orderId", "CX-" + name, "lineId", "L-1"));
        if (amount != null) {
            body.put("amount", amount);
        }
        Api.Reply reply = api.post("/api/v1/refunds", body, "Idempotency-Key", "cx-" + name);
        assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
        return reply;
    }

    /** An instant refund paid {@code delay} after it was asked for (its first payout attempt declined, if any delay). */
    private static void refund(String name, String buyer, String shop, String line, String amount, Instant orderPaid,
            Duration delay) {
        if (!delay.isZero()) {
            gateway.declineNext(1);
        }
        Api.Reply reply = ask(name, buyer, shop, line, amount, orderPaid);
        assertThat(reply.text("status")).as(name).isEqualTo("APPROVED");
        String id = reply.text("refundId");
        if (!delay.isZero()) {
            // the decline is back in the outbox, waiting out its backoff on the test's clock
            assertThat(Poll.until(() -> jdbc.sql("select count(*) from payout_outbox where refund_id = ?"
                    + " and last_error is not null and lease_id is null").param(id).query(Integer.class).single() == 1,
                    Duration.ofSeconds(10))).as(name + " declined once").isTrue();
            clock.advance(delay);
        }
        paidAt.put(name, awaitPaid(id));
    }

    private static String pending(String name, String buyer, String line) {
        Api.Reply reply = ask(name, buyer, "S-T", line, null, T0.minus(Duration.ofMinutes(20)));
        assertThat(reply.text("status")).as(name).isEqualTo("PENDING_MERCHANT_REVIEW");
        return reply.text("refundId");
    }

    private static Instant awaitPaid(String refundId) {
        Api.Reply paid = api.awaitRefund(refundId, r -> "PAID".equals(r.text("status")), Duration.ofSeconds(10));
        assertThat(paid.text("status")).isEqualTo("PAID");
        return Instant.parse(paid.text("paidAt"));
    }

    private static Map<String, Object> report() {
        Api.Reply reply = api.get("/api/v1/reports/consumer-experience?from=" + FROM + "&to=" + TO);
        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        return reply.body();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> list(Object value) {
        return (List<Map<String, Object>>) value;
    }

    private static Number n(Map<String, Object> figures, String field) {
        return (Number) figures.get(field);
    }

    @Test
    @DisplayName("the history was made as planned: each refund paid at the instant the table says")
    void timeline() {
        assertThat(paidAt).containsEntry("R1", T0.plusSeconds(2)).containsEntry("R2", T0.plusSeconds(5))
                .containsEntry("R3", T0.plusSeconds(10)).containsEntry("R7", T0.plusSeconds(10))
                .containsEntry("R4", T0.plus(Duration.ofHours(1)).plusSeconds(10))
                .containsEntry("R6", T0.plus(Duration.ofHours(53)).plusSeconds(10))
                .containsEntry("R8", T0.plus(Duration.ofHours(53)).plusSeconds(14))
                .containsEntry("R9", T0.plus(Duration.ofHours(53)).plusSeconds(14));
    }

    @Test
    @DisplayName("overall: 9 asked, 6 instant, time to money p50 3 s and p90 50 h, 4 reviews avoided, 3 of 8 buyers back")
    void overall() {
        Map<String, Object> r = report();
        assertThat(r.get("from")).isEqualTo(FROM);
        assertThat(r.get("to")).isEqualTo(TO);
        assertThat(n(r, "refundsRequested").longValue()).isEqualTo(9);
        assertThat(n(r, "instantCount").longValue()).isEqualTo(6);           // R1 R2 R3 R7 R8 R9
        assertThat(n(r, "instantShare").doubleValue()).isEqualTo(0.6667);    // 6/9
        // 150 + 180 + 900 + 50 + 800 + 600 + 700 + 700 + 100; instant: 150 + 180 + 900 + 50 + 700 + 100
        assertThat(r.get("amountRequested")).isEqualTo("4180.00");
        assertThat(r.get("amountInstant")).isEqualTo("2080.00");
        assertThat(n(r, "instantAmountShare").doubleValue()).isEqualTo(0.4976); // 2080/4180 = 0.49760
        assertThat(n(r, "paidCount").longValue()).isEqualTo(8);              // all but R5
        // ttm sorted: 0 (R7), 0 (R9), 2000, 3000, 4000, 5000, 3600000, 180000000; nearest rank of 8:
        // p50 rank 4 → 3000; p90 rank ⌈7.2⌉ = 8 → 180000000; p99 rank 8 → 180000000
        assertThat(n(r, "timeToMoneyP50Ms").longValue()).isEqualTo(3000);
        assertThat(n(r, "timeToMoneyP90Ms").longValue()).isEqualTo(180_000_000);
        assertThat(n(r, "timeToMoneyP99Ms").longValue()).isEqualTo(180_000_000);
        assertThat(list(r.get("timeToMoneyHistogram"))).extracting(b -> b.get("upToMs") + ":" + b.get("count"))
                .containsExactly("1000:2", "2000:1", "5000:3", "10000:0", "30000:0", "60000:0", "300000:0",
                        "3600000:1", "86400000:0", "null:1");
        assertThat(n(r, "reviewsAvoided").longValue()).isEqualTo(4);         // R1 R3 R7 R8
        assertThat(n(r, "reviewedCount").longValue()).isEqualTo(3);          // R4 R5 R6
        assertThat(n(r, "reviewsDecidedAtDeadline").longValue()).isEqualTo(1); // R6
        assertThat(n(r, "merchantResponses").longValue()).isEqualTo(2);      // R4 1 h, R5 2 h
        assertThat(n(r, "merchantResponseP50Ms").longValue()).isEqualTo(3_600_000);
        assertThat(n(r, "merchantResponseP90Ms").longValue()).isEqualTo(7_200_000);
        // paid buyers B1 B2 B3 B7 B4 B6 B8 B9; back B1 B2 B8 → 3/8; instant B1 B2 B3 B7 B8 B9 → 3/6; reviewed B4 B6 → 0/2
        assertThat(n(r, "repurchaseBuyers").longValue()).isEqualTo(8);
        assertThat(n(r, "repurchaseRate7d").doubleValue()).isEqualTo(0.375);
        assertThat(n(r, "repurchaseRate7dInstant").doubleValue()).isEqualTo(0.5);
        assertThat(n(r, "repurchaseRate7dReviewed").doubleValue()).isEqualTo(0.0);
    }

    @Test
    @DisplayName("by channel: Taobao 8 asked, 5 instant, 3 of 7 buyers back; Tmall 1 instant refund, no review, no one back")
    void byChannel() {
        Map<String, Object> channels = map(report().get("byChannel"));
        assertThat(channels).containsOnlyKeys("TAOBAO", "TMALL");
        Map<String, Object> tb = map(channels.get("TAOBAO"));
        assertThat(n(tb, "refundsRequested").longValue()).isEqualTo(8);
        assertThat(n(tb, "instantCount").longValue()).isEqualTo(5);          // R1 R2 R7 R8 R9
        assertThat(n(tb, "instantShare").doubleValue()).isEqualTo(0.625);
        assertThat(tb.get("amountRequested")).isEqualTo("3280.00");
        assertThat(tb.get("amountInstant")).isEqualTo("1180.00");
        assertThat(n(tb, "instantAmountShare").doubleValue()).isEqualTo(0.3598); // 1180/3280 = 0.359756
        // ttm 0, 0, 2000, 3000, 4000, 3600000, 180000000: p50 rank ⌈3.5⌉ = 4 → 3000, p90 rank ⌈6.3⌉ = 7
        assertThat(n(tb, "timeToMoneyP50Ms").longValue()).isEqualTo(3000);
        assertThat(n(tb, "timeToMoneyP90Ms").longValue()).isEqualTo(180_000_000);
        assertThat(n(tb, "reviewsAvoided").longValue()).isEqualTo(3);        // R1 R7 R8
        assertThat(n(tb, "reviewsDecidedAtDeadline").longValue()).isEqualTo(1);
        // buyers B1 B2 B7 B4 B6 B8 B9, back B1 B2 B8; instant B1 B2 B7 B8 B9 → 3/5; reviewed B4 B6 → 0/2
        assertThat(n(tb, "repurchaseRate7d").doubleValue()).isEqualTo(0.4286);
        assertThat(n(tb, "repurchaseRate7dInstant").doubleValue()).isEqualTo(0.6);
        assertThat(n(tb, "repurchaseRate7dReviewed").doubleValue()).isEqualTo(0.0);
        Map<String, Object> tm = map(channels.get("TMALL"));
        assertThat(n(tm, "refundsRequested").longValue()).isEqualTo(1);
        assertThat(n(tm, "instantShare").doubleValue()).isEqualTo(1.0);
        assertThat(n(tm, "timeToMoneyP50Ms").longValue()).isEqualTo(5000);
        assertThat(n(tm, "timeToMoneyP99Ms").longValue()).isEqualTo(5000);
        assertThat(n(tm, "reviewsAvoided").longValue()).isEqualTo(1);        // 900.00 > 200.00
        assertThat(tm.get("merchantResponseP50Ms")).isNull();
        assertThat(n(tm, "repurchaseRate7d").doubleValue()).isEqualTo(0.0); // B3 bought again, but elsewhere
        assertThat(tm.get("repurchaseRate7dReviewed")).isNull();            // no reviewed refund to share
    }

    @Test
    @DisplayName("by policy version and gray release: v2 (the candidate) decided R8, v1 under the release R9")
    void byVersionAndGray() {
        Map<String, Object> r = report();
        List<Map<String, Object>> versions = list(r.get("byPolicyVersion"));
        assertThat(versions).extracting(v -> v.get("policy") + " v" + v.get("version") + ": " + v.get("refundsRequested"))
                .containsExactly("taobao-unshipped v1: 7", "taobao-unshipped v2: 1", "tmall-unshipped v1: 1");
        Map<String, Object> v1 = versions.getFirst();
        assertThat(n(v1, "instantCount").longValue()).isEqualTo(4);          // R1 R2 R7 R9
        assertThat(n(v1, "instantShare").doubleValue()).isEqualTo(0.5714);   // 4/7
        assertThat(n(v1, "reviewsAvoided").longValue()).isEqualTo(2);        // R1 R7
        // ttm 0, 0, 2000, 3000, 3600000, 180000000: p50 rank 3 → 2000, p90 rank ⌈5.4⌉ = 6
        assertThat(n(v1, "timeToMoneyP50Ms").longValue()).isEqualTo(2000);
        assertThat(n(v1, "timeToMoneyP90Ms").longValue()).isEqualTo(180_000_000);

        List<Map<String, Object>> gray = list(r.get("grayComparison"));
        assertThat(gray).hasSize(1);
        assertThat(gray.getFirst().get("policy")).isEqualTo("taobao-unshipped");
        Map<String, Object> active = map(gray.getFirst().get("active"));
        Map<String, Object> candidate = map(gray.getFirst().get("candidate"));
        assertThat(n(active, "version").intValue()).isEqualTo(1);
        assertThat(n(active, "refundsRequested").longValue()).isEqualTo(1); // R9 only: the release began after R1..R6
        assertThat(n(active, "reviewsAvoided").longValue()).isZero();
        assertThat(n(active, "timeToMoneyP50Ms").longValue()).isZero();
        assertThat(n(active, "repurchaseRate7d").doubleValue()).isEqualTo(0.0); // B9's order came before the refund was paid
        assertThat(n(candidate, "version").intValue()).isEqualTo(2);
        assertThat(n(candidate, "refundsRequested").longValue()).isEqualTo(1); // R8
        assertThat(candidate.get("amountInstant")).isEqualTo("700.00");
        assertThat(n(candidate, "reviewsAvoided").longValue()).isEqualTo(1);
        assertThat(n(candidate, "timeToMoneyP50Ms").longValue()).isEqualTo(4000);
        assertThat(n(candidate, "repurchaseRate7d").doubleValue()).isEqualTo(1.0); // B8 back a day later
    }

    @Test
    @DisplayName("a window that holds nothing answers zeros and nulls, never a division by zero")
    void emptyWindow() {
        Api.Reply reply = api.get("/api/v1/reports/consumer-experience?from=2027-01-01T00:00:00Z&to=2027-01-02T00:00:00Z");
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.get("refundsRequested")).isEqualTo(0);
        assertThat(reply.get("instantShare")).isNull();
        assertThat(reply.get("timeToMoneyP50Ms")).isNull();
        assertThat(reply.get("repurchaseRate7d")).isNull();
        assertThat(reply.get("amountRequested")).isEqualTo("0.00");
        assertThat(reply.map("byChannel")).isEmpty();
    }

    @Test
    @DisplayName("the default window is the 14 days up to now, now excluded")
    void defaultWindow() {
        Api.Reply reply = api.get("/api/v1/reports/consumer-experience");
        assertThat(reply.status()).isEqualTo(200);
        Instant to = Instant.parse(reply.text("to"));
        assertThat(to).isEqualTo(clock.instant());
        assertThat(Instant.parse(reply.text("from"))).isEqualTo(to.minus(Duration.ofDays(14)));
        // R9 was asked at this very instant (the clock has not moved since) and a window's end is exclusive
        assertThat(reply.get("refundsRequested")).isEqualTo(8);
    }

    @Test
    @DisplayName("CSV: a header and one row per scope, the overall row with the same figures as the JSON")
    void csv() {
        Api.Reply reply = api.call("GET", "/api/v1/reports/consumer-experience?from=" + FROM + "&to=" + TO, null,
                "Accept", "text/csv");
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.contentType()).startsWith("text/csv");
        List<String> lines = List.of(reply.raw().split("\r\n"));
        // overall, TAOBAO, TMALL, 3 policy versions, gray active and candidate
        assertThat(lines).hasSize(1 + 8);
        List<String> header = List.of(lines.getFirst().split(",", -1));
        assertThat(header).startsWith("from", "to", "scope", "channel", "policy", "version", "refundsRequested",
                "instantCount", "instantShare", "amountRequested");
        Map<String, String> overall = row(header, lines.get(1));
        assertThat(overall).containsEntry("scope", "overall").containsEntry("refundsRequested", "9")
                .containsEntry("instantShare", "0.6667").containsEntry("amountRequested", "4180.00")
                .containsEntry("timeToMoneyP50Ms", "3000").containsEntry("reviewsAvoided", "4")
                .containsEntry("repurchaseRate7d", "0.3750").containsEntry("timeToMoneyUpTo5000Ms", "3")
                .containsEntry("timeToMoneyOver86400000Ms", "1").containsEntry("channel", "");
        assertThat(lines.subList(1, lines.size())).extracting(l -> row(header, l).get("scope") + " "
                        + row(header, l).get("channel") + row(header, l).get("policy") + row(header, l).get("version"))
                .containsExactly("overall ", "channel TAOBAO", "channel TMALL", "policyVersion taobao-unshipped1",
                        "policyVersion taobao-unshipped2", "policyVersion tmall-unshipped1",
                        "grayActive taobao-unshipped1", "grayCandidate taobao-unshipped2");
        Map<String, String> tmall = row(header, lines.get(3));
        assertThat(tmall).containsEntry("merchantResponseP50Ms", "").containsEntry("repurchaseRate7dReviewed", "");
    }

    private static Map<String, String> row(List<String> header, String line) {
        String[] cells = line.split(",", -1);
        assertThat(cells).hasSize(header.size());
        var row = new HashMap<String, String>();
        for (int i = 0; i < cells.length; i++) {
            row.put(header.get(i), cells[i]);
        }
        return row;
    }

    @Test
    @DisplayName("bad or odd windows are 422 naming the field: not an instant, out of range, from not before to, over 92 days")
    void badWindows() {
        for (String query : List.of("from=yesterday&to=" + TO, "from=" + FROM + "&to=2027-13-01T00:00:00Z",
                "from=0001-01-01T00:00:00Z&to=" + TO, "from=" + TO + "&to=" + TO, "from=" + TO + "&to=" + FROM,
                "from=2026-01-01T00:00:00Z&to=" + TO, "from=" + FROM + "&to=9999-01-01T00:00:00Z")) {
            Api.Reply reply = api.get("/api/v1/reports/consumer-experience?" + query);
            assertThat(reply.status()).as(query).isEqualTo(422);
            assertThat(reply.problem()).as(query).isEqualTo("invalid-request");
            assertThat(reply.list("errors")).as(query).isNotEmpty();
        }
        Api.Reply asCsv = api.call("GET", "/api/v1/reports/consumer-experience?from=" + TO + "&to=" + FROM, null,
                "Accept", "text/csv");
        assertThat(asCsv.status()).as("a CSV client is told what is wrong too").isEqualTo(422);
        assertThat(asCsv.contentType()).startsWith("application/problem+json");
        for (String minutes : List.of("0", "1441", "-5")) {
            assertThat(api.get("/api/v1/reports/live?minutes=" + minutes).status()).as(minutes).isEqualTo(422);
        }
        assertThat(api.get("/api/v1/reports/live?minutes=ten").status()).isIn(400, 422);
    }

    @Test
    @DisplayName("live: the last 60 minutes one by one; R8 and R9 asked and paid in them, R6 decided at its deadline")
    void live() {
        Api.Reply reply = api.get("/api/v1/reports/live?minutes=60");
        assertThat(reply.status()).isEqualTo(200);
        List<Map<String, Object>> minutes = reply.list("perMinute");
        assertThat(minutes).hasSize(60);
        assertThat(Instant.parse(minutes.getLast().get("minute").toString()))
                .isEqualTo(T0.plus(Duration.ofHours(53)));                     // the clock stands at T0+53h0m14s
        assertThat(minutes.stream().mapToLong(m -> ((Number) m.get("requested")).longValue()).sum()).isEqualTo(2);
        Map<String, Object> now = minutes.getLast();
        assertThat(now).containsEntry("requested", 2).containsEntry("instant", 2);
        // paid in this minute: R6 (180000000 ms), R8 (4000), R9 (0); nearest rank of 3: p50 rank 2 → 4000, p99 rank 3
        assertThat(now).containsEntry("paid", 3).containsEntry("timeToMoneyP50Ms", 4000)
                .containsEntry("timeToMoneyP99Ms", 180_000_000);
        assertThat(minutes.getFirst()).containsEntry("requested", 0).containsEntry("timeToMoneyP50Ms", null);
        assertThat(reply.get("pendingReviews")).isEqualTo(0);
        assertThat(reply.get("reviewsDecidedAtDeadline")).isEqualTo(1);
        assertThat(reply.get("payoutFailures")).isEqualTo(0);
        assertThat(map(reply.map("byChannel").get("TAOBAO"))).containsEntry("requested", 2)
                .containsEntry("instantShare", 1.0).containsEntry("payoutFailures", 0);
        assertThat(reply.list("byPolicyVersion")).extracting(v -> v.get("policy") + " v" + v.get("version") + " "
                + v.get("requested")).containsExactly("taobao-unshipped v1 1", "taobao-unshipped v2 1");
    }

    @Test
    @DisplayName("the report command prints the service's report as a table, CSV or JSON, and refuses a bad window")
    void command() {
        String url = "http://127.0.0.1:" + ((WebServerApplicationContext) context).getWebServer().getPort();
        String token = api.actors().operator();
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        int code = ReportCommand.run(new String[] {"report", "--from", FROM, "--to", TO, "--url", url, "--token", token},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        String table = out.toString(StandardCharsets.UTF_8);
        assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(table).contains("Consumer experience " + FROM + " .. " + TO);
        assertThat(table.lines().filter(l -> l.startsWith("  overall")).findFirst().orElseThrow())
                .contains("9", "66.7%", "4180.00", "3.0s", "50.0h", "37.5%", "50.0%", "0.0%");
        assertThat(table).contains("channel TMALL", "taobao-unshipped v2", "gray taobao-unshipped candidate v2");

        var csv = new ByteArrayOutputStream();
        assertThat(ReportCommand.run(new String[] {"report", "--from", FROM, "--to", TO, "--url", url, "--token", token,
                "--format", "csv"}, new PrintStream(csv, true, StandardCharsets.UTF_8), System.err)).isZero();
        assertThat(csv.toString(StandardCharsets.UTF_8)).startsWith("from,to,scope,").contains(",overall,");

        var bad = new ByteArrayOutputStream();
        assertThat(ReportCommand.run(new String[] {"report", "--from", TO, "--to", FROM, "--url", url, "--token", token},
                System.out, new PrintStream(bad, true, StandardCharsets.UTF_8))).isEqualTo(2);
        assertThat(bad.toString(StandardCharsets.UTF_8)).contains("422");
        assertThat(ReportCommand.run(new String[] {"report", "--format", "xml"}, System.out,
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8))).isEqualTo(2);
    }
}
