package io.miaotui.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;
import org.springframework.dao.CannotAcquireLockException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.transaction.CannotCreateTransactionException;

/**
 * While PostgreSQL restarts, the storm's chaos run saw requests answered 500 `internal-error`, which reads as a bug
 * and which the API document listed nowhere. A database that cannot be reached is a 503 the client retries.
 */
class DatabaseUnavailableTest {
    private final ProblemAdvice advice = new ProblemAdvice();

    @Test
    void anUnreachableDatabaseIsARetryable503() {
        for (Exception failure : new Exception[] {
                new CannotGetJdbcConnectionException("pool", new SQLTransientConnectionException("timeout")),
                new CannotCreateTransactionException("Could not open JDBC Connection for transaction"),
                new CannotAcquireLockException("lock timeout")}) {
            ResponseEntity<ProblemDetail> answer = advice.databaseUnavailable(failure);

            assertThat(answer.getStatusCode().value()).as(failure.toString()).isEqualTo(503);
            assertThat(answer.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
            assertThat(answer.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("1");
            assertThat(answer.getBody().getType().toString()).endsWith("/database-unavailable");
            assertThat(answer.getBody().getDetail()).doesNotContain("JDBC", "pool", "lock timeout");
        }
    }

    @Test
    void anythingElseStaysABare500() {
        ResponseEntity<ProblemDetail> answer = advice.unexpected(new IllegalStateException("bug"));

        assertThat(answer.getStatusCode().value()).isEqualTo(500);
        assertThat(answer.getBody().getType().toString()).endsWith("/internal-error");
    }
}
