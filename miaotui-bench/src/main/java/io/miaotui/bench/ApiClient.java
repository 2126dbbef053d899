package io.miaotui.bench;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The Miaotui calls the bench makes, each as the caller who would make it, over HTTP/1.1 connections kept alive
 * ({@link KeepAliveHttp}). Never throws for a failed call: the failure comes back as an {@link ApiResponse} so
 * workers can count it and carry on.
 */
public final class ApiClient implements AutoCloseable {
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    private static final String JSON = "application/json";

    private final KeepAliveHttp http;
    private final String basePath;
    private final BenchTokens tokens;

    public ApiClient(URI baseUrl, BenchTokens tokens) {
        this.tokens = tokens;
        this.http = new KeepAliveHttp(baseUrl, (int) CONNECT_TIMEOUT.toMillis(), (int) REQUEST_TIMEOUT.toMillis());
        String path = baseUrl.getRawPath() == null ? "" : baseUrl.getRawPath();
        this.basePath = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }

    public ApiResponse putShop(String shopId, String name, String channel) {
        String body = "{\"name\":" + MiniJson.quote(name) + ",\"channel\":" + MiniJson.quote(channel) + "}";
        return send("PUT", "/api/v1/shops/" + segment(shopId), tokens.orderSystem(), List.of(), body);
    }

    public ApiResponse postOrder(String json) {
        return send("POST", "/api/v1/orders", tokens.orderSystem(), List.of(), json);
    }

    public ApiResponse postRefund(String buyerId, String idempotencyKey, String json) {
        return send("POST", "/api/v1/refunds", tokens.buyer(buyerId), List.of("Idempotency-Key", idempotencyKey), json);
    }

    /** The order system reports a line shipped (the storm's shipments). */
    public ApiResponse postShipment(String orderId, String lineId, String carrier, String trackingNo) {
        String body = "{\"carrier\":" + MiniJson.quote(carrier) + ",\"trackingNo\":" + MiniJson.quote(trackingNo) + "}";
        return send("POST", "/api/v1/orders/" + segment(orderId) + "/lines/" + segment(lineId) + "/shipment",
                tokens.orderSystem(), List.of(), body);
    }

    public ApiResponse getRefund(String refundId) {
        return send("GET", "/api/v1/refunds/" + segment(refundId), tokens.operator(), List.of(), null);
    }

    /** The server's Prometheus page (open to anyone, as a scraper reads it). */
    public ApiResponse prometheus() {
        return exchange("GET", "/actuator/prometheus", List.of("Accept", "text/plain"), null);
    }

    @Override
    public void close() {
        http.close();
    }

    private ApiResponse send(String method, String path, String token, List<String> extraHeaders, String body) {
        var headers = new ArrayList<String>(8 + extraHeaders.size());
        headers.addAll(List.of("Authorization", "Bearer " + token, "Accept", JSON));
        if (body != null) {
            headers.addAll(List.of("Content-Type", JSON));
        }
        headers.addAll(extraHeaders);
        return exchange(method, path, headers, body);
    }

    private ApiResponse exchange(String method, String path, List<String> headers, String body) {
        long start = System.nanoTime();
        try {
            KeepAliveHttp.Answer answer = http.exchange(method, basePath + path, headers, body);
            return ApiResponse.of(answer.status(), answer.body(), System.nanoTime() - start);
        } catch (IOException | RuntimeException e) {
            return ApiResponse.failed(e, System.nanoTime() - start);
        }
    }

    /** {@code value} encoded as one URL path segment. */
    static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
