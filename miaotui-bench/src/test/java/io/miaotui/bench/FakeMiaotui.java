package io.miaotui.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** A stand-in for the Miaotui API on a JDK HttpServer, with the default rules and optional 500s. */
final class FakeMiaotui implements AutoCloseable {
    static final long PAYOUT_MILLIS = 5;

    private final HttpServer server;
    private final Map<String, String> shopChannels = new ConcurrentHashMap<>();
    private final Map<String, Map<String, Object>> orders = new ConcurrentHashMap<>();
    private final Map<String, Instant> refundsCreated = new ConcurrentHashMap<>();
    private final AtomicInteger refundCount = new AtomicInteger();
    private final int failEveryNthRefund;
    /** The HMAC secret tokens must be signed with, as the real service checks them. */
    static final byte[] SECRET = "fake-miaotui-secret-of-32-bytes!".getBytes(StandardCharsets.US_ASCII);

    FakeMiaotui(int failEveryNthRefund) throws IOException {
        this.failEveryNthRefund = failEveryNthRefund;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/api/v1/", this::handle);
        server.start();
    }

    URI baseUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    int ordersSeen() {
        return orders.size();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    @SuppressWarnings("unchecked")
    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            String path = exchange.getRequestURI().getPath();
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String caller = caller(exchange.getRequestHeaders().getFirst("Authorization"));
            String expected = expectedCaller(method, path, body);
            if (!expected.equals(caller)) {
                reply(exchange, caller == null ? 401 : 403, "{\"message\":\"expected " + expected + ", got " + caller + "\"}");
                return;
            }
            if (method.equals("PUT") && path.startsWith("/api/v1/shops/")) {
                String channel = MiniJson.stringField(body, "channel").orElseThrow();
                shopChannels.put(path.substring("/api/v1/shops/".length()), channel);
                reply(exchange, 200, "{\"shopId\":\"x\",\"channel\":\"" + channel + "\"}");
            } else if (method.equals("POST") && path.equals("/api/v1/orders")) {
                Map<String, Object> order = MiniJson.parseObject(body).orElseThrow();
                if (!shopChannels.containsKey((String) order.get("shopId"))) {
                    reply(exchange, 404, "{\"message\":\"no such shop\"}");
                    return;
                }
                orders.put((String) order.get("orderId"), order);
                reply(exchange, 201, "{}");
            } else if (method.equals("POST") && path.equals("/api/v1/refunds")) {
                if (exchange.getRequestHeaders().getFirst("Idempotency-Key") == null) {
                    reply(exchange, 400, "{\"message\":\"Idempotency-Key is required\"}");
                    return;
                }
                int n = refundCount.incrementAndGet();
                if (failEveryNthRefund > 0 && n % failEveryNthRefund == 0) {
                    reply(exchange, 500, "{\"message\":\"boom\"}");
                    return;
                }
                Map<String, Object> order = orders.get(MiniJson.stringField(body, "orderId").orElseThrow());
                Map<String, Object> line = ((List<Map<String, Object>>) order.get("lines")).getFirst();
                boolean instant = shopChannels.get((String) order.get("shopId")).equals("TMALL")
                        || new BigDecimal((String) line.get("paidAmount")).compareTo(new BigDecimal("500.00")) <= 0;
                String refundId = "rf-" + n;
                Instant createdAt = Instant.now();
                refundsCreated.put(refundId, createdAt);
                reply(exchange, 201, "{\"refundId\":\"" + refundId + "\",\"decision\":{\"status\":\"IGNORED\"},"
                        + "\"status\":\"" + (instant ? "APPROVED" : "PENDING_MERCHANT_REVIEW") + "\","
                        + "\"createdAt\":\"" + createdAt + "\",\"paidAt\":null}");
            } else if (method.equals("GET") && path.startsWith("/api/v1/refunds/")) {
                Instant createdAt = refundsCreated.get(path.substring("/api/v1/refunds/".length()));
                if (createdAt == null) {
                    reply(exchange, 404, "{}");
                    return;
                }
                reply(exchange, 200, "{\"status\":\"PAID\",\"createdAt\":\"" + createdAt + "\",\"paidAt\":\""
                        + createdAt.plusMillis(PAYOUT_MILLIS) + "\"}");
            } else {
                reply(exchange, 404, "{}");
            }
        } catch (RuntimeException e) {
            reply(exchange, 500, "{\"message\":\"" + e + "\"}");
        }
    }

    /** "ROLE:subject" of a bearer token signed with {@link #SECRET}; null when absent or badly signed. */
    private static String caller(String authorization) {
        if (authorization == null || !authorization.startsWith("Bearer ")) {
            return null;
        }
        String[] parts = authorization.substring("Bearer ".length()).split("\\.");
        if (parts.length != 3) {
            return null;
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(SECRET, "HmacSHA256"));
            byte[] signature = mac.doFinal((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
            if (!MessageDigest.isEqual(signature, Base64.getUrlDecoder().decode(parts[2]))) {
                return null;
            }
        } catch (java.security.GeneralSecurityException e) {
            return null;
        }
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
        return MiniJson.stringField(payload, "role").orElse("?") + ":" + MiniJson.stringField(payload, "sub").orElse("?");
    }

    /** The order system seeds, each order's buyer asks for its refund, an operator reads refunds back. */
    private String expectedCaller(String method, String path, String body) {
        if (method.equals("POST") && path.equals("/api/v1/refunds")) {
            Map<String, Object> order = orders.get(MiniJson.stringField(body, "orderId").orElse(""));
            return "BUYER:" + (order == null ? "?" : order.get("buyerId"));
        }
        return method.equals("GET") ? "OPERATOR:miaotui-bench" : "ORDER_SYSTEM:miaotui-bench";
    }

    private static void reply(HttpExchange exchange, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }
}
