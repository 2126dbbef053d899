package io.miaotui.server.trust;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Signs HS256 bearer tokens with the claims {@link TokenClaims} reads: sub, role, shop, iss, iat, exp, and aud
 * when the service requires an audience.
 */
public final class TokenMinter {
    private final MACSigner signer;
    private final String issuer;
    private final Optional<String> audience;

    public TokenMinter(byte[] secret, String issuer) {
        this(secret, issuer, Optional.empty());
    }

    public TokenMinter(byte[] secret, String issuer, Optional<String> audience) {
        try {
            this.signer = new MACSigner(secret);
        } catch (JOSEException e) {
            throw new IllegalArgumentException("unusable token secret: " + e.getMessage(), e);
        }
        this.issuer = issuer;
        this.audience = audience;
    }

    /**
     * The minter the jar's commands use: the service's secret ({@link SigningSecret#fromEnvironment}), its
     * issuer ({@code MIAOTUI_AUTH_ISSUER}, default {@code miaotui}) and audience ({@code MIAOTUI_AUTH_AUDIENCE},
     * if set), so their tokens pass the service's checks.
     */
    public static TokenMinter fromEnvironment(Map<String, String> env) {
        Optional<String> audience = Optional.ofNullable(env.get("MIAOTUI_AUTH_AUDIENCE")).map(String::strip)
                .filter(a -> !a.isEmpty());
        return new TokenMinter(SigningSecret.fromEnvironment(env), env.getOrDefault("MIAOTUI_AUTH_ISSUER", "miaotui"),
                audience);
    }

    public String mint(Role role, String subject, Optional<String> shop, Instant now, Duration lifetime) {
        var claims = new JWTClaimsSet.Builder()
                .issuer(issuer)
                .subject(subject)
                .claim(TokenClaims.ROLE, role.name())
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(lifetime)))
                .jwtID(UUID.randomUUID().toString());
        shop.ifPresent(s -> claims.claim(TokenClaims.SHOP, s));
        audience.ifPresent(claims::audience);
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims.build());
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException("signing failed: " + e.getMessage(), e);
        }
        return jwt.serialize();
    }
}
