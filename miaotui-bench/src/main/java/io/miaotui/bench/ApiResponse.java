package io.miaotui.bench;

/**
 * One request's outcome: a status code and body, or (status {@link #NO_RESPONSE}) the exception that kept a
 * response from arriving. {@code nanos} is the wall time the call took either way.
 */
public record ApiResponse(int status, String body, long nanos, Exception error) {
    public static final int NO_RESPONSE = -1;

    public static ApiResponse of(int status, String body, long nanos) {
        return new ApiResponse(status, body == null ? "" : body, nanos, null);
    }

    public static ApiResponse failed(Exception error, long nanos) {
        return new ApiResponse(NO_RESPONSE, "", nanos, error);
    }

    public boolean responded() {
        return error == null;
    }

    public boolean isSuccess() {
        return status >= 200 && status < 300;
    }

    public boolean isServerError() {
        return status >= 500;
    }

    /** A short line for logs: "HTTP 400: {...}" or "ConnectException: ...". */
    public String describe() {
        if (!responded()) {
            return error.getClass().getSimpleName() + (error.getMessage() == null ? "" : ": " + error.getMessage());
        }
        String snippet = body.length() > 300 ? body.substring(0, 300) + "..." : body;
        return "HTTP " + status + (snippet.isBlank() ? "" : ": " + snippet.strip());
    }
}
