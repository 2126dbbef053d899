package io.miaotui.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The load generator's HTTP/1.1 client against the JDK's HTTP server: bodies, keep-alive, close, failures. */
class KeepAliveHttpTest {
    private HttpServer server;
    private final Set<Integer> clientPorts = ConcurrentHashMap.newKeySet();
    private KeepAliveHttp http;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", this::handle);
        server.start();
        http = new KeepAliveHttp(URI.create("http://127.0.0.1:" + server.getAddress().getPort()), 2_000, 2_000);
    }

    @AfterEach
    void stop() {
        http.close();
        server.stop(0);
    }

    /** /echo answers the request's method, headers of interest and body; /chunked and /close as named. */
    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            clientPorts.add(exchange.getRemoteAddress().getPort());
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String answer = exchange.getRequestMethod() + "|" + exchange.getRequestHeaders().getFirst("Idempotency-Key")
                    + "|" + exchange.getRequestHeaders().getFirst("Content-Length") + "|" + body;
            byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
            switch (exchange.getRequestURI().getPath()) {
                case "/chunked" -> {
                    exchange.sendResponseHeaders(201, 0); // length 0: the JDK server sends it chunked
                    for (byte b : bytes) {
                        exchange.getResponseBody().write(b);
                        exchange.getResponseBody().flush();
                    }
                }
                case "/close" -> {
                    exchange.getResponseHeaders().set("Connection", "close");
                    exchange.sendResponseHeaders(200, bytes.length);
                    exchange.getResponseBody().write(bytes);
                }
                case "/empty" -> exchange.sendResponseHeaders(204, -1);
                default -> {
                    exchange.sendResponseHeaders(409, bytes.length);
                    exchange.getResponseBody().write(bytes);
                }
            }
        }
    }

    @Test
    @DisplayName("a body with a length and a chunked body are read whole, UTF-8 both ways, headers sent")
    void bodiesAndHeaders() throws IOException {
        var fixed = http.exchange("POST", "/echo", List.of("Idempotency-Key", "k-1"), "{\"reason\":\"拍错了\"}");
        assertThat(fixed.status()).isEqualTo(409);
        assertThat(fixed.body()).isEqualTo("POST|k-1|22|{\"reason\":\"拍错了\"}");

        var chunked = http.exchange("POST", "/chunked", List.of(), "退款");
        assertThat(chunked.status()).isEqualTo(201);
        assertThat(chunked.body()).isEqualTo("POST|null|6|退款");

        var empty = http.exchange("GET", "/empty", List.of(), null);
        assertThat(empty.status()).isEqualTo(204);
        assertThat(empty.body()).isEmpty();
    }

    @Test
    @DisplayName("one connection serves a run of exchanges; one the server closes is replaced")
    void keepsConnectionsAlive() throws IOException {
        for (int i = 0; i < 50; i++) {
            assertThat(http.exchange("GET", i % 2 == 0 ? "/echo" : "/chunked", List.of(), null).body())
                    .startsWith("GET|");
        }
        assertThat(clientPorts).as("fifty exchanges, one after another, on one connection").hasSize(1);

        assertThat(http.exchange("GET", "/close", List.of(), null).status()).isEqualTo(200);
        assertThat(http.exchange("GET", "/echo", List.of(), null).status()).isEqualTo(409);
        assertThat(clientPorts).as("after the server's close, a new connection").hasSize(2);
    }

    @Test
    @DisplayName("a server that hangs up without answering is an IOException, and the API client counts it as no answer")
    void hangUpIsAFailure() throws IOException {
        try (ServerSocket rude = new ServerSocket(0)) {
            Thread.ofVirtual().start(() -> {
                for (int i = 0; i < 2; i++) {
                    try (Socket s = rude.accept()) {
                        s.getInputStream().read(new byte[256]);
                    } catch (IOException ignored) {
                        return;
                    }
                }
            });
            URI url = URI.create("http://127.0.0.1:" + rude.getLocalPort());
            try (var client = new KeepAliveHttp(url, 2_000, 2_000)) {
                assertThatThrownBy(() -> client.exchange("GET", "/", List.of(), null)).isInstanceOf(IOException.class);
            }
            try (var api = new ApiClient(url, new BenchTokens(FakeMiaotui.SECRET, java.time.Clock.systemUTC()))) {
                ApiResponse response = api.getRefund("r-1");
                assertThat(response.responded()).isFalse();
                assertThat(response.error()).isInstanceOf(IOException.class);
            }
        }
    }
}
