package io.miaotui.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs the bearer tokens the bench needs (the order system to seed, each buyer to ask for their refund, an
 * operator to read refunds back), HS256 with the service's secret: the base64 file the service keeps at
 * {@code <data-dir>/auth/jwt-hmac.key}. Plain JDK, so the bench jar stays dependency-free.
 */
public final class BenchTokens {
    private static final String HEADER = base64url("{\"alg\":\"HS256\",\"typ\":\"JWT\"}");
    private static final long LIFETIME_SECONDS = 6 * 3600;

    private final byte[] secret;
    private final Clock clock;
    /** The two callers that are the same on every request: signed once (a run is far shorter than their life). */
    private final String orderSystem;
    private final String operator;

    public BenchTokens(byte[] secret, Clock clock) {
        this.secret = secret.clone();
        this.clock = clock;
        this.orderSystem = token("ORDER_SYSTEM", "miaotui-bench");
        this.operator = token("OPERATOR", "miaotui-bench");
    }

    /** Reads the secret file, e.g. {@code ./data/auth/jwt-hmac.key}. */
    public static BenchTokens fromFile(Path secretFile, Clock clock) {
        try {
            return new BenchTokens(Base64.getDecoder().decode(Files.readString(secretFile).strip()), clock);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the token secret " + secretFile
                    + " (start the service once, or give --secret-file)", e);
        }
    }

    public String orderSystem() {
        return orderSystem;
    }

    public String operator() {
        return operator;
    }

    public String buyer(String buyerId) {
        return token("BUYER", buyerId);
    }

    private String token(String role, String subject) {
        long now = clock.instant().getEpochSecond();
        String payload = "{\"iss\":\"miaotui\",\"sub\":" + MiniJson.quote(subject) + ",\"role\":" + MiniJson.quote(role)
                + ",\"iat\":" + now + ",\"exp\":" + (now + LIFETIME_SECONDS) + "}";
        String signingInput = HEADER + "." + base64url(payload);
        return signingInput + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(hmac(signingInput));
    }

    private byte[] hmac(String input) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return mac.doFinal(input.getBytes(StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    private static String base64url(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }
}
