package io.miaotui.server.report;

import io.miaotui.server.command.CommandOptions;
import io.miaotui.server.trust.Role;
import io.miaotui.server.trust.TokenMinter;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code java -jar miaotui-server.jar report [--from ...] [--to ...] [--format text|csv|json] [--url ...]}: asks
 * the running service for the consumer-experience report and prints it, as a table by default, or as the
 * service's CSV or JSON. Like {@code reconcile}, it talks to the service over HTTP, so it works while the service
 * runs on the same data directory. Without --from/--to the service's default window (the last 14 days).
 * Exit code 0 printed, 2 usage or connection error or a refusal.
 */
public final class ReportCommand {
    private static final Set<String> FORMATS = Set.of("text", "csv", "json");

    private ReportCommand() {
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        Map<String, String> options;
        try {
            options = CommandOptions.parse(args);
        } catch (IllegalArgumentException e) {
            err.println("report: " + e.getMessage() + "\n" + usage());
            return 2;
        }
        if (options.containsKey(CommandOptions.HELP)) {
            out.println(usage());
            return 0;
        }
        String format = options.getOrDefault("format", "text");
        if (!FORMATS.contains(format)) {
            err.println("report: --format must be text, csv or json\n" + usage());
            return 2;
        }
        String base = options.getOrDefault("url", "http://127.0.0.1:" + System.getenv().getOrDefault("SERVER_PORT", "8080"));
        var query = new ArrayList<String>();
        for (String bound : List.of("from", "to")) {
            if (options.containsKey(bound)) {
                query.add(bound + "=" + URLEncoder.encode(options.get(bound), StandardCharsets.UTF_8));
            }
        }
        URI uri = URI.create(base.replaceAll("/+$", "") + "/api/v1/reports/consumer-experience"
                + (query.isEmpty() ? "" : "?" + String.join("&", query)));
        String token;
        try {
            token = options.containsKey("token") ? options.get("token")
                    : TokenMinter.fromEnvironment(System.getenv())
                            .mint(Role.OPERATOR, "report-cli", Optional.empty(), Instant.now(), Duration.ofMinutes(10));
        } catch (RuntimeException e) {
            err.println("report: no token: " + e.getMessage() + "; give one with --token");
            return 2;
        }
        HttpResponse<String> response;
        try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()) {
            response = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofMinutes(2))
                            .header("Authorization", "Bearer " + token)
                            .header("Accept", format.equals("csv") ? "text/csv" : "application/json").GET().build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (Exception e) {
            err.println("report: could not reach " + base + " (" + e.getClass().getSimpleName()
                    + "); is the service running? Give its address with --url.");
            return 2;
        }
        if (response.statusCode() != 200) {
            String body = response.body();
            try {
                JsonNode problem = JsonMapper.builder().build().readTree(body);
                err.println("report: " + response.statusCode() + " " + text(problem, "title") + ": "
                        + text(problem, "detail"));
            } catch (RuntimeException notJson) {
                err.println("report: " + response.statusCode());
            }
            return 2;
        }
        switch (format) {
            case "csv", "json" -> out.print(response.body());
            default -> print(JsonMapper.builder().build().readTree(response.body()), out);
        }
        return 0;
    }

    private static final String ROW = "  %-34s %9s %8s %14s %8s %9s %9s %9s %8s %8s %8s %10s %8s %8s %8s%n";

    static void print(JsonNode report, PrintStream out) {
        out.printf("Consumer experience %s .. %s%n", text(report, "from"), text(report, "to"));
        out.printf(ROW, "scope", "requested", "instant", "amount", "paid", "ttm p50", "ttm p90", "ttm p99",
                "avoided", "reviewed", "deadline", "resp p50", "back 7d", "instant", "reviewed");
        line(out, "overall", report);
        report.get("byChannel").properties().forEach(e -> line(out, "channel " + e.getKey(), e.getValue()));
        report.get("byPolicyVersion").valueStream().forEach(v -> line(out, text(v, "policy") + " v" + text(v, "version"), v));
        report.get("grayComparison").valueStream().forEach(g -> {
            line(out, "gray " + text(g, "policy") + " active v" + text(g.get("active"), "version"), g.get("active"));
            line(out, "gray " + text(g, "policy") + " candidate v" + text(g.get("candidate"), "version"),
                    g.get("candidate"));
        });
        out.println();
        out.println("ttm: time to money, request to paid; avoided: instant refunds legacy-2h-200 would have sent to"
                + " review; deadline: reviews decided by the platform at the deadline; resp: merchant's response;"
                + " back 7d: refunded buyers who paid another order in the same shop within 7 days (all, instant,"
                + " reviewed).");
    }

    private static void line(PrintStream out, String scope, JsonNode f) {
        out.printf(ROW, scope, text(f, "refundsRequested"), percent(f, "instantShare"), text(f, "amountRequested"),
                text(f, "paidCount"), duration(f, "timeToMoneyP50Ms"), duration(f, "timeToMoneyP90Ms"),
                duration(f, "timeToMoneyP99Ms"), text(f, "reviewsAvoided"), text(f, "reviewedCount"),
                text(f, "reviewsDecidedAtDeadline"), duration(f, "merchantResponseP50Ms"),
                percent(f, "repurchaseRate7d"), percent(f, "repurchaseRate7dInstant"),
                percent(f, "repurchaseRate7dReviewed"));
    }

    /** A share as a percentage with one decimal, "-" for none. */
    static String percent(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return "-";
        }
        return value.decimalValue().movePointRight(2).setScale(1, java.math.RoundingMode.HALF_UP).toPlainString() + "%";
    }

    /** A duration in ms, shortened for reading: 812ms, 4.1s, 2.0h; "-" for none. */
    static String duration(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return "-";
        }
        long ms = value.asLong();
        if (ms < 1000) {
            return ms + "ms";
        }
        if (ms < 60_000) {
            return String.format("%.1fs", ms / 1000.0);
        }
        if (ms < 3_600_000) {
            return String.format("%.1fmin", ms / 60_000.0);
        }
        return String.format("%.1fh", ms / 3_600_000.0);
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        return value == null || value.isNull() ? "-" : value.asString();
    }

    static String usage() {
        return "usage: java -jar miaotui-server.jar report [--from <ISO instant>] [--to <ISO instant>]"
                + " [--format text|csv|json] [--url http://127.0.0.1:8080] [--token <operator token>]\n"
                + "  The consumer-experience report of the refunds asked for in [from, to) (default: the last 14 days).\n"
                + "  Without --token it signs an operator token with the secret in $MIAOTUI_DATA_DIR (default ./data).";
    }
}
