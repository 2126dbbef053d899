package io.miaotui.server.trust;

import static org.assertj.core.api.Assertions.assertThat;

import io.miaotui.server.database.MiaotuiDataProperties;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
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
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        String secret = Base64.getEncoder().encodeToString(bytes);
        AuthProperties auth = new Binder(new MapConfigurationPropertySource(Map.of("miaotui.auth.hmac-secret", secret)))
                .bindOrCreate("miaotui.auth", AuthProperties.class);
        JwtDecoder decoder = new SecurityConfiguration().jwtDecoder(auth,
                new MiaotuiDataProperties(dataDir.toString(), false));
        var out = new ByteArrayOutputStream();
        assertThat(TokenCommand.run(new String[] {"token", "--role", "BUYER", "--subject", "b-1"},
                Map.of("MIAOTUI_AUTH_HMAC_SECRET", secret), new PrintStream(out, true, StandardCharsets.UTF_8),
                System.err)).isZero();
        String token = out.toString(StandardCharsets.UTF_8).strip();
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
