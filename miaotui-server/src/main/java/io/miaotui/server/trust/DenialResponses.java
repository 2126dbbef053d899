package io.miaotui.server.trust;

import io.miaotui.server.web.ApiProblem;
import io.miaotui.server.web.ProblemType;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * 401 (no token, or one that is forged, expired or names no caller) and 403 (a caller whose role may not do
 * this) as problem+json, with {@code WWW-Authenticate: Bearer} as RFC 6750 asks. A request that
 * {@link AccessTable} lets no one make is 405 with {@code Allow} (a method the path does not take) or 404 (a
 * path it does not have), as the web layer would answer them, for every caller, token or not, and before any
 * controller sees it. The detail never repeats the
 * token or the decoder's exception text.
 */
@Component
public class DenialResponses implements AuthenticationEntryPoint, AccessDeniedHandler {
    private final JsonMapper json;
    private final MeterRegistry meters;

    public DenialResponses(JsonMapper json, MeterRegistry meters) {
        this.json = json;
        this.meters = meters;
    }

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException e)
            throws IOException {
        AccessTable.Refusal refusal = AccessTable.refusalOf(request);
        if (!(refusal instanceof AccessTable.Refusal.CallerNotListed)) {
            refuse(request, response, refusal); // no token would make it servable: say why, not "send a token"
            return;
        }
        boolean tokenSent = request.getHeader("Authorization") != null;
        response.setHeader("WWW-Authenticate", tokenSent
                ? "Bearer error=\"invalid_token\", error_description=\"The token is invalid, expired or names no caller.\""
                : "Bearer");
        write(response, new ApiProblem(ProblemType.UNAUTHENTICATED, tokenSent
                ? "The bearer token is invalid, expired or names no caller."
                : "Send a bearer token: Authorization: Bearer <token>."), "unauthenticated");
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException e)
            throws IOException {
        refuse(request, response, AccessTable.refusalOf(request));
    }

    private void refuse(HttpServletRequest request, HttpServletResponse response, AccessTable.Refusal refusal)
            throws IOException {
        switch (refusal) {
            case AccessTable.Refusal.CallerNotListed role -> write(response, new ApiProblem(ProblemType.FORBIDDEN,
                    "Your role may not " + request.getMethod() + " " + request.getRequestURI() + "."), "forbidden");
            case AccessTable.Refusal.MethodNotListed method -> {
                // The same answer for every caller: it says what the path serves, never who may use it.
                response.setHeader(HttpHeaders.ALLOW, String.join(", ", method.allowed()));
                write(response, new ApiProblem(ProblemType.METHOD_NOT_ALLOWED, request.getMethod()
                        + " is not supported here; this path takes " + String.join(", ", method.allowed()) + "."),
                        "method-not-allowed");
            }
            case AccessTable.Refusal.PathNotListed path -> write(response,
                    new ApiProblem(ProblemType.NOT_FOUND, "No resource at this path."), "not-found");
        }
    }

    private void write(HttpServletResponse response, ApiProblem problem, String outcome) throws IOException {
        meters.counter("miaotui.access.denied", "outcome", outcome).increment();
        response.setStatus(problem.type().status().value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        json.writeValue(response.getOutputStream(), problem.toProblemDetail());
    }
}
