package io.miaotui.server.trust;

import io.miaotui.ids.Identifiers;
import io.miaotui.shop.ShopId;
import java.util.Optional;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;

/**
 * What Miaotui reads from a token beyond its signature and lifetime: {@code role} (one of {@link Role}),
 * {@code sub} (an identifier) and, for merchants, {@code shop}. A token that breaks these is as good as none.
 */
public final class TokenClaims implements OAuth2TokenValidator<Jwt> {
    public static final String ROLE = "role";
    public static final String SHOP = "shop";

    @Override
    public OAuth2TokenValidatorResult validate(Jwt jwt) {
        try {
            callerOf(jwt);
            return OAuth2TokenValidatorResult.success();
        } catch (IllegalArgumentException e) {
            return OAuth2TokenValidatorResult.failure(new OAuth2Error("invalid_token", e.getMessage(), null));
        }
    }

    /** The caller a token names; {@link IllegalArgumentException} when its claims do not name one. */
    public static Caller callerOf(Jwt jwt) {
        String roleName = jwt.getClaimAsString(ROLE);
        Role role = Role.named(roleName).orElseThrow(() -> new IllegalArgumentException(
                "the token's role claim must be one of BUYER, MERCHANT, OPERATOR, ORDER_SYSTEM"));
        String subject = jwt.getSubject();
        if (Identifiers.problemWith(subject) != null) {
            throw new IllegalArgumentException("the token's subject must be an identifier of 1 to 64 characters");
        }
        String shop = jwt.getClaimAsString(SHOP);
        if (role == Role.MERCHANT && Identifiers.problemWith(shop) != null) {
            throw new IllegalArgumentException("a merchant's token must name their shop in the shop claim");
        }
        return new Caller(role, subject, role == Role.MERCHANT ? Optional.of(new ShopId(shop)) : Optional.empty());
    }
}
