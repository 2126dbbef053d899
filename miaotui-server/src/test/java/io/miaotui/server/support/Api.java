package io.miaotui.server.support;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/** A small HTTP client for tests: sends JSON, returns status, headers and the parsed body. Never throws on 4xx/5xx. */
public final class Api {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String baseUrl;

    public Api(int port) {
        this.baseUrl = "http://127.0.0.1:" + port;
    }

    public record Reply(int status, String contentType, String raw, Map<String, Object> body) {
        public Object get(String key) {
            return body.get(key);
        }

        public String text(String key) {
            Object value = body.get(key);
            return value == null ? null : value.toString();
        }

        @SuppressWarnings("unchecked")
        public Map<String, Object> map(String key) {
            return (Map<String, Object>) body.get(key);
        }

        @SuppressWarnings("unchecked")
        public List<Map<String, Object>> list(String key) {
            return (List<Map<String, Object>>) body.get(key);
        }

        /** The problem type's last segment, e.g. "refund-in-progress". */
        public String problem() {
            String type = text("type");
            return type == null ? null : type.substring(type.lastIndexOf('/') + 1);
        }

        @Override
        public String toString() {
            return status + " " + raw;
        }
    }

    public Reply get(String path) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path)).GET());
    }

    public Reply delete(String path) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path)).DELETE());
    }

    public Reply post(String path, Object body, String... headers) {
        return send(json(path, body, headers).POST(HttpRequest.BodyPublishers.ofString(toJson(body))));
    }

    public Reply put(String path, Object body, String... headers) {
        return send(json(path, body, headers).PUT(HttpRequest.BodyPublishers.ofString(toJson(body))));
    }

    public Reply postRaw(String path, String rawBody, String contentType, String... headers) {
        var builder = HttpRequest.newBuilder(URI.create(baseUrl + path)).header("Content-Type", contentType);
        if (headers.length > 0) {
            builder.headers(headers);
        }
        return send(builder.POST(HttpRequest.BodyPublishers.ofString(rawBody)));
    }

    public static String toJson(Object body) {
        return body instanceof String s ? s : JSON.writeValueAsString(body);
    }

    private HttpRequest.Builder json(String path, Object body, String... headers) {
        var builder = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json");
        if (headers.length > 0) {
            builder.headers(headers);
        }
        return builder;
    }

    @SuppressWarnings("unchecked")
    private Reply send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            String raw = response.body();
            Map<String, Object> body = raw == null || raw.isBlank() || !raw.startsWith("{")
                    ? Map.of()
                    : JSON.readValue(raw, Map.class);
            return new Reply(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""), raw,
                    body);
        } catch (Exception e) {
            throw new IllegalStateException("request failed: " + e, e);
        }
    }
}
