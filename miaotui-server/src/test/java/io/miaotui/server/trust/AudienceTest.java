package io.miaotui.server.trust;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.miaotui.server.database.MiaotuiDataProperties;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;

/**
 * {@code miaotui.auth.audience} with the service's own HS256 tokens: when set, a token must name it in {@code aud},
 * and the token command (given the same MIAOTUI_AUTH_AUDIENCE) puts it there. Unset, nothing changes.
 */
class AudienceTest {
    private static final String SECRET = secret();

    @TempDir
    Path dataDir;

    private static String secret() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }

    /** The decoder the service builds from these properties, bound as Spring binds them. */
    private JwtDecoder decoder(Map<String, String> properties) {
        var all = new HashMap<>(properties);
        all.put("miaotui.auth.hmac-secret", SECRET);
        AuthProperties auth = new Binder(new MapConfigurationPropertySource(all)).bindOrCreate("miaotui.auth",
                AuthProperties.class);
        return new SecurityConfiguration().jwtDecoder(auth, new MiaotuiDataProperties(dataDir.toString(), false));
    }

    private static String token(Map<String, String> env) {
        var all = new HashMap<>(env);
        all.put("MIAOTUI_AUTH_HMAC_SECRET", SECRET);
        var out = new ByteArrayOutputStream();
        int exit = TokenCommand.run(new String[] {"token", "--role", "OPERATOR", "--subject", "ops"}, all,
                new PrintStream(out, true, StandardCharsets.UTF_8), System.err);
        assertThat(exit).isZero();
        return out.toString(StandardCharsets.UTF_8).strip();
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
