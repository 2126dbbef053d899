package io.miaotui.server.reconciliation;

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
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code java -jar miaotui-server.jar reconcile --from 2026-11-11T00:00:00Z --to 2026-11-12T00:00:00Z [--url ...]}:
 * asks the running service for the reconciliation and prints it as a table. It talks to the service over HTTP
 * rather than opening the database itself, so it works while the service runs on the same data directory.
 * Exit code 0 clean, 1 discrepancies, 2 usage or connection error.
 */
public final class ReconcileCommand {
    private static final String[] SECTIONS = {"inFlight", "missingInLedger", "missingAtGateway", "duplicates",
            "amountMismatches"};

    private ReconcileCommand() {
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        Map<String, String> options;
        try {
            options = CommandOptions.parse(args);
        } catch (IllegalArgumentException e) {
            err.println("reconcile: " + e.getMessage() + "\n" + usage());
            return 2;
        }
        if (options.containsKey(CommandOptions.HELP)) {
            out.println(usage());
            return 0;
        }
        if (!options.containsKey("from") || !options.containsKey("to")) {
            err.println("reconcile: --from and --to are required\n" + usage());
            return 2;
        }
        String base = options.getOrDefault("url", "http://127.0.0.1:" + System.getenv().getOrDefault("SERVER_PORT", "8080"));
        URI uri = URI.create(base.replaceAll("/+$", "") + "/api/v1/reconciliation?from="
                + URLEncoder.encode(options.get("from"), StandardCharsets.UTF_8) + "&to="
                + URLEncoder.encode(options.get("to"), StandardCharsets.UTF_8));
        String token;
        try {
            token = options.containsKey("token") ? options.get("token")
                    : TokenMinter.fromEnvironment(System.getenv())
                            .mint(Role.OPERATOR, "reconcile-cli", Optional.empty(), Instant.now(), Duration.ofMinutes(10));
        } catch (RuntimeException e) {
            err.println("reconcile: no token: " + e.getMessage() + "; give one with --token");
            return 2;
        }
        HttpResponse<String> response;
        try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()) {
            response = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofMinutes(2))
                            .header("Authorization", "Bearer " + token).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            err.println("reconcile: could not reach " + base + " (" + e.getClass().getSimpleName()
                    + "); is the service running? Give its address with --url.");
            return 2;
        }
        JsonNode report = JsonMapper.builder().build().readTree(response.body());
        if (response.statusCode() != 200) {
            err.println("reconcile: " + response.statusCode() + " " + text(report, "title") + ": " + text(report, "detail"));
            return 2;
        }
        print(report, out);
        return report.get("clean").asBoolean() ? 0 : 1;
    }

    static void print(JsonNode report, PrintStream out) {
        out.printf("Reconciliation %s .. %s%n", text(report, "from"), text(report, "to"));
        out.printf("  %-20s %8d%n", "gateway records", report.get("gatewayRecords").asInt());
        out.printf("  %-20s %8d%n", "ledger payouts", report.get("ledgerPayouts").asInt());
        out.printf("  %-20s %8d%n", "matched", report.get("matched").asInt());
        for (String section : SECTIONS) {
            out.printf("  %-20s %8d%n", words(section), report.get(section).size());
        }
        out.println("result: " + (report.get("clean").asBoolean() ? "CLEAN" : "DISCREPANCIES"));
        for (String section : SECTIONS) {
            JsonNode lines = report.get(section);
            if (lines.isEmpty()) {
                continue;
            }
            out.println();
            out.printf("%s%n  %-36s  %-20s  %12s  %12s  %-27s  %s%n", words(section), "refund", "order", "gateway",
                    "ledger", "paid at", "note");
            lines.valueStream().forEach(line -> out.printf("  %-36s  %-20s  %12s  %12s  %-27s  %s%n",
                    text(line, "refundId"), text(line, "orderId"), orDash(text(line, "gatewayAmount")),
                    orDash(text(line, "ledgerAmount")), text(line, "paidAt"), text(line, "note")));
        }
    }

    private static String words(String camel) {
        return camel.replaceAll("([A-Z])", " $1").toLowerCase();
    }

    private static String orDash(String s) {
        return s == null ? "-" : s;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asString();
    }

    static String usage() {
        return "usage: java -jar miaotui-server.jar reconcile --from <ISO instant> --to <ISO instant>"
                + " [--url http://127.0.0.1:8080] [--token <operator token>]\n"
                + "  Without --token it signs an operator token with the secret in $MIAOTUI_DATA_DIR (default ./data).";
    }
}
