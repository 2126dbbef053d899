package io.miaotui.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.miaotui.server.support.Api;
import io.miaotui.server.support.ApiTestBase;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** JSON answers go out whole, with their length, not chunked: read off the wire, as a client's socket sees them. */
class WholeJsonAnswersTest extends ApiTestBase {

    @Test
    void aRefundIsAnsweredWithItsLengthNotInChunks() throws IOException {
        String orderId = order("TAOBAO", "120.00");
        String body = Api.toJson(Map.of("orderId", orderId, "lineId", "L-1", "reason", "mistaken order"));
        Answer answer = exchange("POST", "/api/v1/refunds", body, api.actors().buyer("B-" + orderId),
                "Idempotency-Key: whole-" + run);

        assertThat(answer.status()).isEqualTo(201);
        assertThat(answer.headers()).doesNotContainKey("transfer-encoding");
        assertThat(answer.headers()).containsEntry("content-length", String.valueOf(answer.body().length));
        assertThat(new String(answer.body(), StandardCharsets.UTF_8)).contains("\"refundId\"");
    }

    @Test
    void aProblemIsAnsweredWithItsLengthNotInChunks() throws IOException {
        Answer answer = exchange("GET", "/api/v1/refunds/no-such-refund-" + run, null, api.actors().operator());

        assertThat(answer.status()).isEqualTo(404);
        assertThat(answer.headers().get("content-type")).startsWith("application/problem+json");
        assertThat(answer.headers()).doesNotContainKey("transfer-encoding");
        assertThat(answer.headers()).containsEntry("content-length", String.valueOf(answer.body().length));
    }

    @Test
    void onlyJsonIsHeld() {
        assertThat(WholeJsonAnswers.isJson("application/json")).isTrue();
        assertThat(WholeJsonAnswers.isJson("application/json;charset=UTF-8")).isTrue();
        assertThat(WholeJsonAnswers.isJson("application/problem+json")).isTrue();
        assertThat(WholeJsonAnswers.isJson("Application/Vnd.Spring-Boot.Actuator.V3+JSON")).isTrue();
        assertThat(WholeJsonAnswers.isJson("text/csv")).isFalse();
        assertThat(WholeJsonAnswers.isJson("text/html;charset=UTF-8")).isFalse();
        assertThat(WholeJsonAnswers.isJson("text/event-stream")).isFalse();
        assertThat(WholeJsonAnswers.isJson("text/x+json")).isFalse();
        assertThat(WholeJsonAnswers.isJson("json")).isFalse();
        assertThat(WholeJsonAnswers.isJson(null)).isFalse();
    }

    private record Answer(int status, Map<String, String> headers, byte[] body) {
    }

    /**
     * One HTTP/1.1 exchange on a kept-alive socket of its own (with {@code Connection: close} Tomcat would end the body
     * by closing, chunked or not), its body read by its length.
     */
    private Answer exchange(String method, String path, String body, String token, String... extraHeaders)
            throws IOException {
        byte[] content = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        var request = new StringBuilder(method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "Accept: application/json\r\nAuthorization: Bearer " + token + "\r\n");
        for (String header : extraHeaders) {
            request.append(header).append("\r\n");
        }
        if (body != null) {
            request.append("Content-Type: application/json\r\nContent-Length: ").append(content.length).append("\r\n");
        }
        request.append("\r\n");
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request.toString().getBytes(StandardCharsets.UTF_8));
            socket.getOutputStream().write(content);
            InputStream in = socket.getInputStream();
            String head = readHead(in);
            String[] lines = head.split("\r\n");
            int status = Integer.parseInt(lines[0].split(" ")[1]);
            Map<String, String> headers = new LinkedHashMap<>();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                headers.put(lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).strip());
            }
            // a chunked body is left unread: the assertions on the headers already say what is wrong
            return new Answer(status, headers, headers.containsKey("content-length")
                    ? in.readNBytes(Integer.parseInt(headers.get("content-length"))) : new byte[0]);
        }
    }

    private static String readHead(InputStream in) throws IOException {
        var head = new ByteArrayOutputStream();
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        while (matched < end.length) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("the answer ended inside its headers: " + head);
            }
            head.write(b);
            matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        String text = head.toString(StandardCharsets.ISO_8859_1);
        return text.substring(0, text.length() - 4);
    }
}
