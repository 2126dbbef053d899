package io.miaotui.server.trust;

import io.miaotui.server.database.MiaotuiDataProperties;
import jakarta.servlet.DispatcherType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtAudienceValidator;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.MappedJwtClaimSetConverter;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * Who may call what. Every API path needs a bearer token; the role rules are one table ({@link AccessTable}),
 * whatever it does not list is refused, and the ownership rules (a buyer's own orders, a merchant's own shop) are
 * checked by {@link Access} once the resource's owner is known. Denials are problem+json like every other error.
 */
@Configuration
public class SecurityConfiguration {

    @Bean
    SecurityFilterChain api(HttpSecurity http, JwtDecoder decoder, DenialResponses denials) throws Exception {
        http.csrf(csrf -> csrf.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .httpBasic(basic -> basic.disable())
                .formLogin(form -> form.disable())
                .logout(logout -> logout.disable())
                .requestCache(cache -> cache.disable())
                .exceptionHandling(errors -> errors.authenticationEntryPoint(denials).accessDeniedHandler(denials))
                .oauth2ResourceServer(server -> server
                        .authenticationEntryPoint(denials)
                        .accessDeniedHandler(denials)
                        .jwt(jwt -> jwt.decoder(decoder).jwtAuthenticationConverter(
                                token -> new CallerAuthentication(TokenClaims.callerOf(token), token))))
                // No browser on another origin is served, so there is no CORS and no preflight to answer.
                .cors(cors -> cors.disable())
                .authorizeHttpRequests(paths -> {
                    // The container's error page (a 400 or 405 it raised itself) is rendered for whoever caused it.
                    paths.dispatcherTypeMatchers(DispatcherType.ERROR).permitAll();
                    for (AccessTable.Rule rule : AccessTable.RULES) {
                        var matched = paths.requestMatchers(rule.matchers().toArray(RequestMatcher[]::new));
                        if (rule.isPublic()) {
                            matched.permitAll();
                        } else {
                            matched.hasAnyRole(rule.roleNames());
                        }
                    }
                    paths.anyRequest().denyAll();
                });
        return http.build();
    }

    /**
     * No per-filter observations of the security chain: a JFR profile at ~800 refunds/s found the observation
     * wrappers in ~5 % of CPU samples, and http.server.requests already times every request.
     */
    @Bean
    SecurityObservationSettings securityObservations() {
        return SecurityObservationSettings.noObservations();
    }

    /** The identity provider's algorithms we accept (the README names them); anything else is refused. */
    static final Set<SignatureAlgorithm> PROVIDER_ALGORITHMS = Set.of(SignatureAlgorithm.RS256, SignatureAlgorithm.ES256);

    @Bean
    JwtDecoder jwtDecoder(AuthProperties auth, MiaotuiDataProperties data) {
        NimbusJwtDecoder decoder;
        if (auth.jwksUrl() != null && !auth.jwksUrl().toString().isBlank()) {
            decoder = NimbusJwtDecoder.withJwkSetUri(auth.jwksUrl().toString())
                    .jwsAlgorithms(algorithms -> algorithms.addAll(PROVIDER_ALGORITHMS)).build();
        } else {
            byte[] secret = SigningSecret.resolve(auth.hmacSecret(), Path.of(data.dataDir()));
            decoder = NimbusJwtDecoder.withSecretKey(new SecretKeySpec(secret, "HmacSHA256"))
                    .macAlgorithm(MacAlgorithm.HS256).build();
        }
        List<OAuth2TokenValidator<Jwt>> validators = new ArrayList<>(List.of(
                JwtValidators.createDefaultWithIssuer(auth.issuer()), new TokenClaims()));
        auth.requiredAudience().ifPresent(audience -> validators.add(new JwtAudienceValidator(audience)));
        decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(validators));
        // The issuer stays the string it is: the default converter tries it as a URL first and, for an issuer
        // like "miaotui", builds and catches an exception on every request. The validator compares strings.
        decoder.setClaimSetConverter(MappedJwtClaimSetConverter.withDefaults(
                Map.of(JwtClaimNames.ISS, issuer -> issuer == null ? null : issuer.toString())));
        return decoder;
    }
}
