package io.miaotui.server.trust;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.miaotui.server.support.Api;
import io.miaotui.server.support.ApiTestBase;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tokens that must not get in (none, expired, forged, unsigned, ill-formed claims) and the jar's token command. */
class TokenTest extends ApiTestBase {

    private static byte[] secret() {
        return SigningSecret.readOrCreate(dataDir());
    }

    private static String sign(byte[] key, JWTClaimsSet claims) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
        jwt.sign(new MACSigner(key));
        return jwt.serialize();
    }

    private static JWTClaimsSet.Builder claims(String role, String subject) {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder().issuer("miaotui").subject(subject).claim("role", role)
                .issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(600)));
    }

    @Test
    @DisplayName("no token, a forged, expired, unsigned or ill-formed one: 401 problem+json with WWW-Authenticate, nothing read")
    void badTokens() throws Exception {
        byte[] key = secret();
        byte[] otherKey = new byte[32];
        new SecureRandom().nextBytes(otherKey);
        Instant past = Instant.now().minus(Duration.ofHours(3));
        String unsigned = Base64.getUrlEncoder().withoutPadding().encodeToString("{\"alg\":\"none\"}".getBytes())
                + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(
                        "{\"sub\":\"ops\",\"role\":\"OPERATOR\",\"iss\":\"miaotui\"}".getBytes()) + ".";
        var bad = new java.util.LinkedHashMap<String, String>();
        bad.put("none", null);
        bad.put("garbage", "not-a-token");
        bad.put("forged", sign(otherKey, claims("OPERATOR", "ops").build()));
        bad.put("expired", sign(key, claims("OPERATOR", "ops").issueTime(Date.from(past))
                .expirationTime(Date.from(past.plusSeconds(60))).build()));
        bad.put("unsigned", unsigned);
        bad.put("other issuer", sign(key, claims("OPERATOR", "ops").issuer("someone-else").build()));
        bad.put("unknown role", sign(key, claims("ADMIN", "ops").build()));
        bad.put("no role", sign(key, claims("OPERATOR", "ops").claim("role", null).build()));
        bad.put("merchant without shop", sign(key, claims("MERCHANT", "staff").build()));
        bad.put("subject too long", sign(key, claims("OPERATOR", "x".repeat(65)).build()));
        bad.put("tampered", tamper(sign(key, claims("BUYER", "B-1").build())));

        for (var entry : bad.entrySet()) {
            Api.Reply reply = api.as(entry.getValue()).get("/api/v1/ledger/check");
            assertThat(reply.status()).as(entry.getKey()).isEqualTo(401);
            assertThat(reply.problem()).as(entry.getKey()).isEqualTo("unauthenticated");
            assertThat(reply.contentType()).as(entry.getKey()).startsWith("application/problem+json");
            assertThat(reply.raw()).as(entry.getKey()).doesNotContain("Exception").doesNotContain("Jwt");
        }
        assertThat(api.as(sign(key, claims("OPERATOR", "ops").build())).get("/api/v1/ledger/check").status())
                .as("the same claims, properly signed").isEqualTo(200);
    }

    /** Changes the payload's role to OPERATOR, keeping the buyer's signature. */
    private static String tamper(String token) {
        String[] parts = token.split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                .replace("\"BUYER\"", "\"OPERATOR\"");
        return parts[0] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(payload.getBytes()) + "." + parts[2];
    }

    @Test
    @DisplayName("401 says Bearer in WWW-Authenticate; the open endpoints (health, API docs) need no token")
    void openEndpoints() throws Exception {
        var http = java.net.http.HttpClient.newHttpClient();
        var noToken = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                "http://127.0.0.1:" + port + "/api/v1/refunds/x")).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(noToken.statusCode()).isEqualTo(401);
        assertThat(noToken.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
        for (String open : List.of("/actuator/health", "/v3/api-docs", "/actuator/prometheus")) {
            assertThat(api.as(null).get(open).status()).as(open).isEqualTo(200);
        }
    }

    @Test
    @DisplayName("the token command prints a token the running service accepts, for each role")
    void tokenCommandAgainstTheRunningService() {
        Map<String, String> env = Map.of("MIAOTUI_DATA_DIR", dataDir().toString());
        String operator = command(env, "token", "--role", "OPERATOR", "--subject", "ops-7");
        String orderSystem = command(env, "token", "--role", "ORDER_SYSTEM", "--subject", "oms");
        String shopId = "S-cmd-" + run;
        assertThat(api.as(orderSystem).put("/api/v1/shops/" + shopId, Map.of("name", "Cmd", "channel", "TMALL")).status())
                .isEqualTo(200);
        String merchant = command(env, "token", "--role", "MERCHANT", "--subject", "staff-1", "--shop", shopId);
        String buyer = command(env, "token", "--role", "BUYER", "--subject", "B-cmd", "--ttl", "PT5M");

        assertThat(api.as(operator).get("/api/v1/ledger/check").status()).isEqualTo(200);
        assertThat(api.as(merchant).get("/api/v1/shops/" + shopId + "/refunds").status()).isEqualTo(200);
        assertThat(api.as(buyer).get("/api/v1/orders/O-none").status()).isEqualTo(404);
        assertThat(api.as(buyer).get("/api/v1/ledger/check").status()).isEqualTo(403);
    }

    @Test
    @DisplayName("the token command refuses bad options with exit code 2, and starts nothing but the secret file")
    void tokenCommandUsage(@TempDir Path fresh) {
        Map<String, String> env = Map.of("MIAOTUI_DATA_DIR", fresh.toString());
        for (String[] args : List.of(new String[] {"token"}, new String[] {"token", "--role", "ADMIN", "--subject", "x"},
                new String[] {"token", "--role", "MERCHANT", "--subject", "x"},
                new String[] {"token", "--role", "BUYER", "--subject", "x", "--shop", "S"},
                new String[] {"token", "--role", "BUYER", "--subject", " x"},
                new String[] {"token", "--role", "BUYER", "--subject", "x", "--ttl", "forever"},
                new String[] {"token", "--role", "BUYER", "--subject", "x", "--color", "red"})) {
            var err = new ByteArrayOutputStream();
            int exit = TokenCommand.run(args, env, new PrintStream(new ByteArrayOutputStream()), new PrintStream(err));
            assertThat(exit).as(String.join(" ", args)).isEqualTo(2);
            assertThat(err.toString()).contains("usage:");
        }
        assertThat(command(env, "token", "--role", "BUYER", "--subject", "B-1")).matches("[\\w-]+\\.[\\w-]+\\.[\\w-]+");
        try (Stream<Path> files = Files.walk(fresh)) {
            assertThat(files.filter(Files::isRegularFile).map(p -> fresh.relativize(p).toString()).toList())
                    .containsExactly("auth/jwt-hmac.key");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        assertThat(command(env, "token", "--role", "OPERATOR", "--subject", "ops")).as("the same secret again").isNotBlank();
    }

    private static String command(Map<String, String> env, String... args) {
        var out = new ByteArrayOutputStream();
        int exit = TokenCommand.run(args, env, new PrintStream(out, true, StandardCharsets.UTF_8), System.err);
        assertThat(exit).isZero();
        return out.toString(StandardCharsets.UTF_8).strip();
    }
}
