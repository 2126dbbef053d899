package io.miaotui.bench;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * What one run does: where the server is, how many orders, how many concurrent workers, an optional time cap on
 * the refund phase, the run id that prefixes every id the run creates, and where the token secret is.
 */
public record BenchOptions(
        URI baseUrl,
        int orders,
        int concurrency,
        int seedConcurrency,
        Optional<Duration> durationCap,
        String runId,
        Optional<Path> secretFile,
        boolean help) {

    public BenchOptions {
        Objects.requireNonNull(baseUrl, "baseUrl");
        Objects.requireNonNull(durationCap, "durationCap");
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(secretFile, "secretFile");
    }
}
