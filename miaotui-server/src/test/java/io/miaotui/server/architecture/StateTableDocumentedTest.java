package io.miaotui.server.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import io.miaotui.refund.RefundTransitions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** docs/architecture.md draws the refund state machine; this keeps the drawing and the code the same. */
class StateTableDocumentedTest {
    private static final Pattern ROW = Pattern.compile("^\\| ([A-Z_]+) \\| ([A-Z_]+) \\| ([A-Z_]+) \\|$");

    @Test
    @DisplayName("the state table in docs/architecture.md is exactly RefundTransitions.TABLE")
    void docMatchesCode() throws Exception {
        List<String> documented = Files.readAllLines(Path.of("..", "docs", "architecture.md")).stream()
                .map(String::strip)
                .map(ROW::matcher)
                .filter(java.util.regex.Matcher::matches)
                .map(m -> m.group(1) + " " + m.group(2) + " " + m.group(3))
                .toList();
        List<String> coded = RefundTransitions.TABLE.stream()
                .map(t -> t.from() + " " + t.event() + " " + t.to())
                .toList();

        assertThat(documented).containsExactlyElementsOf(coded);
    }
}
