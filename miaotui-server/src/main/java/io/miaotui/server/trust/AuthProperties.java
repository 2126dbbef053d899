package io.miaotui.server.trust;

import java.net.URI;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How tokens are checked: by a JWKS URL (an identity provider's keys; RS256/ES256), else by an HMAC secret
 * (base64, at least 32 bytes), else by the secret generated once into the data directory. {@code issuer}, when
 * set, must match the token's {@code iss}.
 */
@ConfigurationProperties("miaotui.auth")
public record AuthProperties(URI jwksUrl, String hmacSecret, @DefaultValue("miaotui") String issuer) {
}
