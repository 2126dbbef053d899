package io.miaotui.server.database;

import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * One step of a statement composed of named WITH queries: the query's name, its SQL, the named parameters it
 * binds ({@code :name}, each prefixed by the step's owner so steps cannot collide), and whether the final select
 * must read it. Lets the store that owns a table write the SQL for it while the caller keeps one round trip.
 *
 * @param mustBeRead true for a step PostgreSQL would skip unless the final select reads all its rows: a WITH
 *     query that is a plain SELECT (even one calling a function that writes) runs only as far as the primary
 *     query fetches its rows, so it does not run at all when unreferenced; INSERT, UPDATE and DELETE in WITH
 *     always run to completion.
 */
public record WithStep(String name, String sql, Map<String, Object> params, boolean mustBeRead) {
    private static final Pattern NAME = Pattern.compile("[a-z][a-z_]*");

    public WithStep {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("a WITH query's name is lower case: " + name);
        }
        for (String param : params.keySet()) {
            if (!uses(sql, param)) {
                throw new IllegalArgumentException("step " + name + " binds :" + param + " but never uses it");
            }
        }
        // a copy that keeps nulls (Map.copyOf refuses them; a NULL column value is a value here)
        params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
    }

    /** Whether {@code :param} appears as a whole name (a plain search: this runs on every refund request). */
    private static boolean uses(String sql, String param) {
        String marker = ":" + param;
        for (int at = sql.indexOf(marker); at >= 0; at = sql.indexOf(marker, at + 1)) {
            int end = at + marker.length();
            if (end == sql.length() || !(Character.isLetterOrDigit(sql.charAt(end)) || sql.charAt(end) == '_')) {
                return true;
            }
        }
        return false;
    }

    /** A step that runs whether or not it is read: INSERT, UPDATE or DELETE. */
    public static WithStep writing(String name, String sql, Map<String, Object> params) {
        return new WithStep(name, sql, params, false);
    }

    /**
     * Composes {@code with a as (...), b as (...) select <result>, <a count of each must-be-read step>}: one
     * statement, one round trip. The result is the first column of the one row.
     */
    public static JdbcClient.StatementSpec compose(JdbcClient jdbc, List<WithStep> steps, String result) {
        return jdbc.sql(sql(steps, result)).params(params(steps));
    }

    static String sql(List<WithStep> steps, String result) {
        var sql = new StringBuilder("with ");
        var reads = new StringBuilder();
        var names = new HashSet<String>();
        for (WithStep step : steps) {
            if (!names.add(step.name())) {
                throw new IllegalArgumentException("two steps are named " + step.name());
            }
            if (step != steps.getFirst()) {
                sql.append(",\n");
            }
            sql.append(step.name()).append(" as (\n").append(step.sql().strip()).append("\n)");
            if (step.mustBeRead()) {
                // count(*) fetches every row, so the step runs once per row of what it selects from
                reads.append(", (select count(*) from ").append(step.name()).append(") as ").append(step.name())
                        .append("_rows");
            }
        }
        return sql.append("\nselect ").append(result).append(reads).toString();
    }

    static Map<String, Object> params(List<WithStep> steps) {
        var params = new LinkedHashMap<String, Object>();
        for (WithStep step : steps) {
            for (var param : step.params().entrySet()) {
                if (params.containsKey(param.getKey())) {
                    throw new IllegalArgumentException("two steps bind :" + param.getKey());
                }
                params.put(param.getKey(), param.getValue());
            }
        }
        return params;
    }
}
