package io.miaotui.server.database;

import static org.assertj.core.api.Assertions.assertThat;

import io.miaotui.server.support.TestDirs;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * A new embedded database compares text by code point through PostgreSQL's builtin provider, not the C library's
 * strcoll, and keeps the order and the case mapping the environment's C.UTF-8 gave.
 */
class EmbeddedCollationTest {
    private static EmbeddedDatabase database;
    private static SingleConnectionDataSource connection;
    private static JdbcTemplate jdbc;

    @BeforeAll
    static void start() {
        database = EmbeddedDatabase.start(TestDirs.fresh("miaotui-collation-"), false);
        connection = new SingleConnectionDataSource(database.jdbcUrl(), "postgres", "", true);
        jdbc = new JdbcTemplate(connection);
    }

    @AfterAll
    static void stop() {
        connection.destroy();
        database.close();
    }

    @Test
    @DisplayName("the database's default collation is the builtin C.UTF-8")
    void builtinProvider() {
        var row = jdbc.queryForMap("select datlocprovider::text as provider, datlocale from pg_database"
                + " where datname = current_database()");

        assertThat(row).containsEntry("provider", "b").containsEntry("datlocale", "C.UTF-8");
    }

    @Test
    @DisplayName("ids sort by code point, as Java's String order does; case maps as Unicode says")
    void codePointOrderAndUnicodeCase() {
        List<String> ids = List.of("b-2", "B-10", "a-1", "退款-1", "A-3", "ä-1");

        List<String> sorted = jdbc.queryForList(
                "select id from unnest(?::varchar[]) as t(id) order by id", String.class, (Object) ids.toArray(String[]::new));

        assertThat(sorted).isEqualTo(ids.stream().sorted().toList());
        assertThat(jdbc.queryForObject("select upper('ä退款b')", String.class)).isEqualTo("Ä退款B");
    }
}
