package io.miaotui.server.trust;

import io.miaotui.ids.Identifiers;
import io.miaotui.server.command.CommandOptions;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@code java -jar miaotui-server.jar token --role BUYER --subject B-1 [--shop S-1] [--ttl PT12H]} prints a
 * bearer token for local use. It reads the secret the service uses ({@code MIAOTUI_AUTH_HMAC_SECRET}, else the
 * one in {@code MIAOTUI_DATA_DIR}, creating it if the service has not yet), and starts neither the service nor
 * its database, so it works while the service runs. Exit code 0, or 2 on a usage error.
 */
public final class TokenCommand {
    private static final Duration DEFAULT_TTL = Duration.ofHours(12);
    private static final Duration MAX_TTL = Duration.ofDays(30);

    private TokenCommand() {
    }

    public static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
        try {
            Map<String, String> options = new LinkedHashMap<>(CommandOptions.parse(args));
            if (options.containsKey(CommandOptions.HELP)) {
                out.println(usage());
                return 0;
            }
            Role role = role(options.get("role"));
            String subject = Identifiers.require("--subject", options.get("subject"));
            Optional<String> shop = Optional.ofNullable(options.get("shop"));
            if (role == Role.MERCHANT) {
                Identifiers.require("--shop (a merchant acts for one shop)", shop.orElse(null));
            } else if (shop.isPresent()) {
                throw new IllegalArgumentException("--shop is only for MERCHANT tokens");
            }
            Duration ttl = ttl(options.getOrDefault("ttl", DEFAULT_TTL.toString()));
            options.keySet().removeAll(java.util.Set.of("role", "subject", "shop", "ttl"));
            if (!options.isEmpty()) {
                throw new IllegalArgumentException("unknown option --" + options.keySet().iterator().next());
            }
            out.println(TokenMinter.fromEnvironment(env).mint(role, subject, shop, Instant.now(), ttl));
            return 0;
        } catch (IllegalArgumentException e) {
            err.println("token: " + e.getMessage() + "\n" + usage());
            return 2;
        }
    }

    private static Role role(String value) {
        return Role.named(value).orElseThrow(() -> new IllegalArgumentException(
                "--role must be one of BUYER, MERCHANT, OPERATOR, ORDER_SYSTEM"));
    }

    private static Duration ttl(String value) {
        try {
            Duration ttl = Duration.parse(value);
            if (ttl.isNegative() || ttl.isZero() || ttl.compareTo(MAX_TTL) > 0) {
                throw new IllegalArgumentException("--ttl must be positive and at most " + MAX_TTL);
            }
            return ttl;
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("--ttl is an ISO-8601 duration such as PT12H or PT30M");
        }
    }

    static String usage() {
        return """
                usage: java -jar miaotui-server.jar token --role BUYER|MERCHANT|OPERATOR|ORDER_SYSTEM --subject ID
                                                          [--shop SHOP_ID (merchants)] [--ttl PT12H]
                  Prints a bearer token signed with the secret in $MIAOTUI_DATA_DIR (default ./data), with the
                  issuer $MIAOTUI_AUTH_ISSUER (default miaotui) and, when set, the audience $MIAOTUI_AUTH_AUDIENCE.""";
    }
}
