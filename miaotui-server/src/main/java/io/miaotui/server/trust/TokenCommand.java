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
 * bearer token for local use; with {@code --console-link http://localhost:8080} it prints a link to the console
 * that carries the token in the URL's fragment ({@code #token=...}), which browsers never send to the server. It reads the secret the service uses ({@code MIAOTUI_AUTH_HMAC_SECRET}, else the
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
            Optional<String> console = Optional.ofNullable(options.get("console-link")).map(TokenCommand::consoleBase);
            options.keySet().removeAll(java.util.Set.of("role", "subject", "shop", "ttl", "console-link"));
            if (!options.isEmpty()) {
                throw new IllegalArgumentException("unknown option --" + options.keySet().iterator().next());
            }
            String token = TokenMinter.fromEnvironment(env).mint(role, subject, shop, Instant.now(), ttl);
            out.println(console.map(base -> base + "/console/#token=" + token).orElse(token));
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

    /** The service's base URL, without a trailing slash; refused when it has a path, query or fragment of its own. */
    static String consoleBase(String value) {
        try {
            java.net.URI uri = new java.net.URI(value);
            boolean web = "http".equals(uri.getScheme()) || "https".equals(uri.getScheme());
            boolean bare = uri.getRawQuery() == null && uri.getRawFragment() == null
                    && (uri.getRawPath() == null || uri.getRawPath().isEmpty() || uri.getRawPath().equals("/"));
            if (web && uri.getHost() != null && bare) {
                return value.endsWith("/") ? value.substring(0, value.length() - 1) : value;
            }
        } catch (java.net.URISyntaxException e) {
            // the message below says what is expected
        }
        throw new IllegalArgumentException("--console-link takes the service's address, such as http://localhost:8080");
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
                                                          [--console-link http://localhost:8080]
                  Prints a bearer token signed with the secret in $MIAOTUI_DATA_DIR (default ./data), with the
                  issuer $MIAOTUI_AUTH_ISSUER (default miaotui) and, when set, the audience $MIAOTUI_AUTH_AUDIENCE.
                  With --console-link, prints instead a link to the console at that address that signs in with
                  the token (carried after #, which the browser never sends to the server).""";
    }
}
