package io.miaotui.bench.storm;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.miaotui.bench.ApiClient;
import io.miaotui.bench.BenchTokens;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * What a storm counts, against a server that creates every refund it is asked for (half of them instant) and
 * records every shipment: both answer 201, and only the refunds are refunds.
 */
class ServicePhaseTest {

    @Test
    void refundsCreatedCountRefundsOnlyAndInstantOnesApart() throws Exception {
        var refunds = new AtomicLong();
        var shipments = new AtomicLong();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/api/v1/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            exchange.getRequestBody().readAllBytes();
            if (path.endsWith("/shipment")) {
                shipments.incrementAndGet();
                reply(exchange, "{\"shipped\":true}");
            } else {
                long n = refunds.incrementAndGet();
                reply(exchange, "{\"refundId\":\"r-" + n + "\",\"status\":\""
                        + (n % 2 == 0 ? "APPROVED" : "PENDING_MERCHANT_REVIEW") + "\"}");
            }
        });
        server.start();
        try {
            var api = new ApiClient(URI.create("http://127.0.0.1:" + server.getAddress().getPort()),
                    new BenchTokens("a-secret-of-thirty-two-bytes-ok!".getBytes(StandardCharsets.US_ASCII),
                            Clock.systemUTC()));
            var ops = new StormOps(new StormData(7, "st-phase", Instant.parse("2026-11-11T00:00:00Z")), 0, 7);
            ServicePhase.Result result = new ServicePhase(api, new PrintStream(new ByteArrayOutputStream()))
                    .run(ops, 0, 2, 0.5, "test");

            assertThat(shipments.get()).as("the storm's mix has shipments").isPositive();
            assertThat(result.requests()).isEqualTo(refunds.get() + shipments.get());
            assertThat(result.refundsCreated()).isEqualTo(refunds.get());
            assertThat(result.instant()).isEqualTo(refunds.get() / 2);
            assertThat(result.review()).isEqualTo(refunds.get() - refunds.get() / 2);
            assertThat(result.instantPerSecond()).isEqualTo(result.instant() / result.seconds());
        } finally {
            server.stop(0);
        }
    }

    @Test
    void aStormCountsMissingOrdersAsErrorsAndExpectedRefusalsNot() {
        assertThat(ServicePhase.isError("REFUND 404 order-not-found")).isTrue();
        assertThat(ServicePhase.isError("SHIPMENT 404 order-not-found")).isTrue();
        assertThat(ServicePhase.isError("REFUND 503 database-unavailable")).isTrue();
        assertThat(ServicePhase.isError("RETRY no answer HttpTimeoutException")).isTrue();
        assertThat(ServicePhase.isError("REFUND 201")).isFalse();
        assertThat(ServicePhase.isError("RETRY 200")).isFalse();
        assertThat(ServicePhase.isError("SHIPMENT 409 refund-in-progress")).isFalse();
        assertThat(ServicePhase.isError("REFUND 422 exceeds-refundable")).isFalse();
    }

    private static void reply(HttpExchange exchange, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(201, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }
}
