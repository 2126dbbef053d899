package io.miaotui.server.command;

import java.util.LinkedHashMap;
import java.util.Map;

/** The {@code --name value} options of the jar's commands ({@code reconcile}, {@code token}), after the command word. */
public final class CommandOptions {
    /** The key under which {@code --help} is returned. */
    public static final String HELP = "help";

    private CommandOptions() {
    }

    /**
     * The options in {@code args[1..]}, in order; just {@link #HELP} as soon as {@code --help} is met;
     * {@link IllegalArgumentException} naming the first argument that is not {@code --name value}.
     */
    public static Map<String, String> parse(String[] args) {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 1; i < args.length; i++) {
            if (args[i].equals("--" + HELP)) {
                return Map.of(HELP, "");
            }
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("unexpected argument '" + args[i] + "'");
            }
            options.put(args[i].substring(2), args[++i]);
        }
        return options;
    }
}
