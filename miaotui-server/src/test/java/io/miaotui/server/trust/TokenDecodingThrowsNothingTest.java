package io.miaotui.server.trust;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.security.oauth2.jwt.JwtDecoder;

/**
 * Every request's bearer token is decoded, so decoding must not build exceptions: Spring Security's default claim
 * converter turns {@code iss} into a URL and, for an issuer like ours ("miaotui"), builds and catches an
 * IllegalArgumentException with a full stack trace on every request (found by a CPU profile of the refund storm:
 * about 4 % of the server's samples). JFR records each exception constructed on the decoding thread.
 */
class TokenDecodingThrowsNothingTest {
    private static final int DECODES = 50;

    @TempDir
    Path dataDir;

    @Test
    @DisplayName("decoding a valid token constructs no exception, and the issuer is still checked as a string")
    void noExceptionPerDecode() throws Exception {
        String secret = Tokens.secret();
        AuthProperties auth = Tokens.auth(secret, Map.of());
        JwtDecoder decoder = Tokens.decoder(auth, dataDir);
        String token = Tokens.command(secret, Map.of(), "--role", "BUYER", "--subject", "b-1");
        decoder.decode(token); // classes loaded and caches filled outside the recording

        long thread = Thread.currentThread().threadId();
        Path file = dataDir.resolve("decode.jfr");
        try (Recording recording = new Recording()) {
            recording.enable("jdk.JavaExceptionThrow").withStackTrace();
            recording.start();
            for (int i = 0; i < DECODES; i++) {
                assertThat(decoder.decode(token).getClaimAsString("iss")).isEqualTo(auth.issuer());
            }
            recording.stop();
            recording.dump(file);
        }
        long thrown = RecordingFile.readAllEvents(file).stream()
                .filter(e -> e.getThread() != null && e.getThread().getJavaThreadId() == thread)
                .filter(e -> e.getStackTrace() != null && e.getStackTrace().getFrames().stream()
                        .anyMatch(f -> f.getMethod().getType().getName().startsWith("org.springframework.security")))
                .count();
        assertThat(thrown).as("exceptions built while decoding %d tokens", DECODES).isZero();
        Files.deleteIfExists(file);
    }
}
