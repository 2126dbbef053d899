package io.miaotui.server.trust;

import java.net.URI;
import java.util.Optional;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How tokens are checked: by a JWKS URL (an identity provider's keys; RS256 or ES256), else by an HMAC secret
 * (base64, at least 32 bytes), else by the secret generated once into the data directory. {@code issuer} must
 * match the token's {@code iss}; {@code audience}, when set, must be among the token's {@code aud}.
 */
@ConfigurationProperties("miaotui.auth")
public record AuthProperties(URI jwksUrl, String hmacSecret, @DefaultValue("miaotui") String issuer, String audience) {

    /** The audience tokens must name, if one is configured (blank counts as none). */
    public Optional<String> requiredAudience() {
        return Optional.ofNullable(audience).map(String::strip).filter(a -> !a.isEmpty());
    }
}
