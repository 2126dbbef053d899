package io.miaotui.server.trust;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import io.miaotui.server.MiaotuiApplication;
import io.miaotui.server.support.Api;
import io.miaotui.server.support.TestDirs;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;

/** With a JWKS URL configured, tokens are checked against an identity provider's keys, not the local secret. */
class JwksTest {

    @Test
    @DisplayName("an RS256 token from the identity provider is accepted; one signed with the local secret is not")
    void identityProviderKeys() throws Exception {
        RSAKey key = new RSAKeyGenerator(2048).keyID("idp-1").generate();
        HttpServer idp = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        byte[] jwks = new JWKSet(key.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
        idp.createContext("/jwks", exchange -> {
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, jwks.length);
            exchange.getResponseBody().write(jwks);
            exchange.close();
        });
        idp.start();
        try (var context = new SpringApplicationBuilder(MiaotuiApplication.class).run("--server.port=0",
                "--miaotui.durable=false", "--logging.level.io.miaotui=WARN",
                "--miaotui.data-dir=" + TestDirs.fresh("miaotui-jwks-"),
                "--miaotui.auth.jwks-url=http://127.0.0.1:" + idp.getAddress().getPort() + "/jwks")) {
            Api api = Api.of(context);
            var claims = new JWTClaimsSet.Builder().issuer("miaotui").subject("ops-idp").claim("role", "OPERATOR")
                    .issueTime(new Date()).expirationTime(Date.from(Instant.now().plusSeconds(300))).build();
            SignedJWT signed = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("idp-1").build(), claims);
            signed.sign(new RSASSASigner(key));

            assertThat(api.as(signed.serialize()).get("/api/v1/ledger/check").status()).isEqualTo(200);
            assertThat(api.as(api.actors().operator()).get("/api/v1/ledger/check").status())
                    .as("HS256 with the data directory's secret").isEqualTo(401);
        } finally {
            idp.stop(0);
        }
    }
}
