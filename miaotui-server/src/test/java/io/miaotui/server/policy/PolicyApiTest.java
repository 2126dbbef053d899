package io.miaotui.server.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.miaotui.policy.cel.Rollout;
import io.miaotui.server.support.Api;
import io.miaotui.server.support.ApiTestBase;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Policies as data over HTTP: versions that must compile, gray release by bucket and allow-list with the shadow
 * decision stored, promotion and rollback, routing, what-if replay on a seeded history, the audit of every change.
 * Each test works on a key of its own and puts the routing back, since the service is shared with other tests.
 */
class PolicyApiTest extends ApiTestBase {

    @AfterEach
    void routeBack() {
        api.put("/api/v1/policy-routing", Map.of("TAOBAO", "taobao-unshipped", "TMALL", "tmall-unshipped"));
    }

    private String newKey(String expression) {
        String key = "t-" + run;
        assertThat(api.post("/api/v1/policies/" + key + "/versions", Map.of("expression", expression,
                "description", "test policy")).status()).isEqualTo(201);
        assertThat(api.post("/api/v1/policies/" + key + "/versions/1/promote", Map.of()).text("status"))
                .isEqualTo("ACTIVE");
        return key;
    }

    private Api.Reply refundAs(String buyerId, String shopId, String paid) {
        String orderId = "O-" + buyerId + "-" + run;
        assertThat(api.post("/api/v1/orders", Map.of("orderId", orderId, "shopId", shopId, "buyerId", buyerId,
                "paidAt", Instant.now().toString(), "currency", "CNY", "lines", List.of(Map.of("lineId", "L-1",
                        "sku", "tea", "quantity", 1, "paidAmount", paid)))).status()).isEqualTo(201);
        return refund("k-" + orderId, orderId, "L-1", null);
    }

    @Test
    @DisplayName("the default set is listed with its routing; a broken expression is a 422 naming line and column")
    void defaultsAndCompileErrors() {
        List<Map<String, Object>> policies = api.getList("/api/v1/policies");
        assertThat(policies).extracting(p -> p.get("key"))
                .contains("taobao-unshipped", "tmall-unshipped", "legacy-2h-200");
        Map<String, Object> taobao = policies.stream().filter(p -> p.get("key").equals("taobao-unshipped")).findFirst()
                .orElseThrow();
        assertThat(taobao.get("routedFrom")).isEqualTo(List.of("TAOBAO"));
        assertThat(((Map<?, ?>) taobao.get("active")).get("expression")).isEqualTo("!line.shipped && line.paidAmount <= 50000");

        Api.Reply syntax = api.post("/api/v1/policies/p-" + run + "/versions", Map.of("expression",
                "!line.shipped &&\n  line.paidAmount <=", "description", "broken"));
        Api.Reply types = api.post("/api/v1/policies/p-" + run + "/versions", Map.of("expression",
                "line.paidAmount <= \"500\"", "description", "wrong type"));
        Api.Reply unknownField = api.post("/api/v1/policies/p-" + run + "/versions", Map.of("expression",
                "!line.shipped && line.colour == \"red\"", "description", "no such fact"));

        assertThat(syntax.status()).isEqualTo(422);
        assertThat(syntax.problem()).isEqualTo("policy-invalid");
        assertThat(syntax.list("errors").getFirst()).containsEntry("line", 2);
        assertThat(types.list("errors").getFirst()).containsEntry("line", 1).containsEntry("column", 17);
        assertThat(unknownField.list("errors").getFirst()).containsEntry("line", 1).containsKey("column");
        assertThat(api.get("/api/v1/policies/p-" + run + "/versions").status()).isEqualTo(404);
    }

    @Test
    @DisplayName("an expensive policy is a 422 naming line and column: a pattern from the facts, a nested comprehension")
    void expensivePoliciesAreRefused() {
        Api.Reply buyersPattern = api.post("/api/v1/policies/x-" + run + "/versions", Map.of("expression",
                "!line.shipped &&\n  request.reason.matches(request.reason)", "description", "the buyer's regex"));
        Api.Reply nested = api.post("/api/v1/policies/x-" + run + "/versions", Map.of("expression",
                "[1, 2].all(a, [1, 2].all(b, a * b <= line.quantity))", "description", "nested loops"));

        assertThat(buyersPattern.status()).isEqualTo(422);
        assertThat(buyersPattern.problem()).isEqualTo("policy-invalid");
        assertThat(buyersPattern.list("errors").getFirst()).containsEntry("line", 2).containsEntry("column", 33);
        assertThat(nested.problem()).isEqualTo("policy-invalid");
        assertThat(nested.list("errors").getFirst()).containsEntry("line", 1).containsKey("column");
        assertThat(api.get("/api/v1/policies/x-" + run + "/versions").status()).isEqualTo(404);
    }

    @Test
    @DisplayName("gray release: buyers under the percentage and allow-listed ones get the candidate, the rest the "
            + "active version; both answers are stored; promote and roll back")
    void grayRelease() {
        String key = newKey("!line.shipped && line.paidAmount <= 20000");
        String shopId = shop("TAOBAO");
        api.put("/api/v1/policy-routing", Map.of("TAOBAO", key, "TMALL", "tmall-unshipped"));
        Api.Reply v2 = api.post("/api/v1/policies/" + key + "/versions", Map.of("expression",
                "!line.shipped && line.paidAmount <= 50000", "description", "raise to 500"));
        assertThat(v2.get("version")).isEqualTo(2);
        assertThat(v2.text("status")).isEqualTo("DRAFT");

        String inBucket = buyerWithBucket(key, true);
        String outOfBucket = buyerWithBucket(key, false);
        String listed = "B-listed-" + run;
        Api.Reply rollout = api.put("/api/v1/policies/" + key + "/versions/2/rollout",
                Map.of("percent", 10, "shops", List.of(), "buyers", List.of(listed)));
        assertThat(rollout.text("status")).isEqualTo("CANDIDATE");

        Api.Reply candidateServed = refundAs(inBucket, shopId, "300.00");
        Api.Reply activeServed = refundAs(outOfBucket, shopId, "300.00");
        Api.Reply listedServed = refundAs(listed, shopId, "300.00");

        assertThat(candidateServed.map("decision")).containsEntry("policyVersion", 2).containsEntry("instant", true);
        assertThat(activeServed.map("decision")).containsEntry("policyVersion", 1).containsEntry("instant", false);
        assertThat(listedServed.map("decision")).containsEntry("policyVersion", 2);
        Map<String, Object> stored = jdbc.sql("select rollout_bucket, shadow_version, shadow_instant from policy_decisions"
                + " where refund_id = ?").param(activeServed.text("refundId")).query().singleRow();
        assertThat(stored).containsEntry("shadow_version", 2).containsEntry("shadow_instant", true)
                .containsEntry("rollout_bucket", Rollout.bucket(outOfBucket, key));
        List<Map<String, Object>> served = api.get("/api/v1/policies/" + key + "/gray-report").list("served");
        assertThat(served).extracting(s -> s.get("version") + ":" + s.get("requests") + ":" + s.get("disagreements"))
                .containsExactly("1:1:1", "2:2:2");

        assertThat(api.post("/api/v1/policies/" + key + "/versions/2/promote", Map.of()).text("status")).isEqualTo("ACTIVE");
        assertThat(refundAs("B-after-" + run, shopId, "300.00").map("decision")).containsEntry("policyVersion", 2)
                .containsEntry("instant", true);
        assertThat(api.getList("/api/v1/policies/" + key + "/versions")).extracting(v -> v.get("status"))
                .containsExactly("RETIRED", "ACTIVE");

        assertThat(api.post("/api/v1/policies/" + key + "/versions/2/rollback", Map.of()).text("status"))
                .isEqualTo("ROLLED_BACK");
        assertThat(refundAs("B-back-" + run, shopId, "300.00").map("decision")).containsEntry("policyVersion", 1)
                .containsEntry("instant", false);
        Api.Reply again = api.post("/api/v1/policies/" + key + "/versions/2/promote", Map.of());
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.problem()).isEqualTo("policy-transition-refused");
        assertThat(api.post("/api/v1/policies/" + key + "/versions/1/rollback", Map.of()).status())
                .as("the only version ever active has nothing to go back to").isEqualTo(409);

        List<Object> actions = api.get("/api/v1/audit?subject=policy:" + key + "&size=50").list("entries").stream()
                .map(e -> e.get("action") + " " + e.get("subject") + " by " + e.get("actor")).map(Object.class::cast).toList();
        assertThat(actions).containsExactly(
                "POLICY_ROLL_BACK policy:" + key + "@2 by OPERATOR:ops-1",
                "POLICY_PROMOTE policy:" + key + "@2 by OPERATOR:ops-1",
                "POLICY_ROLL_OUT policy:" + key + "@2 by OPERATOR:ops-1",
                "POLICY_VERSION_CREATED policy:" + key + "@2 by OPERATOR:ops-1",
                "POLICY_PROMOTE policy:" + key + "@1 by OPERATOR:ops-1",
                "POLICY_VERSION_CREATED policy:" + key + "@1 by OPERATOR:ops-1");
        String rollOutDetail = api.get("/api/v1/audit?subject=policy:" + key + "@2&size=50").list("entries").stream()
                .filter(e -> e.get("action").equals("POLICY_ROLL_OUT")).findFirst().orElseThrow().get("detail").toString();
        assertThat(rollOutDetail).contains("\"before\":{\"status\":\"DRAFT\"").contains("\"after\":{\"status\":\"CANDIDATE\"")
                .contains("\"percent\":10").contains(listed);
    }

    @Test
    @DisplayName("routing moves a channel to another key at once; a key with no active version is refused")
    void routing() {
        String shopId = shop("TAOBAO");
        assertThat(refundAs("B-r1-" + run, shopId, "300.00").map("decision"))
                .containsEntry("policy", "taobao-unshipped").containsEntry("instant", true);

        Api.Reply routed = api.put("/api/v1/policy-routing", Map.of("TAOBAO", "legacy-2h-200", "TMALL", "tmall-unshipped"));
        assertThat(routed.status()).isEqualTo(200);
        assertThat(refundAs("B-r2-" + run, shopId, "300.00").map("decision"))
                .containsEntry("policy", "legacy-2h-200").containsEntry("instant", false);

        assertThat(api.put("/api/v1/policy-routing", Map.of("TAOBAO", "nope-" + run, "TMALL", "tmall-unshipped"))
                .status()).isEqualTo(409);
        assertThat(api.put("/api/v1/policy-routing", Map.of("TAOBAO", "legacy-2h-200")).status()).isEqualTo(422);
        assertThat(api.put("/api/v1/policy-routing", Map.of("TAOBAO", "legacy-2h-200", "TMALL", "tmall-unshipped",
                "JD", "x")).status()).isEqualTo(422);
        assertThat(api.get("/api/v1/policy-routing").body()).containsEntry("TAOBAO", "legacy-2h-200");
    }

    @Test
    @DisplayName("what-if replays the stored requests of a window through a draft and counts what would change")
    void whatIfOnASeededHistory() {
        Instant from = Instant.now();
        String shopId = shop("TAOBAO");
        List<String> paid = List.of("100.00", "499.00", "500.01", "800.00", "1200.00");
        for (int i = 0; i < paid.size(); i++) {
            refundAs("B-w" + i + "-" + run, shopId, paid.get(i));
        }
        String shippedOrder = "O-shipped-" + run;
        order(shopId, shippedOrder, Instant.now(), "50.00");
        ship(shippedOrder, "L-1", "SF-" + run);
        refund("k-" + shippedOrder, shippedOrder, "L-1", null);
        Instant to = Instant.now().plusSeconds(1);

        Api.Reply replay = api.post("/api/v1/policies/taobao-unshipped/what-if", Map.of(
                "expression", "!line.shipped && line.paidAmount <= 100000", "from", from.toString(), "to", to.toString()));

        assertThat(replay.status()).isEqualTo(200);
        assertThat(replay.map("total")).containsEntry("requests", 6).containsEntry("instantBefore", 2)
                .containsEntry("instantAfter", 4).containsEntry("amountInstantBefore", "599.00")
                .containsEntry("amountInstantAfter", "1899.01").containsEntry("merchantReviewsAvoided", 2)
                .containsEntry("merchantReviewsAdded", 0);
        assertThat(replay.map("byChannel")).containsOnlyKeys("TAOBAO");

        Api.Reply stricter = api.post("/api/v1/policies/taobao-unshipped/what-if", Map.of(
                "expression", "!line.shipped && line.paidAmount <= 10000", "from", from.toString(), "to", to.toString()));
        assertThat(stricter.map("total")).containsEntry("instantAfter", 1).containsEntry("merchantReviewsAdded", 1);

        Api.Reply broken = api.post("/api/v1/policies/taobao-unshipped/what-if", Map.of(
                "expression", "line.paidAmount <=", "from", from.toString(), "to", to.toString()));
        assertThat(broken.status()).isEqualTo(422);
        assertThat(broken.problem()).isEqualTo("policy-invalid");
        assertThat(api.post("/api/v1/policies/taobao-unshipped/what-if", Map.of("expression", "true",
                "from", to.toString(), "to", from.toString())).status()).isEqualTo(422);
    }

    @Test
    @DisplayName("the facts reach the policy: shop score, credit level, line count, reason, the buyer's history")
    void factsReachThePolicy() {
        String key = newKey("shop.experienceScore >= 95.5 && buyer.creditLevel == 5 && order.lineCount == 2"
                + " && buyer.refundsLast90d == 0 && buyer.ordersLast90d == 1 && request.reason == \"mistaken order\"");
        String shopId = "S-facts-" + run;
        assertThat(api.put("/api/v1/shops/" + shopId, Map.of("name", "Facts", "channel", "TAOBAO",
                "experienceScore", "95.50")).text("experienceScore")).isEqualTo("95.5");
        assertThat(api.put("/api/v1/shops/" + shopId, Map.of("name", "Facts", "channel", "TAOBAO",
                "experienceScore", "100.01")).status()).isEqualTo(422);
        api.put("/api/v1/policy-routing", Map.of("TAOBAO", key, "TMALL", "tmall-unshipped"));
        String orderId = "O-facts-" + run;
        assertThat(api.post("/api/v1/orders", Map.of("orderId", orderId, "shopId", shopId, "buyerId", "B-facts-" + run,
                "paidAt", Instant.now().toString(), "currency", "CNY", "buyerCreditLevel", 5, "lines", List.of(
                        Map.of("lineId", "L-1", "sku", "a", "quantity", 1, "paidAmount", "30.00"),
                        Map.of("lineId", "L-2", "sku", "b", "quantity", 2, "paidAmount", "40.00")))).status())
                .isEqualTo(201);

        Api.Reply first = refund("k-f1-" + run, orderId, "L-1", null);
        Api.Reply second = refund("k-f2-" + run, orderId, "L-2", null);

        assertThat(first.map("decision")).containsEntry("instant", true);
        assertThat(second.map("decision")).containsEntry("instant", false);
        assertThat(second.map("decision").get("explanation").toString())
                .contains("\"buyer.refundsLast90d == 0\" failed (buyer.refundsLast90d = 1)");
        Map<String, Object> facts = jdbc.sql("select * from policy_decisions where refund_id = ?")
                .param(second.text("refundId")).query().singleRow();
        assertThat(facts).containsEntry("buyer_refunds_90d", 1).containsEntry("buyer_instant_30d_fen", 3000L)
                .containsEntry("order_line_count", 2).containsEntry("line_quantity", 2)
                .containsEntry("buyer_credit_level", 5).containsEntry("shop_experience_score", 95.5)
                .containsEntry("request_reason", "mistaken order").containsEntry("line_paid_fen", 4000L);
    }

    @org.springframework.beans.factory.annotation.Autowired
    private PolicyStore store;

    @org.springframework.beans.factory.annotation.Autowired
    private io.miaotui.policy.cel.CelPolicyCompiler compiler;

    @Test
    @DisplayName("another instance's policy book picks up a change on its next refresh, and not before")
    void otherInstancesReload() {
        var otherInstance = new PolicyBook(store, compiler, new PolicyRoutingProperties(Map.of()),
                java.time.Clock.systemUTC(), new io.micrometer.core.instrument.simple.SimpleMeterRegistry());
        assertThat(otherInstance.routing()).containsEntry(io.miaotui.shop.Channel.TAOBAO, "taobao-unshipped");

        api.put("/api/v1/policy-routing", Map.of("TAOBAO", "legacy-2h-200", "TMALL", "tmall-unshipped"));

        assertThat(otherInstance.routing()).containsEntry(io.miaotui.shop.Channel.TAOBAO, "taobao-unshipped");
        otherInstance.refresh();
        assertThat(otherInstance.routing()).containsEntry(io.miaotui.shop.Channel.TAOBAO, "legacy-2h-200");
    }

    @Test
    @DisplayName("a policy whose explanation runs long still opens the refund, with the whole sentence in its history")
    void longExplanation() {
        String expression = String.join(" && ", java.util.Collections.nCopies(20, "line.quantity >= 1"))
                + " && !line.shipped";
        String key = newKey(expression);
        api.put("/api/v1/policy-routing", Map.of("TAOBAO", key, "TMALL", "tmall-unshipped"));

        Api.Reply reply = refundAs("B-long-" + run, shop("TAOBAO"), "10.00");

        assertThat(reply.status()).isEqualTo(201);
        String explanation = reply.map("decision").get("explanation").toString();
        assertThat(explanation.length()).isGreaterThan(500);
        assertThat(api.get("/api/v1/refunds/" + reply.text("refundId") + "/history").list("steps").getFirst())
                .containsEntry("detail", explanation);
    }

    /** A buyer id whose bucket for {@code key} is under 10 (or not). */
    private String buyerWithBucket(String key, boolean under10) {
        return IntStream.range(0, 10_000).mapToObj(i -> "B-g" + i + "-" + run)
                .filter(b -> (Rollout.bucket(b, key) < 10) == under10).findFirst().orElseThrow();
    }
}
