package io.miaotui.bench;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** Parses {@code --key value} (or {@code --key=value}) arguments into {@link BenchOptions}. */
public final class BenchArgs {
    static final String DEFAULT_BASE_URL = "http://127.0.0.1:8080";
    static final int DEFAULT_ORDERS = 20_000;
    static final int DEFAULT_CONCURRENCY = 64;
    static final int DEFAULT_SEED_CONCURRENCY = 32;
    static final int MAX_ORDERS = 10_000_000;
    static final int MAX_CONCURRENCY = 10_000;

    /** Short enough that runId + "-o-" + index + "-l1" stays well under the server's 64-character id limit. */
    private static final Pattern RUN_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,31}");
    private static final DateTimeFormatter RUN_ID_FORMAT =
            DateTimeFormatter.ofPattern("'r'yyyyMMdd-HHmmss-SSS").withZone(ZoneOffset.UTC);
    private static final Set<String> KEYS =
            Set.of("base-url", "orders", "concurrency", "seed-concurrency", "duration-s", "run-id", "secret-file");

    private BenchArgs() {
    }

    /** A bad command line; the message says what is wrong and the caller prints {@link #usage()}. */
    public static final class UsageException extends IllegalArgumentException {
        public UsageException(String message) {
            super(message);
        }
    }

    public static BenchOptions parse(String[] args) {
        return parse(args, Clock.systemUTC());
    }

    /** As {@link #parse(String[])}; {@code clock} gives the default, time-based run id. */
    public static BenchOptions parse(String[] args, Clock clock) {
        Map<String, String> values = scan(args, KEYS, Set.of("help"));
        boolean help = values.containsKey("help");
        URI baseUrl = baseUrl(values.getOrDefault("base-url", DEFAULT_BASE_URL));
        int orders = intIn(values, "orders", DEFAULT_ORDERS, 1, MAX_ORDERS);
        int concurrency = intIn(values, "concurrency", DEFAULT_CONCURRENCY, 1, MAX_CONCURRENCY);
        int seedConcurrency = intIn(values, "seed-concurrency", DEFAULT_SEED_CONCURRENCY, 1, MAX_CONCURRENCY);
        Optional<Duration> cap = values.containsKey("duration-s")
                ? Optional.of(Duration.ofSeconds(intIn(values, "duration-s", 0, 1, Integer.MAX_VALUE)))
                : Optional.empty();
        String runId = values.containsKey("run-id") ? values.get("run-id") : RUN_ID_FORMAT.format(clock.instant());
        if (!RUN_ID.matcher(runId).matches()) {
            throw new UsageException("--run-id must be 1 to 32 letters, digits, '-' or '_' (starting with a letter"
                    + " or digit), got '" + runId + "'");
        }
        Optional<Path> secretFile = Optional.ofNullable(values.get("secret-file")).map(Path::of);
        return new BenchOptions(baseUrl, orders, concurrency, seedConcurrency, cap, runId, secretFile, help);
    }

    /**
     * The {@code --key value} and {@code --key=value} options among {@code keys}, and the bare {@code flags} (as
     * "true"; {@code -h} is {@code --help}); {@link UsageException} for anything else.
     */
    public static Map<String, String> scan(String[] args, Set<String> keys, Set<String> flags) {
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i].equals("-h") && flags.contains("help") ? "--help" : args[i];
            if (arg.startsWith("--") && flags.contains(arg.substring(2))) {
                values.put(arg.substring(2), "true");
                continue;
            }
            if (!arg.startsWith("--") || arg.length() == 2) {
                throw new UsageException("unexpected argument '" + arg + "': options look like --key value");
            }
            String key = arg.substring(2);
            String value;
            int eq = key.indexOf('=');
            if (eq >= 0) {
                value = key.substring(eq + 1);
                key = key.substring(0, eq);
            } else {
                if (i + 1 >= args.length || args[i + 1].startsWith("--")) {
                    if (keys.contains(key)) {
                        throw new UsageException("--" + key + " needs a value");
                    }
                    throw new UsageException("unknown option --" + key);
                }
                value = args[++i];
            }
            if (!keys.contains(key)) {
                throw new UsageException("unknown option --" + key);
            }
            values.put(key, value);
        }
        return values;
    }

    public static String usage() {
        return """
                Usage: java -jar miaotui-bench.jar [options]

                Seeds a TAOBAO and a TMALL shop and N one-line orders, then posts one refund per order from C
                concurrent workers and reports refunds per second, latency percentiles and time-to-money.

                Options:
                  --base-url URL           server to drive (default %s)
                  --orders N               orders to seed and refund (default %d)
                  --concurrency C          refund workers (default %d)
                  --seed-concurrency S     order-seeding workers (default %d)
                  --duration-s SECONDS     stop the refund phase after this long (default: no cap)
                  --run-id ID              prefix of every id this run creates (default: time-based, e.g.
                                           r20250101-120000-000), so repeated runs against one database
                                           do not collide
                  --secret-file PATH       the service's token secret (default
                                           $MIAOTUI_DATA_DIR/auth/jwt-hmac.key, MIAOTUI_DATA_DIR default ./data)
                  --help                   print this and exit

                Exit status: 0 when no request got a 5xx or a connection error, 1 otherwise, 2 on bad arguments.
                """.formatted(DEFAULT_BASE_URL, DEFAULT_ORDERS, DEFAULT_CONCURRENCY, DEFAULT_SEED_CONCURRENCY);
    }

    private static URI baseUrl(String raw) {
        String trimmed = raw.endsWith("/") ? raw.substring(0, raw.length() - 1) : raw;
        try {
            URI uri = new URI(trimmed);
            if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
                throw new UsageException("--base-url must be an http(s) URL with a host, got '" + raw + "'");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new UsageException("--base-url is not a URL: " + e.getMessage());
        }
    }

    /** The whole number {@code key} holds (underscores allowed), {@code fallback} when absent; within min..max. */
    public static int intIn(Map<String, String> values, String key, int fallback, int min, int max) {
        String raw = values.get(key);
        if (raw == null) {
            return fallback;
        }
        int value;
        try {
            value = Integer.parseInt(raw.replace("_", ""));
        } catch (NumberFormatException e) {
            throw new UsageException("--" + key + " must be a whole number, got '" + raw + "'");
        }
        if (value < min || value > max) {
            throw new UsageException("--" + key + " must be between " + min + " and " + max + ", got " + value);
        }
        return value;
    }
}
