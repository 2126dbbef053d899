package io.miaotui.server.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Sends a JSON answer whole: with its {@code Content-Length}, in one write. Spring's message converters flush the
 * stream once the body is written, and a flush commits the response before Tomcat knows its length, so every
 * answer went out chunked: its headers and body in one system call, the closing {@code 0\r\n\r\n} in a second, and a
 * second packet for the client to read (strace of the refund storm, 2026-12-04: two writes a request). Held back,
 * the flush is left to Tomcat, which sets the length when the request ends, or commits by itself once a body
 * outgrows its buffer (8 KiB). Only JSON is held: a CSV report or an HTML page streams as before.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
public class WholeJsonAnswers extends OncePerRequestFilter {

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        chain.doFilter(request, new HeldFlushes(response));
    }

    /** Whether a flush of this content type may wait for the end of the request: JSON and its {@code +json} kin. */
    static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        int end = contentType.indexOf(';');
        String type = (end < 0 ? contentType : contentType.substring(0, end)).strip();
        return type.equalsIgnoreCase("application/json")
                || type.regionMatches(true, 0, "application/", 0, 12)
                        && type.regionMatches(true, type.length() - 5, "+json", 0, 5);
    }

    /** The response with its flushes ignored while its body is JSON. */
    private static final class HeldFlushes extends HttpServletResponseWrapper {
        private ServletOutputStream stream;

        HeldFlushes(HttpServletResponse response) {
            super(response);
        }

        private boolean holding() {
            return !isCommitted() && isJson(getContentType());
        }

        @Override
        public void flushBuffer() throws IOException {
            if (!holding()) {
                super.flushBuffer();
            }
        }

        @Override
        public ServletOutputStream getOutputStream() throws IOException {
            if (stream == null) {
                stream = new HeldStream(super.getOutputStream(), this);
            }
            return stream;
        }
    }

    /** The response's stream, its flushes ignored while {@link HeldFlushes#holding()}. */
    private static final class HeldStream extends ServletOutputStream {
        private final ServletOutputStream out;
        private final HeldFlushes response;

        HeldStream(ServletOutputStream out, HeldFlushes response) {
            this.out = out;
            this.response = response;
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void flush() throws IOException {
            if (!response.holding()) {
                out.flush();
            }
        }

        @Override
        public void close() throws IOException {
            out.close();
        }

        @Override
        public boolean isReady() {
            return out.isReady();
        }

        @Override
        public void setWriteListener(WriteListener listener) {
            out.setWriteListener(listener);
        }
    }
}
