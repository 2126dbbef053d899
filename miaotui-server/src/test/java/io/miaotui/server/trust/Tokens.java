package io.miaotui.server.trust;

import static org.assertj.core.api.Assertions.assertThat;

import io.miaotui.server.database.MiaotuiDataProperties;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.security.oauth2.jwt.JwtDecoder;

/** The service's own HS256 tokens for decoder tests: a secret, the decoder the service builds, the token command. */
final class Tokens {
    private Tokens() {
    }

    /** A fresh base64 HS256 secret. */
    static String secret() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }

    /** The {@code miaotui.auth} properties with this secret and {@code properties} besides, bound as Spring does. */
    static AuthProperties auth(String secret, Map<String, String> properties) {
        var all = new HashMap<>(properties);
        all.put("miaotui.auth.hmac-secret", secret);
        return new Binder(new MapConfigurationPropertySource(all)).bindOrCreate("miaotui.auth", AuthProperties.class);
    }

    /** The decoder the service builds from these properties. */
    static JwtDecoder decoder(AuthProperties auth, Path dataDir) {
        return new SecurityConfiguration().jwtDecoder(auth, new MiaotuiDataProperties(dataDir.toString(), false));
    }

    /** What {@code token <args>} prints with the secret (and {@code env} besides) in its environment. */
    static String command(String secret, Map<String, String> env, String... args) {
        var all = new HashMap<>(env);
        all.put("MIAOTUI_AUTH_HMAC_SECRET", secret);
        var command = new String[args.length + 1];
        command[0] = "token";
        System.arraycopy(args, 0, command, 1, args.length);
        var out = new ByteArrayOutputStream();
        assertThat(TokenCommand.run(command, all, new PrintStream(out, true, StandardCharsets.UTF_8), System.err))
                .isZero();
        return out.toString(StandardCharsets.UTF_8).strip();
    }
}
