package io.miaotui.gatewaysim;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Turns an exchange into a {@link SimRequest}, routes it, and writes the {@link Reply}. Whatever goes wrong, the
 * caller gets JSON, never a stack trace; a caller that hung up (say, after its own timeout) gets nothing, quietly.
 */
final class HttpFront implements HttpHandler {
    /** Refund bodies are a few hundred bytes; this only stops a runaway client from filling the heap. */
    static final int MAX_BODY_BYTES = 64 * 1024;

    private static final System.Logger LOG = System.getLogger(HttpFront.class.getName());

    private final Router router;

    HttpFront(Router router) {
        this.router = router;
    }

    @Override
    public void handle(HttpExchange exchange) {
        try {
            Reply reply = answer(exchange);
            if (reply != null) {
                write(exchange, reply);
            }
        } catch (IOException e) {
            // The client went away before we could read or answer; nothing to tell anyone.
        } finally {
            exchange.close();
        }
    }

    /** The reply to send, or null when the simulator is closing and nothing should be sent. */
    private Reply answer(HttpExchange exchange) throws IOException {
        try {
            byte[] body = readBody(exchange.getRequestBody());
            if (body == null) {
                return Replies.bodyTooLarge(MAX_BODY_BYTES);
            }
            SimRequest request = new SimRequest(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                    QueryString.parse(exchange.getRequestURI().getRawQuery()),
                    new String(body, StandardCharsets.UTF_8));
            return router.dispatch(request);
        } catch (InvalidArgument e) {
            return Replies.invalid(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "simulator bug answering " + exchange.getRequestMethod() + " "
                    + exchange.getRequestURI(), e);
            return Replies.internalError();
        }
    }

    /** The whole body, or null when it is longer than {@link #MAX_BODY_BYTES}. */
    private static byte[] readBody(InputStream in) throws IOException {
        byte[] body = in.readNBytes(MAX_BODY_BYTES + 1);
        return body.length > MAX_BODY_BYTES ? null : body;
    }

    private static void write(HttpExchange exchange, Reply reply) throws IOException {
        byte[] bytes = reply.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        for (Map.Entry<String, String> header : reply.headers().entrySet()) {
            exchange.getResponseHeaders().set(header.getKey(), header.getValue());
        }
        exchange.sendResponseHeaders(reply.status(), bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
