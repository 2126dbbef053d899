package io.miaotui.server.support;

import io.miaotui.server.trust.SigningSecret;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.json.JsonMapper;

/**
 * A small HTTP client for tests: sends JSON, returns status, headers and the parsed body. Never throws on 4xx/5xx.
 * Each request carries a bearer token: the one given by {@link #as(String)}, or else the natural caller's
 * (see {@link Actors}).
 */
public final class Api {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String NATURAL = "natural";

    private final HttpClient http;
    private final String baseUrl;
    private final Actors actors;
    /** {@link #NATURAL}, a token, or null for no Authorization header. */
    private final String token;

    public Api(int port, Path dataDir) {
        this(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build(), "http://127.0.0.1:" + port,
                new Actors(SigningSecret.readOrCreate(dataDir)), NATURAL);
    }

    private Api(HttpClient http, String baseUrl, Actors actors, String token) {
        this.http = http;
        this.baseUrl = baseUrl;
        this.actors = actors;
        this.token = token;
    }

    /** The service of a started context, with the token secret it uses (configured, or in its data directory). */
    public static Api of(ConfigurableApplicationContext context) {
        int port = ((WebServerApplicationContext) context).getWebServer().getPort();
        String configured = context.getEnvironment().getProperty("miaotui.auth.hmac-secret");
        byte[] secret = SigningSecret.resolve(configured,
                Path.of(context.getEnvironment().getProperty("miaotui.data-dir")));
        return new Api(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build(), "http://127.0.0.1:" + port,
                new Actors(secret), NATURAL);
    }

    /** The same service, every request with this token ({@code null}: with none). */
    public Api as(String bearerToken) {
        return new Api(http, baseUrl, actors, bearerToken);
    }

    public Actors actors() {
        return actors;
    }

    public record Reply(int status, String contentType, String raw, Map<String, Object> body, HttpHeaders headers) {
        public Object get(String key) {
            return body.get(key);
        }

        public String header(String name) {
            return headers.firstValue(name).orElse(null);
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
        return send("", authorized("GET", path, "", HttpRequest.newBuilder(URI.create(baseUrl + path)).GET()));
    }

    /** GET of a resource that is a JSON array. */
    @SuppressWarnings("unchecked")
    public List<Map<String, Object>> getList(String path) {
        Reply reply = get(path);
        if (reply.status() != 200) {
            throw new IllegalStateException("GET " + path + ": " + reply);
        }
        return JSON.readValue(reply.raw(), List.class);
    }

    /** Reads the refund until {@code until} holds or {@code within} passes; returns the last reply. */
    public Reply awaitRefund(String refundId, Predicate<Reply> until, Duration within) {
        var last = new AtomicReference<Reply>();
        Poll.until(() -> until.test(last.updateAndGet(previous -> get("/api/v1/refunds/" + refundId))), within);
        return last.get();
    }

    public Reply delete(String path) {
        return send("", authorized("DELETE", path, "", HttpRequest.newBuilder(URI.create(baseUrl + path)).DELETE()));
    }

    public Reply post(String path, Object body, String... headers) {
        String json = toJson(body);
        Reply reply = send(json, authorized("POST", path, json, json(path, headers).POST(HttpRequest.BodyPublishers.ofString(json))));
        if (path.equals("/api/v1/orders") && reply.status() < 300) {
            actors.learnOrder(json);
        }
        return reply;
    }

    public Reply put(String path, Object body, String... headers) {
        String json = toJson(body);
        return send(json, authorized("PUT", path, json, json(path, headers).PUT(HttpRequest.BodyPublishers.ofString(json))));
    }

    /**
     * Any method, including those the API does not list (HEAD, OPTIONS, PATCH, TRACE): a JSON body for the
     * methods that carry one, none for the others.
     */
    public Reply call(String method, String path, Object body, String... headers) {
        String json = body == null ? "" : toJson(body);
        HttpRequest.BodyPublisher publisher = body == null
                ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json);
        return send(json, authorized(method, path, json, json(path, headers).method(method, publisher)));
    }

    public Reply postRaw(String path, String rawBody, String contentType, String... headers) {
        var builder = HttpRequest.newBuilder(URI.create(baseUrl + path)).header("Content-Type", contentType);
        if (headers.length > 0) {
            builder.headers(headers);
        }
        Reply reply = send(rawBody, authorized("POST", path, rawBody, builder.POST(HttpRequest.BodyPublishers.ofString(rawBody))));
        if (path.equals("/api/v1/orders") && reply.status() < 300) {
            actors.learnOrder(rawBody);
        }
        return reply;
    }

    private HttpRequest.Builder authorized(String method, String path, String body, HttpRequest.Builder request) {
        String bearer = NATURAL.equals(token) ? actors.tokenFor(method, path, body) : token;
        return bearer == null ? request : request.setHeader("Authorization", "Bearer " + bearer);
    }

    public static String toJson(Object body) {
        return body instanceof String s ? s : JSON.writeValueAsString(body);
    }

    private HttpRequest.Builder json(String path, String... headers) {
        var builder = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json");
        if (headers.length > 0) {
            builder.headers(headers);
        }
        return builder;
    }

    @SuppressWarnings("unchecked")
    private Reply send(String sentBody, HttpRequest.Builder builder) {
        HttpResponse<String> response;
        HttpRequest request = builder.build();
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException("request failed: " + e, e);
        }
        ApiDocument.check(http, baseUrl, request, sentBody, response);
        try {
            String raw = response.body();
            Map<String, Object> body = raw == null || raw.isBlank() || !raw.startsWith("{")
                    ? Map.of()
                    : JSON.readValue(raw, Map.class);
            if (response.statusCode() == 201 || response.statusCode() == 200) {
                actors.learnRefund(body);
            }
            return new Reply(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""), raw,
                    body, response.headers());
        } catch (Exception e) {
            throw new IllegalStateException("request failed: " + e, e);
        }
    }
}
