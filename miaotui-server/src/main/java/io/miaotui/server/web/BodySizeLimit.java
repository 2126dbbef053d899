package io.miaotui.server.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Refuses request bodies over {@value #MAX_BYTES} bytes with 413 before anything reads them: no API body is near
 * that size (an order of 200 lines is about 30 KiB), and a service holding money should not parse megabytes for
 * anyone. Bodies sent without a length (chunked) are refused too; every client of this API sends one.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
public class BodySizeLimit extends OncePerRequestFilter {
    static final long MAX_BYTES = 64 * 1024;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long length = request.getContentLengthLong();
        boolean chunked = "chunked".equalsIgnoreCase(request.getHeader("Transfer-Encoding"));
        if (length > MAX_BYTES || chunked) {
            var problem = new ApiProblem(ProblemType.PAYLOAD_TOO_LARGE, chunked
                    ? "Send the body with a Content-Length (at most " + MAX_BYTES + " bytes)."
                    : "The body is " + length + " bytes; the limit is " + MAX_BYTES + ".").toProblemDetail();
            problem.setInstance(java.net.URI.create(request.getRequestURI()));
            response.setStatus(ProblemType.PAYLOAD_TOO_LARGE.status().value());
            response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
            JSON.writeValue(response.getOutputStream(), problem);
            return;
        }
        chain.doFilter(request, response);
    }
}
