package io.miaotui.server.database;

import java.sql.Timestamp;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * Rows for a set-based statement, as one JSON array bound as one parameter and read back by
 * {@code jsonb_populate_recordset(null::<table>, :rows::jsonb)}: PostgreSQL gives each field its table column's
 * type, so a batch of any size is one parameter per table, and a column and its value cannot drift apart.
 * Timestamps are written as ISO-8601 instants (JSON has no time type; a number would not read as timestamptz).
 */
public final class JsonRows {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private JsonRows() {
    }

    /** The rows (column name to value) as the JSON text to bind. */
    public static String of(List<? extends Map<String, Object>> rows) {
        return JSON.writeValueAsString(rows.stream().map(JsonRows::jsonReady).toList());
    }

    /**
     * The composed statement's step {@code step} that inserts {@code rows} (each with the same columns) into
     * {@code table}, bound as {@code :param}; {@code tail} follows the select (ON CONFLICT, RETURNING) or is empty.
     */
    public static WithStep insert(String step, String table, String param, List<? extends Map<String, Object>> rows,
            String tail) {
        String columns = String.join(", ", rows.getFirst().keySet());
        return WithStep.writing(step, "insert into " + table + " (" + columns + ")\nselect " + columns
                + " from jsonb_populate_recordset(null::" + table + ", :" + param + "::jsonb)"
                + (tail.isEmpty() ? "" : "\n" + tail), Map.of(param, of(rows)));
    }

    private static Map<String, Object> jsonReady(Map<String, Object> row) {
        var ready = new LinkedHashMap<String, Object>();
        row.forEach((column, value) -> ready.put(column,
                value instanceof Timestamp timestamp ? timestamp.toInstant().toString() : value));
        return ready;
    }
}
