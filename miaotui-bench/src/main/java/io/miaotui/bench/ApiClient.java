package io.miaotui.bench;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The Miaotui calls the bench makes, each as the caller who would make it, over one shared HTTP/1.1 client.
 * Never throws for a failed call: the failure comes back as an {@link ApiResponse} so workers can count it and
 * carry on.
 */
public final class ApiClient {
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    private final URI baseUrl;
    private final HttpClient http;
    private final BenchTokens tokens;

    public ApiClient(URI baseUrl, BenchTokens tokens) {
        this.baseUrl = baseUrl;
        this.tokens = tokens;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    public ApiResponse putShop(String shopId, String name, String channel) {
        String body = "{\"name\":" + MiniJson.quote(name) + ",\"channel\":" + MiniJson.quote(channel) + "}";
        return send(request("/api/v1/shops/" + segment(shopId), tokens.orderSystem())
                .PUT(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)));
    }

    public ApiResponse postOrder(String json) {
        return send(request("/api/v1/orders", tokens.orderSystem()).POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8)));
    }

    public ApiResponse postRefund(String buyerId, String idempotencyKey, String json) {
        return send(request("/api/v1/refunds", tokens.buyer(buyerId))
                .header("Idempotency-Key", idempotencyKey)
                .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8)));
    }

    /** The order system reports a line shipped (the storm's shipments). */
    public ApiResponse postShipment(String orderId, String lineId, String carrier, String trackingNo) {
        String body = "{\"carrier\":" + MiniJson.quote(carrier) + ",\"trackingNo\":" + MiniJson.quote(trackingNo) + "}";
        return send(request("/api/v1/orders/" + segment(orderId) + "/lines/" + segment(lineId) + "/shipment",
                tokens.orderSystem()).POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)));
    }

    public ApiResponse getRefund(String refundId) {
        return send(request("/api/v1/refunds/" + segment(refundId), tokens.operator()).GET());
    }

    /** The server's Prometheus page (open to anyone, as a scraper reads it). */
    public ApiResponse prometheus() {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + "/actuator/prometheus"))
                .timeout(REQUEST_TIMEOUT)
                .header("Accept", "text/plain")
                .GET());
    }

    private HttpRequest.Builder request(String path, String token) {
        return HttpRequest.newBuilder(URI.create(baseUrl + path))
                .header("Authorization", "Bearer " + token)
                .timeout(REQUEST_TIMEOUT)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json");
    }

    private ApiResponse send(HttpRequest.Builder builder) {
        HttpRequest request = builder.build();
        long start = System.nanoTime();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return ApiResponse.of(response.statusCode(), response.body(), System.nanoTime() - start);
        } catch (IOException e) {
            return ApiResponse.failed(e, System.nanoTime() - start);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ApiResponse.failed(e, System.nanoTime() - start);
        }
    }

    /** {@code value} encoded as one URL path segment. */
    static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
