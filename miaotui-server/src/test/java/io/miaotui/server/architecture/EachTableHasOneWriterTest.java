package io.miaotui.server.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Each table a new refund writes has one owner that holds its SQL (issue #11): the refund opening composes their
 * steps into one statement instead of writing all five tables itself, so a table's columns change in one place.
 */
class EachTableHasOneWriterTest {
    private static final Path SERVER_SOURCES = Path.of("src", "main", "java", "io", "miaotui", "server");

    /** What writes a table (as it appears in the source), and the one file that may hold it. */
    private static final Map<String, String> OWNERS = Map.of(
            "insert into refunds (", "refund/RefundStore.java",
            "insert into refund_events", "refund/RefundHistory.java",
            "insert into payout_outbox", "refund/PayoutQueue.java",
            "insert into policy_decisions", "policy/PolicyDecisions.java",
            "LedgerBatch.CALL", "ledger/LedgerStore.java",
            "update order_lines set refunded_fen = ", "order/OrderStore.java");

    @Test
    @DisplayName("refunds, their history, the payout outbox, policy decisions and the ledger each have one writer")
    void eachTableHasOneWriter() throws IOException {
        var writers = new TreeMap<String, Set<String>>();
        for (String write : OWNERS.keySet()) {
            writers.put(write, filesHolding(write));
        }
        var owned = new TreeMap<String, Set<String>>();
        OWNERS.forEach((write, owner) -> owned.put(write, Set.of(owner)));
        assertThat(writers).isEqualTo(owned);
    }

    private static Set<String> filesHolding(String text) throws IOException {
        var found = new TreeSet<String>();
        try (Stream<Path> files = Files.walk(SERVER_SOURCES)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                if (Files.readString(file).contains(text)) {
                    found.add(SERVER_SOURCES.relativize(file).toString().replace('\\', '/'));
                }
            }
        }
        return found;
    }
}
