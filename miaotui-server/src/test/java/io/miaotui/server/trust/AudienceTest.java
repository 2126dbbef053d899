package io.miaotui.server.trust;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;

/**
 * {@code miaotui.auth.audience} with the service's own HS256 tokens: when set, a token must name it in {@code aud},
 * and the token command (given the same MIAOTUI_AUTH_AUDIENCE) puts it there. Unset, nothing changes.
 */
class AudienceTest {
    private static final String SECRET = Tokens.secret();

    @TempDir
    Path dataDir;

    /** The decoder the service builds from these properties, bound as Spring binds them. */
    private JwtDecoder decoder(Map<String, String> properties) {
        return Tokens.decoder(Tokens.auth(SECRET, properties), dataDir);
    }

    private static String token(Map<String, String> env) {
        return Tokens.command(SECRET, env, "--role", "OPERATOR", "--subject", "ops");
    }

    @Test
    @DisplayName("with an audience set, the token command's tokens carry it and pass; tokens without it are refused")
    void audienceConfigured() {
        JwtDecoder decoder = decoder(Map.of("miaotui.auth.audience", "miaotui-api"));

        assertThat(decoder.decode(token(Map.of("MIAOTUI_AUTH_AUDIENCE", "miaotui-api"))).getAudience())
                .containsExactly("miaotui-api");
        assertThatThrownBy(() -> decoder.decode(token(Map.of()))).as("no audience").isInstanceOf(JwtException.class);
        assertThatThrownBy(() -> decoder.decode(token(Map.of("MIAOTUI_AUTH_AUDIENCE", "another-api"))))
                .as("another audience").isInstanceOf(JwtException.class);
    }

    @Test
    @DisplayName("with no audience set, tokens with or without one pass as before")
    void noAudienceConfigured() {
        JwtDecoder decoder = decoder(Map.of());

        assertThat(decoder.decode(token(Map.of())).getSubject()).isEqualTo("ops");
        assertThat(decoder.decode(token(Map.of("MIAOTUI_AUTH_AUDIENCE", "miaotui-api"))).getSubject()).isEqualTo("ops");
    }
}
