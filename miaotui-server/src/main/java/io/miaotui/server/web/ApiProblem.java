package io.miaotui.server.web;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.ProblemDetail;

/** An expected refusal on its way to the client as problem+json. Carries no stack trace (none is needed). */
public final class ApiProblem extends RuntimeException {
    private final ProblemType type;
    private final Map<String, Object> properties;
    private final Map<String, String> headers = new LinkedHashMap<>();

    public ApiProblem(ProblemType type, String detail) {
        this(type, detail, Map.of());
    }

    public ApiProblem(ProblemType type, String detail, Map<String, Object> properties) {
        super(detail, null, false, false);
        this.type = type;
        this.properties = new LinkedHashMap<>(properties);
    }

    public ProblemType type() {
        return type;
    }

    /** Adds a response header, such as {@code Retry-After}; returns this problem. */
    public ApiProblem withHeader(String name, String value) {
        headers.put(name, value);
        return this;
    }

    public Map<String, String> headers() {
        return Map.copyOf(headers);
    }

    public ProblemDetail toProblemDetail() {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(type.status(), getMessage());
        problem.setType(type.uri());
        problem.setTitle(type.title());
        properties.forEach(problem::setProperty);
        return problem;
    }
}
