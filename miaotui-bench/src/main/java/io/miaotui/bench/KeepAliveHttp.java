package io.miaotui.bench;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ProtocolException;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedDeque;
import javax.net.ssl.SSLSocketFactory;

/**
 * HTTP/1.1 over blocking sockets kept alive, one exchange at a time on each, idle connections pooled: what a
 * load generator needs and no more, as wrk does it. The bench shares two cores with the server and its database,
 * and the JDK's {@code HttpClient} spent 0.33–0.53 ms of CPU a request there (its selector thread, futures and
 * executor hops), a fifth of the machine's work for a request; a blocking exchange on a virtual thread is a
 * write and a read. Understands Content-Length and chunked bodies, and {@code Connection: close} (Tomcat closes
 * a kept-alive connection after 100 requests). A failed exchange closes its connection and is never retried:
 * the caller counts it.
 */
public final class KeepAliveHttp implements Closeable {
    /** Tomcat drops a connection idle for 20 s by default; one idle for longer than this is not reused. */
    static final long MAX_IDLE_NANOS = 5_000_000_000L;

    private final String host;
    private final int port;
    private final boolean tls;
    private final int connectTimeoutMillis;
    private final int readTimeoutMillis;
    private final ConcurrentLinkedDeque<Connection> idle = new ConcurrentLinkedDeque<>();

    public KeepAliveHttp(URI baseUrl, int connectTimeoutMillis, int readTimeoutMillis) {
        this.tls = switch (baseUrl.getScheme()) {
            case "http" -> false;
            case "https" -> true;
            default -> throw new IllegalArgumentException("http or https, not " + baseUrl);
        };
        this.host = baseUrl.getHost();
        this.port = baseUrl.getPort() >= 0 ? baseUrl.getPort() : tls ? 443 : 80;
        this.connectTimeoutMillis = connectTimeoutMillis;
        this.readTimeoutMillis = readTimeoutMillis;
    }

    /** An answer: its status and body. */
    public record Answer(int status, String body) {
    }

    /**
     * One exchange. {@code headers} are name and value pairs; a body (null: none) goes as UTF-8 with its length.
     */
    public Answer exchange(String method, String pathAndQuery, List<String> headers, String body) throws IOException {
        byte[] payload = body == null ? null : body.getBytes(StandardCharsets.UTF_8);
        byte[] request = head(method, pathAndQuery, headers, payload);
        Connection connection = take();
        boolean keep = false;
        try {
            connection.out.write(request);
            connection.out.flush();
            Response response = connection.read(method);
            keep = response.keepAlive();
            return new Answer(response.status(), response.body());
        } finally {
            if (keep) {
                connection.lastUsed = System.nanoTime();
                idle.push(connection);
            } else {
                connection.close();
            }
        }
    }

    private byte[] head(String method, String pathAndQuery, List<String> headers, byte[] payload) {
        if (headers.size() % 2 != 0) {
            throw new IllegalArgumentException("headers come as name and value pairs");
        }
        var head = new StringBuilder(256).append(method).append(' ').append(pathAndQuery).append(" HTTP/1.1\r\n")
                .append("Host: ").append(host).append(':').append(port).append("\r\n");
        for (int i = 0; i < headers.size(); i += 2) {
            head.append(headers.get(i)).append(": ").append(headers.get(i + 1)).append("\r\n");
        }
        if (payload != null) {
            head.append("Content-Length: ").append(payload.length).append("\r\n");
        }
        byte[] headBytes = head.append("\r\n").toString().getBytes(StandardCharsets.UTF_8);
        if (payload == null) {
            return headBytes;
        }
        byte[] all = new byte[headBytes.length + payload.length];
        System.arraycopy(headBytes, 0, all, 0, headBytes.length);
        System.arraycopy(payload, 0, all, headBytes.length, payload.length);
        return all;
    }

    private Connection take() throws IOException {
        long now = System.nanoTime();
        for (Connection c = idle.poll(); c != null; c = idle.poll()) {
            if (now - c.lastUsed < MAX_IDLE_NANOS) {
                return c;
            }
            c.close();
        }
        Socket socket = tls ? SSLSocketFactory.getDefault().createSocket() : new Socket();
        try {
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(host, port), connectTimeoutMillis);
            socket.setSoTimeout(readTimeoutMillis);
            return new Connection(socket);
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    @Override
    public void close() {
        for (Connection c = idle.poll(); c != null; c = idle.poll()) {
            c.close();
        }
    }

    private record Response(int status, String body, boolean keepAlive) {
    }

    private static final class Connection {
        private final Socket socket;
        private final InputStream in;
        private final OutputStream out;
        private long lastUsed = System.nanoTime();

        Connection(Socket socket) throws IOException {
            this.socket = socket;
            this.in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
            this.out = socket.getOutputStream();
        }

        Response read(String method) throws IOException {
            String statusLine = line();
            String[] parts = statusLine.split(" ", 3);
            if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
                throw new ProtocolException("not an HTTP/1.x status line: " + statusLine);
            }
            int status = Integer.parseInt(parts[1]);
            long length = -1;
            boolean chunked = false;
            boolean keepAlive = parts[0].equals("HTTP/1.1");
            for (String header = line(); !header.isEmpty(); header = line()) {
                int colon = header.indexOf(':');
                if (colon < 0) {
                    throw new ProtocolException("not a header: " + header);
                }
                String name = header.substring(0, colon).strip().toLowerCase(Locale.ROOT);
                String value = header.substring(colon + 1).strip().toLowerCase(Locale.ROOT);
                switch (name) {
                    case "content-length" -> length = Long.parseLong(value);
                    case "transfer-encoding" -> chunked = value.endsWith("chunked");
                    case "connection" -> keepAlive = !value.contains("close") && (keepAlive || value.contains("keep-alive"));
                    default -> {
                    }
                }
            }
            byte[] body;
            if (method.equals("HEAD") || status == 204 || status == 304 || status / 100 == 1) {
                body = new byte[0];
            } else if (chunked) {
                body = chunks();
            } else if (length >= 0) {
                body = in.readNBytes(Math.toIntExact(length));
                if (body.length < length) {
                    throw new EOFException("body ended after " + body.length + " of " + length + " bytes");
                }
            } else {
                body = in.readAllBytes(); // no length: the body runs to the end of the connection
                keepAlive = false;
            }
            return new Response(status, new String(body, StandardCharsets.UTF_8), keepAlive);
        }

        private byte[] chunks() throws IOException {
            var body = new ByteArrayOutputStream();
            while (true) {
                String sizeLine = line();
                int extension = sizeLine.indexOf(';');
                int size = Integer.parseInt((extension < 0 ? sizeLine : sizeLine.substring(0, extension)).strip(), 16);
                if (size == 0) {
                    while (!line().isEmpty()) {
                        // trailers: none the bench reads
                    }
                    return body.toByteArray();
                }
                byte[] chunk = in.readNBytes(size);
                if (chunk.length < size) {
                    throw new EOFException("chunk ended after " + chunk.length + " of " + size + " bytes");
                }
                body.writeBytes(chunk);
                if (!line().isEmpty()) {
                    throw new ProtocolException("a chunk did not end with CRLF");
                }
            }
        }

        /** A header line without its CRLF. */
        private String line() throws IOException {
            byte[] buffer = new byte[128];
            int n = 0;
            while (true) {
                int b = in.read();
                if (b < 0) {
                    throw new EOFException("the connection closed in the middle of an answer");
                }
                if (b == '\n') {
                    int end = n > 0 && buffer[n - 1] == '\r' ? n - 1 : n;
                    return new String(buffer, 0, end, StandardCharsets.ISO_8859_1);
                }
                if (n == buffer.length) {
                    if (n >= 64 * 1024) {
                        throw new ProtocolException("a header line over 64 KiB");
                    }
                    buffer = Arrays.copyOf(buffer, n * 2);
                }
                buffer[n++] = (byte) b;
            }
        }

        void close() {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing a connection we no longer want: nothing to do about a failure
            }
        }
    }
}
