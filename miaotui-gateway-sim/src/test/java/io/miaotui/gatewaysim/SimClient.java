package io.miaotui.gatewaysim;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Talks to a started simulator over real HTTP, the way Miaotui would. */
final class SimClient implements AutoCloseable {
    static final Duration PATIENT = Duration.ofSeconds(10);

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final String baseUrl;

    SimClient(GatewaySimulator sim) {
        this.baseUrl = sim.baseUrl();
    }

    /** A parsed answer. */
    record Answer(int status, String body, HttpHeaders headers) {
        Map<String, Object> json() {
            return JsonReader.parse(body);
        }

        String field(String name) {
            return (String) json().get(name);
        }

        @SuppressWarnings("unchecked")
        List<Map<String, Object>> rows(String name) {
            return (List<Map<String, Object>>) json().get(name);
        }
    }

    static String refundJson(String outRequestNo, String tradeNo, String amount, String buyerId) {
        return JsonWriter.object().put("out_request_no", outRequestNo).put("trade_no", tradeNo)
                .put("refund_amount", amount).put("buyer_id", buyerId).toJson();
    }

    static String queryJson(String outRequestNo) {
        return JsonWriter.object().put("out_request_no", outRequestNo).toJson();
    }

    Answer refund(String outRequestNo, String amount) {
        return post("/v1/trade/refund", refundJson(outRequestNo, "T-" + outRequestNo, amount, "2088000000000001"));
    }

    Answer query(String outRequestNo) {
        return post("/v1/trade/refund/query", queryJson(outRequestNo));
    }

    Answer post(String path, String json) {
        return send(request(path, PATIENT).POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    /** A POST that gives up after {@code timeout}, the way a caller with a deadline would. */
    Answer post(String path, String json, Duration timeout) throws IOException, InterruptedException {
        HttpRequest request = request(path, timeout).POST(HttpRequest.BodyPublishers.ofString(json)).build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        return new Answer(response.statusCode(), response.body(), response.headers());
    }

    Answer get(String pathAndQuery) {
        return send(request(pathAndQuery, PATIENT).GET().build());
    }

    Answer get(String pathAndQuery, Duration timeout) throws IOException, InterruptedException {
        HttpResponse<String> response =
                http.send(request(pathAndQuery, timeout).GET().build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(response.statusCode(), response.body(), response.headers());
    }

    Answer put(String path, String json) {
        return send(request(path, PATIENT).PUT(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    Answer send(String method, String path, String body) {
        return send(request(path, PATIENT).method(method, HttpRequest.BodyPublishers.ofString(body)).build());
    }

    private HttpRequest.Builder request(String pathAndQuery, Duration timeout) {
        return HttpRequest.newBuilder(URI.create(baseUrl + pathAndQuery)).timeout(timeout)
                .header("Content-Type", "application/json");
    }

    private Answer send(HttpRequest request) {
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.body(), response.headers());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        http.close();
    }
}
