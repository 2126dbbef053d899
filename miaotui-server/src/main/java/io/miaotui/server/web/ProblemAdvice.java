package io.miaotui.server.web;

import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MissingRequestHeaderException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.servlet.resource.NoResourceFoundException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.core.exc.UnexpectedEndOfInputException;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/**
 * Turns every failure into RFC 9457 problem+json with one of {@link ProblemType}'s stable types. Spring's own
 * exceptions are mapped too, and anything unexpected becomes a bare 500 with no stack trace or SQL in it.
 */
@RestControllerAdvice
public class ProblemAdvice extends ResponseEntityExceptionHandler {
    private static final Logger log = LoggerFactory.getLogger(ProblemAdvice.class);
    static final String RETRY_AFTER_SECONDS = "1";

    @ExceptionHandler(ApiProblem.class)
    ResponseEntity<ProblemDetail> apiProblem(ApiProblem problem) {
        ResponseEntity<ProblemDetail> response = respond(problem.type(), problem.toProblemDetail());
        if (problem.headers().isEmpty()) {
            return response;
        }
        HttpHeaders headers = new HttpHeaders();
        headers.putAll(response.getHeaders());
        problem.headers().forEach(headers::set);
        return new ResponseEntity<>(response.getBody(), headers, response.getStatusCode());
    }

    /**
     * The database is restarting, failing over or out of connections: a 503 the client may retry (every write is
     * idempotent), not a 500 that reads as a bug. Only a failure during the commit itself leaves the outcome open,
     * and the retry's idempotency key settles it.
     */
    @ExceptionHandler({DataAccessResourceFailureException.class, TransientDataAccessException.class,
            CannotCreateTransactionException.class})
    ResponseEntity<ProblemDetail> databaseUnavailable(Exception e) {
        log.warn("database unavailable: {}", e.getMessage());
        ApiProblem problem = new ApiProblem(ProblemType.DATABASE_UNAVAILABLE,
                "The database could not be reached. Send the same request again in a moment.");
        return ResponseEntity.status(problem.type().status()).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .header(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS).body(problem.toProblemDetail());
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception e) {
        log.error("unexpected failure", e);
        return respond(ProblemType.INTERNAL_ERROR,
                new ApiProblem(ProblemType.INTERNAL_ERROR, "The request could not be completed.").toProblemDetail());
    }

    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception ex, Object body, HttpHeaders headers,
            HttpStatusCode statusCode, WebRequest request) {
        ApiProblem problem = switch (ex) {
            case HttpMessageNotReadableException e -> unreadable(e);
            case MissingRequestHeaderException e when "Idempotency-Key".equalsIgnoreCase(e.getHeaderName()) ->
                    new ApiProblem(ProblemType.IDEMPOTENCY_KEY_MISSING,
                            "Send an Idempotency-Key header: the client's own id for this request, 1 to 64 characters.");
            case MissingRequestHeaderException e ->
                    new ApiProblem(ProblemType.MALFORMED_REQUEST, "Header " + e.getHeaderName() + " is required.");
            case HttpRequestMethodNotSupportedException e ->
                    new ApiProblem(ProblemType.METHOD_NOT_ALLOWED, e.getMethod() + " is not supported here.");
            case HttpMediaTypeNotSupportedException e ->
                    new ApiProblem(ProblemType.UNSUPPORTED_MEDIA_TYPE, "Send the body as application/json.");
            case HttpMediaTypeNotAcceptableException e ->
                    new ApiProblem(ProblemType.NOT_ACCEPTABLE, "This resource is served as application/json.");
            case NoResourceFoundException e -> new ApiProblem(ProblemType.NOT_FOUND, "No resource at this path.");
            // A query or path parameter that is not of its type: named, as a body field of the wrong type is.
            case MethodArgumentTypeMismatchException e -> RequestCheck.invalid(List.of(new FieldViolation(e.getName(),
                    isWholeNumber(e.getRequiredType()) ? "must be a whole number" : "has the wrong form")));
            default -> statusCode.is4xxClientError()
                    ? new ApiProblem(ProblemType.MALFORMED_REQUEST, "The request is not valid here.")
                    : internal(ex);
        };
        ResponseEntity<ProblemDetail> response = respond(problem.type(), problem.toProblemDetail());
        HttpHeaders merged = new HttpHeaders();
        merged.putAll(headers);
        merged.putAll(response.getHeaders());
        return new ResponseEntity<>(response.getBody(), merged, response.getStatusCode());
    }

    private static boolean isWholeNumber(Class<?> type) {
        return type == int.class || type == Integer.class || type == long.class || type == Long.class;
    }

    private static ApiProblem unreadable(HttpMessageNotReadableException e) {
        if (e.getCause() instanceof JacksonException jackson && !jackson.getPath().isEmpty()) {
            String field = path(jackson.getPath());
            String message = jackson instanceof UnrecognizedPropertyException
                    ? "is not a known field"
                    : jackson instanceof DatabindException
                            ? "has the wrong type or form (amounts and ids are JSON strings)"
                            : "is not valid JSON";
            return RequestCheck.invalid(List.of(new FieldViolation(field, message)));
        }
        if (e.getCause() instanceof StreamReadException read && !(read instanceof UnexpectedEndOfInputException)
                && read.processor() != null) {
            // A bad token inside a value (NaN, a bare word): name the field it stood in.
            String field = field(read.processor().streamReadContext().pathAsPointer().toString());
            if (!field.isEmpty()) {
                return RequestCheck.invalid(List.of(new FieldViolation(field, "is not valid JSON")));
            }
        }
        return new ApiProblem(ProblemType.MALFORMED_REQUEST, "The body is not well-formed JSON.");
    }

    /** "/lines/0/quantity" → "lines[0].quantity". */
    static String field(String pointer) {
        StringBuilder field = new StringBuilder();
        for (String segment : pointer.split("/")) {
            if (segment.isEmpty()) {
                continue;
            }
            if (segment.chars().allMatch(Character::isDigit)) {
                field.append('[').append(segment).append(']');
            } else {
                field.append(field.isEmpty() ? "" : ".").append(segment.replace("~1", "/").replace("~0", "~"));
            }
        }
        return field.toString();
    }

    private static ApiProblem internal(Exception ex) {
        log.error("unexpected framework failure", ex);
        return new ApiProblem(ProblemType.INTERNAL_ERROR, "The request could not be completed.");
    }

    static String path(List<JacksonException.Reference> references) {
        StringBuilder path = new StringBuilder();
        for (JacksonException.Reference reference : references) {
            if (reference.getPropertyName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(reference.getPropertyName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    private static ResponseEntity<ProblemDetail> respond(ProblemType type, ProblemDetail detail) {
        return ResponseEntity.status(type.status()).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(detail);
    }
}
