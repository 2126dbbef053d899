package io.miaotui.server.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.miaotui.server.support.ApiTestBase;
import io.miaotui.server.trust.TokenCommand;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** {@code token --console-link URL} prints a console link with the token after {@code #}, which browsers keep to themselves. */
class TokenCommandLinkTest extends ApiTestBase {

    /** The link the command prints for this service (its data directory's secret). */
    static String link(Path dataDir, int port, String role, String subject) {
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        int code = TokenCommand.run(new String[] {"token", "--role", role, "--subject", subject, "--console-link",
                "http://127.0.0.1:" + port + "/"}, Map.of("MIAOTUI_DATA_DIR", dataDir.toString()),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
        return out.toString(StandardCharsets.UTF_8).strip();
    }

    @Test
    @DisplayName("the printed link is the console's address with #token=<a token the service accepts>")
    void linkCarriesAnAcceptedToken() {
        String link = link(dataDir(), port, "OPERATOR", "ops-9");
        assertThat(link).startsWith("http://127.0.0.1:" + port + "/console/#token=");
        String token = link.substring(link.indexOf("#token=") + 7);
        assertThat(api.as(token).get("/api/v1/ledger/check").status()).isEqualTo(200);
    }

    @Test
    @DisplayName("an address with a path, a query or a fragment, or not http(s), is a usage error (exit 2)")
    void badAddresses() {
        for (String bad : new String[] {"localhost:8080", "ftp://host", "http://host/console", "http://host/?a=1",
                "http://host/#x", "not a url"}) {
            var err = new ByteArrayOutputStream();
            int code = TokenCommand.run(new String[] {"token", "--role", "BUYER", "--subject", "B-1", "--console-link", bad},
                    Map.of("MIAOTUI_DATA_DIR", dataDir().toString()), new PrintStream(new ByteArrayOutputStream()),
                    new PrintStream(err, true, StandardCharsets.UTF_8));
            assertThat(code).as(bad).isEqualTo(2);
            assertThat(err.toString(StandardCharsets.UTF_8)).contains("--console-link takes the service's address");
        }
    }
}
