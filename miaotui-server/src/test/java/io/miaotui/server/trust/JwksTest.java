package io.miaotui.server.trust;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
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
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * With a JWKS URL configured, tokens are checked against an identity provider's keys, not the local secret: RS256
 * and ES256 as the README says, and, with an audience configured, only tokens meant for it.
 */
class JwksTest {
    private static final String AUDIENCE = "miaotui-api";

    private static RSAKey rsa;
    private static ECKey ec;
    private static HttpServer idp;
    private static ConfigurableApplicationContext context;
    private static Api api;

    @BeforeAll
    static void identityProviderAndService() throws Exception {
        rsa = new RSAKeyGenerator(2048).keyID("idp-rsa").generate();
        ec = new ECKeyGenerator(Curve.P_256).keyID("idp-ec").generate();
        idp = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        byte[] jwks = new JWKSet(List.of(rsa.toPublicJWK(), ec.toPublicJWK())).toString().getBytes(StandardCharsets.UTF_8);
        idp.createContext("/jwks", exchange -> {
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, jwks.length);
            exchange.getResponseBody().write(jwks);
            exchange.close();
        });
        idp.start();
        context = new SpringApplicationBuilder(MiaotuiApplication.class).run("--server.port=0",
                "--miaotui.durable=false", "--logging.level.io.miaotui=WARN",
                "--miaotui.data-dir=" + TestDirs.fresh("miaotui-jwks-"),
                "--miaotui.auth.jwks-url=http://127.0.0.1:" + idp.getAddress().getPort() + "/jwks",
                "--miaotui.auth.audience=" + AUDIENCE);
        api = Api.of(context);
    }

    @AfterAll
    static void stop() {
        if (context != null) {
            context.close();
        }
        if (idp != null) {
            idp.stop(0);
        }
    }

    private static JWTClaimsSet.Builder operator() {
        return new JWTClaimsSet.Builder().issuer("miaotui").subject("ops-idp").claim("role", "OPERATOR")
                .issueTime(new Date()).expirationTime(Date.from(Instant.now().plusSeconds(300)));
    }

    private static String sign(JWSAlgorithm algorithm, String keyId, JWSSigner signer, JWTClaimsSet claims)
            throws Exception {
        SignedJWT signed = new SignedJWT(new JWSHeader.Builder(algorithm).keyID(keyId).build(), claims);
        signed.sign(signer);
        return signed.serialize();
    }

    private static int ledgerCheck(String token) {
        return api.as(token).get("/api/v1/ledger/check").status();
    }

    @Test
    @DisplayName("an RS256 token from the identity provider is accepted; one signed with the local secret is not")
    void rs256() throws Exception {
        assertThat(ledgerCheck(sign(JWSAlgorithm.RS256, "idp-rsa", new RSASSASigner(rsa), operator().audience(AUDIENCE)
                .build()))).isEqualTo(200);
        assertThat(ledgerCheck(api.actors().operator())).as("HS256 with the data directory's secret").isEqualTo(401);
    }

    @Test
    @DisplayName("an ES256 token from the identity provider is accepted, as documented; RS512 (not documented) is not")
    void es256() throws Exception {
        assertThat(ledgerCheck(sign(JWSAlgorithm.ES256, "idp-ec", new ECDSASigner(ec), operator().audience(AUDIENCE)
                .build()))).isEqualTo(200);
        assertThat(ledgerCheck(sign(JWSAlgorithm.RS512, "idp-rsa", new RSASSASigner(rsa), operator().audience(AUDIENCE)
                .build()))).as("RS512").isEqualTo(401);
    }

    @Test
    @DisplayName("with an audience configured, a token for another audience or for none is refused; one naming ours"
            + " among others is accepted")
    void audience() throws Exception {
        RSASSASigner signer = new RSASSASigner(rsa);
        assertThat(ledgerCheck(sign(JWSAlgorithm.RS256, "idp-rsa", signer, operator().audience("another-api").build())))
                .as("another audience").isEqualTo(401);
        assertThat(ledgerCheck(sign(JWSAlgorithm.RS256, "idp-rsa", signer, operator().build())))
                .as("no audience").isEqualTo(401);
        assertThat(ledgerCheck(sign(JWSAlgorithm.RS256, "idp-rsa", signer, operator()
                .audience(List.of("another-api", AUDIENCE)).build()))).as("ours among others").isEqualTo(200);
        assertThat(ledgerCheck(sign(JWSAlgorithm.ES256, "idp-ec", new ECDSASigner(ec), operator().audience("another-api")
                .build()))).as("ES256 for another audience").isEqualTo(401);
    }
}
