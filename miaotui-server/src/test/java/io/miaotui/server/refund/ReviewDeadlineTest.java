package io.miaotui.server.refund;

import static org.assertj.core.api.Assertions.assertThat;

import io.miaotui.server.database.EmbeddedDatabase;
import io.miaotui.server.support.Api;
import io.miaotui.server.support.ClockedService;
import io.miaotui.server.support.MutableClock;
import io.miaotui.server.support.TestDirs;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Review deadlines with a clock the test moves: the platform overrules a silent merchant, once. */
class ReviewDeadlineTest {
    private static final Instant T0 = Instant.parse("2027-01-10T02:00:00Z");

    private static ConfigurableApplicationContext start(String... args) {
        var all = new ArrayList<>(List.of("--miaotui.review.sweep-interval=1h"));
        all.addAll(List.of(args));
        return ClockedService.start(all.toArray(String[]::new));
    }

    private static Api api(ConfigurableApplicationContext context) {
        return Api.of(context);
    }

    private static String pendingRefund(Api api, String shopId, String orderId, Instant paidAt) {
        api.put("/api/v1/shops/" + shopId, Map.of("name", "Tea", "channel", "TAOBAO"));
        api.post("/api/v1/orders", Map.of("orderId", orderId, "shopId", shopId, "buyerId", "B-" + orderId,
                "paidAt", paidAt.toString(), "currency", "CNY",
                "lines", List.of(Map.of("lineId", "L-1", "sku", "pot", "quantity", 1, "paidAmount", "800.00"))));
        Api.Reply reply = api.post("/api/v1/refunds", Map.of("orderId", orderId, "lineId", "L-1", "amount", "100"),
                "Idempotency-Key", "k-" + orderId);
        assertThat(reply.text("status")).isEqualTo("PENDING_MERCHANT_REVIEW");
        return reply.text("refundId");
    }

    private static Api.Reply awaitStatus(Api api, String refundId, String status) {
        return api.awaitRefund(refundId, reply -> status.equals(reply.text("status")), Duration.ofSeconds(5));
    }

    /** Each step as event/actor, the actor cut to its role (the buyer's and merchant's ids vary by test). */
    private static List<String> steps(Api api, String refundId) {
        return api.get("/api/v1/refunds/" + refundId + "/history").list("steps").stream()
                .map(s -> s.get("event") + "/" + s.get("actor").toString().replaceFirst(":.*", "")).toList();
    }

    @Test
    @DisplayName("a refund the merchant leaves undecided past 48 hours is approved by the platform and paid; a decided one is not")
    void deadlineApproval() throws Exception {
        try (var context = start("--miaotui.data-dir=" + TestDirs.fresh("miaotui-review-"),
                "--test.clock.start=" + T0)) {
            Api api = api(context);
            MutableClock clock = context.getBean(MutableClock.class);
            ReviewDeadlineSweeper sweeper = context.getBean(ReviewDeadlineSweeper.class);
            String silent = pendingRefund(api, "S-1", "O-silent", T0);
            String decided = pendingRefund(api, "S-1", "O-decided", T0);
            assertThat(api.get("/api/v1/refunds/" + silent).text("reviewDeadline")).isEqualTo("2027-01-12T02:00:00Z");

            clock.advance(Duration.ofHours(47).plusMinutes(59));
            api.post("/api/v1/refunds/" + decided + "/approve", Map.of());
            sweeper.sweep();
            assertThat(api.get("/api/v1/refunds/" + silent).text("status")).isEqualTo("PENDING_MERCHANT_REVIEW");

            clock.advance(Duration.ofMinutes(1));
            sweeper.sweep();
            Api.Reply paid = awaitStatus(api, silent, "PAID");
            sweeper.sweep();

            assertThat(paid.text("status")).isEqualTo("PAID");
            assertThat(paid.map("decision")).containsEntry("resolution", "APPROVED_AT_DEADLINE");
            assertThat(steps(api, silent)).containsExactly("OPENED/BUYER", "REVIEW_TIMED_OUT/PLATFORM", "PAID/GATEWAY");
            assertThat(awaitStatus(api, decided, "PAID").map("decision")).containsEntry("resolution", "MERCHANT_APPROVED");
            assertThat(steps(api, decided)).containsExactly("OPENED/BUYER", "MERCHANT_APPROVED/MERCHANT", "PAID/GATEWAY");
            assertThat(api.get("/api/v1/ledger/check").list("violations")).isEmpty();
        }
    }

    @Test
    @DisplayName("the queue lists a shop's waiting refunds nearest deadline first; bulk decisions report each id")
    void queueAndBulk() throws Exception {
        try (var context = start("--miaotui.data-dir=" + TestDirs.fresh("miaotui-queue-"),
                "--test.clock.start=" + T0)) {
            Api api = api(context);
            MutableClock clock = context.getBean(MutableClock.class);
            String first = pendingRefund(api, "S-q", "O-q1", T0);
            clock.advance(Duration.ofMinutes(5));
            String second = pendingRefund(api, "S-q", "O-q2", T0);
            clock.advance(Duration.ofMinutes(5));
            String third = pendingRefund(api, "S-q", "O-q3", T0);
            String elsewhere = pendingRefund(api, "S-other", "O-x", T0);

            Api.Reply queue = api.get("/api/v1/shops/S-q/refunds?status=PENDING_MERCHANT_REVIEW");
            assertThat(queue.list("refunds")).extracting(r -> r.get("refundId")).containsExactly(first, second, third);
            assertThat(queue.list("refunds").getFirst()).containsEntry("reviewDeadline", "2027-01-12T02:00:00Z");

            Api.Reply approved = api.post("/api/v1/shops/S-q/refunds/bulk-approve",
                    Map.of("refundIds", List.of(first, second, elsewhere, "no-such-refund")));
            Api.Reply rejected = api.post("/api/v1/shops/S-q/refunds/bulk-reject",
                    Map.of("refundIds", List.of(second, third), "reason", "goods already with the courier"));
            Api.Reply repeated = api.post("/api/v1/shops/S-q/refunds/bulk-approve", Map.of("refundIds", List.of(third, third)));
            Api.Reply noReason = api.post("/api/v1/shops/S-q/refunds/bulk-reject", Map.of("refundIds", List.of(third)));

            assertThat(approved.list("results")).extracting(r -> r.get("refundId") + " " + r.get("outcome"))
                    .containsExactly(first + " APPROVED", second + " APPROVED", elsewhere + " NOT_FOUND",
                            "no-such-refund NOT_FOUND");
            assertThat(approved.get("approved")).isEqualTo(2);
            assertThat(rejected.list("results")).extracting(r -> r.get("outcome")).containsExactly("NOT_PENDING", "REJECTED");
            assertThat(rejected.list("results").getFirst().get("status")).as("the status it was found in")
                    .isIn("APPROVED", "PAID");
            assertThat(repeated.status()).isEqualTo(422);
            assertThat(noReason.status()).isEqualTo(422);
            assertThat(api.get("/api/v1/refunds/" + elsewhere).text("status")).isEqualTo("PENDING_MERCHANT_REVIEW");
            assertThat(api.get("/api/v1/shops/S-q/refunds").list("refunds")).isEmpty();
            assertThat(api.get("/api/v1/shops/S-none/refunds").status()).isEqualTo(404);
            assertThat(api.get("/api/v1/shops/S-q/refunds?status=LOST").status()).isEqualTo(422);
        }
    }

    @Test
    @DisplayName("a deadline that passed while the service was down fires at start, exactly once")
    void catchUpAfterDowntime() throws Exception {
        Path dataDir = TestDirs.fresh("miaotui-downtime-");
        String refundId;
        try (var before = start("--miaotui.data-dir=" + dataDir, "--test.clock.start=" + T0)) {
            refundId = pendingRefund(api(before), "S-d", "O-d", T0);
        }
        try (var after = start("--miaotui.data-dir=" + dataDir, "--test.clock.start=" + T0.plus(Duration.ofHours(60)))) {
            Api api = api(after);
            Api.Reply paid = awaitStatus(api, refundId, "PAID");
            after.getBean(ReviewDeadlineSweeper.class).sweep();

            assertThat(paid.text("status")).as("fired by the pass at start").isEqualTo("PAID");
            assertThat(steps(api, refundId)).containsOnlyOnce("REVIEW_TIMED_OUT/PLATFORM");
            assertThat(api.get("/api/v1/ledger/check").list("violations")).isEmpty();
        }
    }

    @Test
    @DisplayName("two instances sweeping at the same moment approve each overdue refund once")
    void twoInstancesDoNotDoubleFire() throws Exception {
        try (var database = EmbeddedDatabase.start(TestDirs.fresh("miaotui-two-sweep-"), false);
                var a = start("--spring.datasource.url=" + database.jdbcUrl(), "--spring.datasource.username=postgres",
                        "--test.clock.start=" + T0);
                var b = start("--spring.datasource.url=" + database.jdbcUrl(), "--spring.datasource.username=postgres",
                        "--test.clock.start=" + T0)) {
            Api api = api(a);
            var ids = new ArrayList<String>();
            for (int i = 0; i < 60; i++) {
                ids.add(pendingRefund(api, "S-t", "O-t" + i, T0));
            }
            a.getBean(MutableClock.class).advance(Duration.ofHours(49));
            b.getBean(MutableClock.class).advance(Duration.ofHours(49));
            var go = new CountDownLatch(1);
            try (var pool = Executors.newFixedThreadPool(4)) {
                var passes = new ArrayList<Future<?>>();
                for (var context : List.of(a, b, a, b)) {
                    passes.add(pool.submit(() -> {
                        go.await();
                        context.getBean(ReviewDeadlineSweeper.class).sweep();
                        return null;
                    }));
                }
                go.countDown();
                for (Future<?> pass : passes) {
                    pass.get();
                }
            }

            JdbcClient jdbc = a.getBean(JdbcClient.class);
            assertThat(jdbc.sql("select count(*) from refund_events where event = 'REVIEW_TIMED_OUT'").query(Long.class)
                    .single()).isEqualTo(60);
            assertThat(jdbc.sql("select count(*) from ledger_entries where kind = 'REFUND_APPROVED'").query(Long.class)
                    .single()).isEqualTo(60);
            for (String id : ids) {
                assertThat(awaitStatus(api, id, "PAID").text("status")).isEqualTo("PAID");
            }
            assertThat(api.get("/api/v1/ledger/check").list("violations")).isEmpty();
        }
    }
}
