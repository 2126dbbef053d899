package io.miaotui.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class BenchArgsTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2025-06-18T09:30:15.123Z"), ZoneOffset.UTC);

    @Test
    void defaults() {
        BenchOptions options = BenchArgs.parse(new String[0], CLOCK);

        assertThat(options.baseUrl()).isEqualTo(URI.create("http://127.0.0.1:8080"));
        assertThat(options.orders()).isEqualTo(20_000);
        assertThat(options.concurrency()).isEqualTo(64);
        assertThat(options.seedConcurrency()).isEqualTo(32);
        assertThat(options.durationCap()).isEmpty();
        assertThat(options.runId()).isEqualTo("r20250618-093015-123");
        assertThat(options.help()).isFalse();
    }

    @Test
    void everyOptionInBothSpellings() {
        BenchOptions options = BenchArgs.parse(new String[] {
                "--base-url", "http://miaotui.local:9090/", "--orders=500", "--concurrency", "8",
                "--seed-concurrency", "4", "--duration-s", "30", "--run-id", "nightly_7"}, CLOCK);

        assertThat(options.baseUrl()).isEqualTo(URI.create("http://miaotui.local:9090"));
        assertThat(options.orders()).isEqualTo(500);
        assertThat(options.concurrency()).isEqualTo(8);
        assertThat(options.seedConcurrency()).isEqualTo(4);
        assertThat(options.durationCap()).contains(Duration.ofSeconds(30));
        assertThat(options.runId()).isEqualTo("nightly_7");
    }

    @Test
    void theDefaultRunIdChangesWithTime() {
        String earlier = BenchArgs.parse(new String[0], CLOCK).runId();
        String later = BenchArgs.parse(new String[0], Clock.offset(CLOCK, Duration.ofMillis(1))).runId();

        assertThat(later).isNotEqualTo(earlier);
    }

    @Test
    void help() {
        assertThat(BenchArgs.parse(new String[] {"--help"}, CLOCK).help()).isTrue();
        assertThat(BenchArgs.parse(new String[] {"--orders", "5", "-h"}, CLOCK).help()).isTrue();
        assertThat(BenchArgs.usage()).contains("--base-url", "--orders", "--concurrency", "--seed-concurrency",
                "--duration-s", "--run-id", "--help");
    }

    @Test
    void rejectsUnknownOptionsMissingValuesAndStrayWords() {
        assertUsage("unknown option --threads", "--threads", "4");
        assertUsage("--orders needs a value", "--orders");
        assertUsage("--orders needs a value", "--orders", "--concurrency", "4");
        assertUsage("unexpected argument 'fast'", "fast");
    }

    @Test
    void rejectsValuesOutOfRange() {
        assertUsage("--orders must be a whole number", "--orders", "many");
        assertUsage("--orders must be between 1 and", "--orders", "0");
        assertUsage("--concurrency must be between 1 and", "--concurrency", "-3");
        assertUsage("--duration-s must be between 1 and", "--duration-s", "0");
        assertUsage("--base-url must be an http(s) URL", "--base-url", "ftp://host");
        assertUsage("--base-url must be an http(s) URL", "--base-url", "localhost:8080");
        assertUsage("--run-id must be", "--run-id", "has space");
        assertUsage("--run-id must be", "--run-id", "x".repeat(33));
    }

    private static void assertUsage(String message, String... args) {
        assertThatThrownBy(() -> BenchArgs.parse(args, CLOCK))
                .isInstanceOf(BenchArgs.UsageException.class)
                .hasMessageContaining(message);
    }
}
