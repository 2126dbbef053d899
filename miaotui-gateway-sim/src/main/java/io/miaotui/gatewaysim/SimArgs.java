package io.miaotui.gatewaysim;

import java.util.HashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/** Parses {@code --key value} (or {@code --key=value}) arguments into {@link SimOptions}. */
final class SimArgs {
    /** Option name to the {@link Faults} field it sets, so a bad value is reported in the user's own words. */
    private static final Map<String, String> FAULT_OPTIONS = Map.of(
            "error-rate", "errorRate",
            "lost-answer-rate", "lostAnswerRate",
            "timeout-rate", "timeoutRate",
            "decline-rate", "declineRate",
            "latency-ms", "latencyMs",
            "timeout-delay-ms", "timeoutDelayMs");

    private SimArgs() {
    }

    /** A bad command line; the message says what is wrong and the caller prints {@link #usage()}. */
    static final class UsageException extends IllegalArgumentException {
        UsageException(String message) {
            super(message);
        }
    }

    /**
     * Parses {@code args}.
     *
     * @param freshSeed gives the seed when --seed is not set; it is printed, so that run can be replayed
     */
    static SimOptions parse(String[] args, LongSupplier freshSeed) {
        Map<String, String> values = new HashMap<>();
        boolean help = false;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--help") || arg.equals("-h")) {
                help = true;
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
                if (!known(key)) {
                    throw new UsageException("unknown option --" + key);
                }
                // Only "--" marks the next option, so "--seed -5" reads a negative seed.
                if (i + 1 >= args.length || args[i + 1].startsWith("--")) {
                    throw new UsageException("--" + key + " needs a value");
                }
                value = args[++i];
            }
            if (!known(key)) {
                throw new UsageException("unknown option --" + key);
            }
            if (values.put(key, value) != null) {
                throw new UsageException("--" + key + " is given more than once");
            }
        }
        int port = (int) whole(values, "port", 0, 0, 65_535);
        long seed = values.containsKey("seed") ? whole(values, "seed", 0, Long.MIN_VALUE, Long.MAX_VALUE)
                : freshSeed.getAsLong();
        return new SimOptions(port, faults(values), seed, help);
    }

    static String usage() {
        return """
                Usage: java -jar miaotui-gateway-sim.jar [options]

                A simulated payment gateway with an Alipay-style refund API on 127.0.0.1. Prints one line,
                "miaotui-gateway-sim listening on http://127.0.0.1:PORT (seed S)", then serves until killed.
                Each refund request draws one fault, in this order: error, decline, lost answer, timeout.
                The four rates must add up to at most 1.

                Options:
                  --port N                 port to listen on; 0 picks a free one (default 0)
                  --error-rate R           answer 500 without processing (default 0)
                  --lost-answer-rate R     process, then answer 502 (default 0)
                  --timeout-rate R         process, then hold the answer for --timeout-delay-ms (default 0)
                  --decline-rate R         refuse with ACQ.SELLER_BALANCE_NOT_ENOUGH, not processed (default 0)
                  --latency-ms MS          added to every gateway request (default 0)
                  --timeout-delay-ms MS    how long a timeout fault holds the answer (default %d)
                  --seed S                 seeds the fault draws; the same seed replays the same faults
                                           (default: random, and printed)
                  --help                   print this and exit

                Faults can be changed while running: PUT /sim/faults.
                """.formatted(Faults.DEFAULT_TIMEOUT_DELAY_MS);
    }

    private static boolean known(String key) {
        return key.equals("port") || key.equals("seed") || FAULT_OPTIONS.containsKey(key);
    }

    private static Faults faults(Map<String, String> values) {
        Faults none = Faults.NONE;
        try {
            return new Faults(
                    rate(values, "error-rate", none.errorRate()),
                    rate(values, "lost-answer-rate", none.lostAnswerRate()),
                    rate(values, "timeout-rate", none.timeoutRate()),
                    rate(values, "decline-rate", none.declineRate()),
                    (int) whole(values, "latency-ms", none.latencyMs(), 0, Integer.MAX_VALUE),
                    (int) whole(values, "timeout-delay-ms", none.timeoutDelayMs(), 0, Integer.MAX_VALUE));
        } catch (InvalidArgument e) {
            String option = FAULT_OPTIONS.entrySet().stream()
                    .filter(entry -> entry.getValue().equals(e.field()))
                    .map(entry -> "--" + entry.getKey())
                    .findFirst()
                    .orElse("the rates");
            throw new UsageException(option + " " + e.reason());
        }
    }

    private static double rate(Map<String, String> values, String key, double fallback) {
        String raw = values.get(key);
        if (raw == null) {
            return fallback;
        }
        try {
            return Double.parseDouble(raw);
        } catch (NumberFormatException e) {
            throw new UsageException("--" + key + " must be a number between 0 and 1, got '" + raw + "'");
        }
    }

    private static long whole(Map<String, String> values, String key, long fallback, long min, long max) {
        String raw = values.get(key);
        if (raw == null) {
            return fallback;
        }
        long value;
        try {
            value = Long.parseLong(raw.replace("_", ""));
        } catch (NumberFormatException e) {
            throw new UsageException("--" + key + " must be a whole number, got '" + raw + "'");
        }
        if (value < min || value > max) {
            throw new UsageException("--" + key + " must be between " + min + " and " + max + ", got " + value);
        }
        return value;
    }
}
