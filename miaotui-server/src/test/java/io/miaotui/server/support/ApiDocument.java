package io.miaotui.server.support;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.LevelResolver;
import com.atlassian.oai.validator.report.ValidationReport;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The served OpenAPI document as a judge of every call a test makes through {@link Api}: each answer must be one
 * the document describes (status, content type, body), and each request the service accepted (2xx) must be one the
 * document allows. A request the service refused may break the document (tests send hostile input on purpose), but
 * its refusal must still be documented. The document is read once per JVM from the first service a test talks to.
 */
final class ApiDocument {
    /** Violations of operations the document does not list at all: those calls are judged by their own tests (405). */
    private static final Set<String> NOT_AN_OPERATION = Set.of("validation.request.path.missing",
            "validation.request.operation.notAllowed");
    private static volatile OpenApiInteractionValidator validator;

    private ApiDocument() {
    }

    /** Throws an {@link AssertionError} naming every way this exchange breaks the document. */
    static void check(HttpClient http, String baseUrl, HttpRequest request, String body, HttpResponse<String> response) {
        List<ValidationReport.Message> violations = violations(validator(http, baseUrl), request.method(),
                request.uri(), request.headers().map(), body, response.statusCode(), response.headers().map(),
                response.body());
        if (!violations.isEmpty()) {
            throw new AssertionError("the OpenAPI document does not describe " + request.method() + " "
                    + request.uri().getPath() + " answered " + response.statusCode() + " " + response.body() + ":\n"
                    + violations.stream().map(m -> "  " + m.getKey() + ": " + m.getMessage())
                            .collect(Collectors.joining("\n")));
        }
    }

    /** The ways one exchange breaks the document; empty for a call outside it (not under /api/, or not an operation). */
    static List<ValidationReport.Message> violations(OpenApiInteractionValidator judge, String methodName, URI uri,
            Map<String, List<String>> requestHeaders, String body, int status, Map<String, List<String>> responseHeaders,
            String responseBody) {
        if (!uri.getPath().startsWith("/api/")) {
            return List.of(); // actuator, the document itself: not part of the described API
        }
        Request.Method method;
        try {
            method = Request.Method.valueOf(methodName);
        } catch (IllegalArgumentException e) {
            return List.of(); // a method the validator has no name for: never an operation
        }
        var sent = new SimpleRequest.Builder(method, uri.getRawPath());
        requestHeaders.forEach(sent::withHeader);
        if (uri.getRawQuery() != null) {
            for (String pair : uri.getRawQuery().split("&")) {
                String[] kv = pair.split("=", 2);
                sent.withQueryParam(decode(kv[0]), kv.length > 1 ? decode(kv[1]) : "");
            }
        }
        if (body != null && !body.isEmpty()) {
            sent.withBody(body);
        }
        var answered = new SimpleResponse.Builder(status);
        responseHeaders.forEach(answered::withHeader);
        if (responseBody != null && !responseBody.isEmpty()) {
            answered.withBody(responseBody);
        }
        ValidationReport report = judge.validateResponse(uri.getRawPath(), method, answered.build());
        if (status / 100 == 2) {
            report = report.merge(judge.validateRequest(sent.build()));
        }
        List<ValidationReport.Message> violations = report.getMessages().stream()
                .filter(m -> m.getLevel() == ValidationReport.Level.ERROR)
                .toList();
        return violations.stream().anyMatch(m -> NOT_AN_OPERATION.contains(m.getKey())) ? List.of() : violations;
    }

    private static String decode(String value) {
        return URLDecoder.decode(value, StandardCharsets.UTF_8);
    }

    static OpenApiInteractionValidator validator(HttpClient http, String baseUrl) {
        OpenApiInteractionValidator current = validator;
        if (current == null) {
            synchronized (ApiDocument.class) {
                current = validator;
                if (current == null) {
                    current = OpenApiInteractionValidator.createForInlineApiSpecification(fetch(http, baseUrl))
                            // Tests post {} to actions that take no body (approve, promote); the service ignores it.
                            .withLevelResolver(LevelResolver.create()
                                    .withLevel("validation.request.body.unexpected", ValidationReport.Level.IGNORE)
                                    .build())
                            .build();
                    validator = current;
                }
            }
        }
        return current;
    }

    private static String fetch(HttpClient http, String baseUrl) {
        try {
            HttpResponse<String> document = http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/v3/api-docs")).GET()
                    .build(), HttpResponse.BodyHandlers.ofString());
            if (document.statusCode() != 200) {
                throw new IllegalStateException("GET /v3/api-docs: " + document.statusCode() + " " + document.body());
            }
            return document.body();
        } catch (java.io.IOException e) {
            throw new IllegalStateException("could not read the OpenAPI document", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted reading the OpenAPI document", e);
        }
    }
}
