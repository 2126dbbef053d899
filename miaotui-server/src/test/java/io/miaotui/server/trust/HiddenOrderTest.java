package io.miaotui.server.trust;

import static org.assertj.core.api.Assertions.assertThat;

import io.miaotui.server.support.Api;
import io.miaotui.server.support.ApiTestBase;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Someone else's order answers exactly as a missing one on every endpoint that names an order (and a line):
 * the same status and the same problem body, whether or not the named line exists, so neither order ids nor
 * line ids can be probed.
 */
class HiddenOrderTest extends ApiTestBase {

    private static final String ORDER = "{order}";

    /** One way in: who asks, and how a request naming {@code orderId} and {@code lineId} is sent. */
    private record Probe(String name, BiFunction<String, String, Api.Reply> call) {
    }

    /** The answer as a client sees it, with the order id named written as a placeholder; instance left out. */
    private static Map<String, Object> seen(Api.Reply reply, String orderId) {
        var body = new LinkedHashMap<String, Object>(reply.body());
        body.remove("instance");
        body.replaceAll((k, v) -> v instanceof String s ? s.replace(orderId, ORDER) : v);
        body.put("(status)", reply.status());
        body.put("(content type)", reply.contentType());
        return body;
    }

    private List<Probe> probes(String prober) {
        Api buyer = api.as(api.actors().buyer(prober));
        Api merchant = api.as(api.actors().merchant(prober));
        return List.of(
                new Probe("buyer's refund request", (o, l) -> buyer.post("/api/v1/refunds",
                        Map.of("orderId", o, "lineId", l, "reason", "probe"), "Idempotency-Key", "probe-" + o + "-" + l)),
                new Probe("buyer's refund request with an amount", (o, l) -> buyer.post("/api/v1/refunds",
                        Map.of("orderId", o, "lineId", l, "amount", "1.00"), "Idempotency-Key", "probe-a-" + o + "-" + l)),
                new Probe("merchant's shipment", (o, l) -> merchant.post("/api/v1/orders/" + o + "/lines/" + l + "/shipment",
                        Map.of("carrier", "SF", "trackingNo", "SF-probe"))),
                new Probe("buyer reads the order", (o, l) -> buyer.get("/api/v1/orders/" + o)),
                new Probe("merchant reads the order", (o, l) -> merchant.get("/api/v1/orders/" + o)),
                new Probe("buyer confirms receipt", (o, l) -> buyer.post("/api/v1/orders/" + o + "/confirm-receipt", Map.of())));
    }

    @Test
    @DisplayName("someone else's order, with or without the named line, answers exactly as a missing order")
    void someoneElsesOrderLooksMissing() {
        String shopId = shop("TAOBAO");
        String theirs = order(shopId, "O-" + run + "-theirs", Instant.now(), "100.00", "200.00");
        String missing = "O-" + run + "-missing";
        awaitQuiet();
        Map<String, String> before = snapshot();

        var failures = new ArrayList<String>();
        for (Probe probe : probes("B-prober-" + run)) {
            Map<String, Object> ofMissing = seen(probe.call().apply(missing, "L-9"), missing);
            Map<String, Object> theirsNoLine = seen(probe.call().apply(theirs, "L-9"), theirs);
            Map<String, Object> theirsLine = seen(probe.call().apply(theirs, "L-1"), theirs);
            if (!"404".equals(String.valueOf(ofMissing.get("(status)")))) {
                failures.add(probe.name() + ", missing order: " + ofMissing);
            }
            if (!theirsNoLine.equals(ofMissing)) {
                failures.add(probe.name() + ", their order, no such line: " + theirsNoLine + " but missing: " + ofMissing);
            }
            if (!theirsLine.equals(ofMissing)) {
                failures.add(probe.name() + ", their order and line: " + theirsLine + " but missing: " + ofMissing);
            }
        }

        assertThat(failures).isEmpty();
        assertThat(snapshot()).isEqualTo(before);
    }

    @Test
    @DisplayName("the owner still learns that their own order has no such line")
    void ownerLearnsOfMissingLine() {
        String orderId = order("TAOBAO", "10.00");

        Api.Reply reply = refund("k-" + orderId, orderId, "L-9", null);

        assertThat(reply.status()).isEqualTo(404);
        assertThat(reply.problem()).isEqualTo("line-not-found");
    }
}
