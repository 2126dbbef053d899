package io.miaotui.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Drives the whole bench against {@link FakeMiaotui}. */
class RefundLoadTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void seedsRefundsMeasuresAndReports() throws Exception {
        try (FakeMiaotui server = new FakeMiaotui(0)) {
            int exit = run("--base-url", server.baseUrl().toString(), "--orders", "300", "--concurrency", "16",
                    "--seed-concurrency", "8", "--run-id", "t1");

            OrderPlan plan = new OrderPlan("t1", Instant.EPOCH);
            long expectedInstant = IntStream.range(0, 300).filter(plan::expectsInstant).count();
            String report = out.toString(StandardCharsets.UTF_8);
            assertThat(exit).as(report + err).isZero();
            assertThat(server.ordersSeen()).isEqualTo(300);
            assertThat(report)
                    .contains("300 of 300 accepted")
                    .contains("requests        300 of 300 planned")
                    .contains("status codes    201: 300")
                    .contains("instant " + expectedInstant + " (APPROVED/PAID), review " + (300 - expectedInstant))
                    .contains("default rules expect instant " + expectedInstant)
                    .contains("p50 ", "p99.9 ", "latency (ms)", "#")
                    .contains("paid            200 of 200")
                    .contains("created->paid   p50 5.000 ms  p99 5.000 ms")
                    .contains("result: OK");
            assertThat(err.toString(StandardCharsets.UTF_8)).contains("[seed] 300/300 orders accepted");
        }
    }

    @Test
    void serverErrorsMakeTheExitCodeNonZero() throws Exception {
        try (FakeMiaotui server = new FakeMiaotui(10)) {
            int exit = run("--base-url", server.baseUrl().toString(), "--orders", "50", "--run-id", "t2");

            assertThat(exit).isEqualTo(RefundLoad.EXIT_FAILURES);
            assertThat(out.toString(StandardCharsets.UTF_8))
                    .contains("201: 45, 500: 5")
                    .contains("first failure: HTTP 500")
                    .contains("result: FAILED (5 5xx responses, 0 connection errors)");
        }
    }

    @Test
    void anUnreachableServerFailsFastWithAReason() {
        int exit = run("--base-url", "http://127.0.0.1:1", "--orders", "5");

        assertThat(exit).isEqualTo(RefundLoad.EXIT_FAILURES);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("PUT /api/v1/shops/").contains("ConnectException");
    }

    @Test
    void aMissingSecretFileIsAUsageError() {
        assertThat(RefundLoad.run(new String[] {"--secret-file", "/nonexistent/jwt-hmac.key"},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8)))
                .isEqualTo(RefundLoad.EXIT_USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("cannot read the token secret");
    }

    private static java.nio.file.Path secretFile() {
        try {
            java.nio.file.Path file = java.nio.file.Files.createTempFile("bench-secret", ".key");
            java.nio.file.Files.writeString(file, java.util.Base64.getEncoder().encodeToString(FakeMiaotui.SECRET));
            file.toFile().deleteOnExit();
            return file;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void badArgumentsPrintUsage() {
        assertThat(run("--orders", "zero")).isEqualTo(RefundLoad.EXIT_USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--orders must be a whole number", "Usage:");
        assertThat(run("--help")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("Usage:");
    }

    /** Runs the bench with the fake's token secret, unless the arguments say --help. */
    private int run(String... args) {
        var all = new java.util.ArrayList<>(java.util.List.of(args));
        if (!all.contains("--help")) {
            all.addAll(java.util.List.of("--secret-file", secretFile().toString()));
        }
        return RefundLoad.run(all.toArray(String[]::new), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }
}
