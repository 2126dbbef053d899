package io.miaotui.server.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import io.miaotui.ledger.EntryKind;
import io.miaotui.order.LineStatus;
import io.miaotui.policy.PolicyVersionStatus;
import io.miaotui.refund.RefundEvent;
import io.miaotui.refund.RefundStatus;
import io.miaotui.refund.Resolution;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The domain owns its words and its rules: SQL in the server binds a status, an event or an entry kind from its
 * enum and a history window from the domain's constant, instead of typing them into the statement, so renaming a
 * status or changing a window cannot leave a query quietly asking for the old one.
 */
class SqlBindsDomainWordsTest {
    private static final Path SERVER_SOURCES = Path.of("src", "main", "java", "io", "miaotui", "server");
    private static final Pattern QUOTED_WORD = Pattern.compile("'([A-Z][A-Z_]+)'");
    private static final Pattern TYPED_INTERVAL = Pattern.compile("interval\\s+'\\d+");

    private static final Set<String> DOMAIN_WORDS = Stream.of(RefundStatus.values(), RefundEvent.values(),
                    Resolution.values(), EntryKind.values(), LineStatus.values(), PolicyVersionStatus.values())
            .flatMap(Arrays::stream)
            .map(Enum::name)
            .collect(Collectors.toSet());

    @Test
    @DisplayName("no server SQL types a status, event, resolution or entry kind the domain's enums name")
    void domainWordsAreBound() throws IOException {
        assertThat(linesMatching(QUOTED_WORD, m -> DOMAIN_WORDS.contains(m.group(1)))).isEmpty();
    }

    @Test
    @DisplayName("no server SQL types a time window: the domain's windows are bound as parameters")
    void windowsAreBound() throws IOException {
        assertThat(linesMatching(TYPED_INTERVAL, m -> true)).isEmpty();
    }

    private static List<String> linesMatching(Pattern pattern, java.util.function.Predicate<Matcher> counts)
            throws IOException {
        List<String> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(SERVER_SOURCES)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
                List<String> lines = Files.readAllLines(file);
                for (int i = 0; i < lines.size(); i++) {
                    Matcher m = pattern.matcher(lines.get(i));
                    while (m.find()) {
                        if (counts.test(m)) {
                            found.add(SERVER_SOURCES.relativize(file) + ":" + (i + 1) + ": " + m.group());
                        }
                    }
                }
            }
        }
        assertThat(DOMAIN_WORDS).isNotEmpty();
        return found;
    }
}
