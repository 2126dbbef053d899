package io.miaotui.server.web;

import java.net.URI;
import org.springframework.http.HttpStatus;

/**
 * Every cause of an error the API reports, each with a stable {@code type} URI that clients may switch on.
 * Add a cause here rather than reusing one whose meaning is different.
 */
public enum ProblemType {
    MALFORMED_REQUEST("malformed-request", HttpStatus.BAD_REQUEST, "Malformed request"),
    INVALID_REQUEST("invalid-request", HttpStatus.UNPROCESSABLE_CONTENT, "Invalid request"),
    IDEMPOTENCY_KEY_MISSING("idempotency-key-missing", HttpStatus.BAD_REQUEST, "Idempotency-Key header required"),
    IDEMPOTENCY_KEY_REUSED("idempotency-key-reused", HttpStatus.UNPROCESSABLE_CONTENT,
            "Idempotency key already used for another request"),
    SHOP_NOT_FOUND("shop-not-found", HttpStatus.NOT_FOUND, "Shop not found"),
    UNKNOWN_SHOP("unknown-shop", HttpStatus.UNPROCESSABLE_CONTENT, "Unknown shop"),
    ORDER_NOT_FOUND("order-not-found", HttpStatus.NOT_FOUND, "Order not found"),
    LINE_NOT_FOUND("line-not-found", HttpStatus.NOT_FOUND, "Order line not found"),
    ORDER_CONFLICT("order-conflict", HttpStatus.CONFLICT, "Order already registered with different content"),
    REFUND_NOT_FOUND("refund-not-found", HttpStatus.NOT_FOUND, "Refund not found"),
    AMOUNT_EXCEEDS_REFUNDABLE("amount-exceeds-refundable", HttpStatus.UNPROCESSABLE_CONTENT,
            "Amount exceeds what is still refundable"),
    REFUND_IN_PROGRESS("refund-in-progress", HttpStatus.CONFLICT, "Refund in progress: shipment intercepted"),
    ALREADY_SHIPPED("already-shipped", HttpStatus.CONFLICT, "Line already shipped with another parcel"),
    REFUND_NOT_PENDING("refund-not-pending", HttpStatus.CONFLICT, "Refund is not pending merchant review"),
    POLICY_INVALID("policy-invalid", HttpStatus.UNPROCESSABLE_CONTENT, "Policy expression does not compile"),
    POLICY_NOT_FOUND("policy-not-found", HttpStatus.NOT_FOUND, "Policy version not found"),
    POLICY_TRANSITION_REFUSED("policy-transition-refused", HttpStatus.CONFLICT, "Policy version cannot do that now"),
    UNAUTHENTICATED("unauthenticated", HttpStatus.UNAUTHORIZED, "Authentication required"),
    FORBIDDEN("forbidden", HttpStatus.FORBIDDEN, "Not allowed"),
    RATE_LIMITED("rate-limited", HttpStatus.TOO_MANY_REQUESTS, "Too many requests"),
    NOT_FOUND("not-found", HttpStatus.NOT_FOUND, "No such resource"),
    PAYLOAD_TOO_LARGE("payload-too-large", HttpStatus.CONTENT_TOO_LARGE, "Request body too large"),
    METHOD_NOT_ALLOWED("method-not-allowed", HttpStatus.METHOD_NOT_ALLOWED, "Method not allowed"),
    UNSUPPORTED_MEDIA_TYPE("unsupported-media-type", HttpStatus.UNSUPPORTED_MEDIA_TYPE, "Unsupported media type"),
    NOT_ACCEPTABLE("not-acceptable", HttpStatus.NOT_ACCEPTABLE, "Not acceptable"),
    CLOSING_RULE_BROKEN("closing-rule-broken", HttpStatus.UNPROCESSABLE_CONTENT, "Closing breaks a platform rule"),
    CLOSING_STARTED("closing-started", HttpStatus.CONFLICT, "Closing already started"),
    CLOSING_NOT_FOUND("closing-not-found", HttpStatus.NOT_FOUND, "No closing"),
    GATEWAY_UNAVAILABLE("gateway-unavailable", HttpStatus.SERVICE_UNAVAILABLE, "Payment gateway unavailable"),
    DATABASE_UNAVAILABLE("database-unavailable", HttpStatus.SERVICE_UNAVAILABLE, "Database unavailable"),
    INTERNAL_ERROR("internal-error", HttpStatus.INTERNAL_SERVER_ERROR, "Internal error");

    public static final String BASE = "https://miaotui.io/problems/";

    private final String slug;
    private final HttpStatus status;
    private final String title;

    ProblemType(String slug, HttpStatus status, String title) {
        this.slug = slug;
        this.status = status;
        this.title = title;
    }

    /** The cause to report for an error status raised outside the API's own handlers (the container, a filter). */
    public static ProblemType forErrorStatus(int status) {
        return switch (status) {
            case 404 -> NOT_FOUND;
            case 405 -> METHOD_NOT_ALLOWED;
            case 413 -> PAYLOAD_TOO_LARGE;
            default -> status >= 400 && status < 500 ? MALFORMED_REQUEST : INTERNAL_ERROR;
        };
    }

    public URI uri() {
        return URI.create(BASE + slug);
    }

    public HttpStatus status() {
        return status;
    }

    public String title() {
        return title;
    }
}
