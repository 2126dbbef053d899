package io.miaotui.server.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.miaotui.server.support.RoundTrips;
import io.miaotui.server.support.TestDirs;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.transaction.support.TransactionTemplate;

/** Statements pipelined in one round trip, on a real PostgreSQL: each runs after the one before and is read alone. */
class OneRoundTripTest {
    private static EmbeddedDatabase database;
    private static SingleConnectionDataSource connection;
    private static JdbcTemplate jdbc;
    private static TransactionTemplate transaction;

    @BeforeAll
    static void start() {
        database = EmbeddedDatabase.start(TestDirs.fresh("miaotui-round-trip-"), false);
        connection = new SingleConnectionDataSource(database.jdbcUrl(), "postgres", "", true);
        connection.setAutoCommit(false);
        jdbc = new JdbcTemplate(connection);
        transaction = new TransactionTemplate(new DataSourceTransactionManager(connection));
        transaction.executeWithoutResult(status -> jdbc.execute(
                "create table lines (id varchar(10) primary key, held_fen bigint not null check (held_fen >= 0))"));
    }

    @AfterAll
    static void stop() {
        connection.destroy();
        database.close();
    }

    @Test
    @DisplayName("each statement binds its own parameters, sees what the ones before it did, and is read by its own reader")
    void statementsRunInOrderEachReadAlone() {
        var inserted = new ArrayList<String>();
        var seen = new ArrayList<String>();
        var setting = new ArrayList<String>();
        transaction.executeWithoutResult(status -> OneRoundTrip.run(jdbc, List.of(
                GenericPlans.FOR_THIS_TRANSACTION,
                new OneRoundTrip.Step("select current_setting('plan_cache_mode')", List.of(),
                        rs -> setting.add(rs.getString(1))),
                new OneRoundTrip.Step("""
                        insert into lines (id, held_fen) select * from unnest(?::varchar[], ?::bigint[])
                        returning id
                        """, List.of(new String[] {"L1", "L2"}, new Long[] {100L, 200L}),
                        rs -> inserted.add(rs.getString(1))),
                new OneRoundTrip.Step("update lines set held_fen = held_fen + ? where id = ?", List.of(5L, "L2"), null),
                new OneRoundTrip.Step("select id || '=' || held_fen || coalesce(?, '') from lines order by id",
                        Arrays.asList((Object) null), rs -> seen.add(rs.getString(1))))));

        assertThat(setting).as("the transaction's setting holds for the statements after it").containsExactly(
                "force_generic_plan");
        assertThat(inserted).containsExactly("L1", "L2");
        assertThat(seen).as("the last read sees the insert and the update before it").containsExactly("L1=100",
                "L2=205");
    }

    @Test
    @DisplayName("a statement that fails ends the pipeline: nothing after it runs, and its transaction keeps nothing")
    void aFailureEndsThePipeline() {
        var after = new ArrayList<String>();
        assertThatThrownBy(() -> transaction.executeWithoutResult(status -> OneRoundTrip.run(jdbc, List.of(
                new OneRoundTrip.Step("insert into lines values ('F1', 1)", List.of(), null),
                new OneRoundTrip.Step("update lines set held_fen = -1 where id = 'F1'", List.of(), null),
                new OneRoundTrip.Step("select id from lines", List.of(), rs -> after.add(rs.getString(1)))))))
                .hasMessageContaining("check");

        assertThat(after).isEmpty();
        assertThat(jdbc.queryForObject("select count(*) from lines where id = 'F1'", Long.class)).isZero();
    }

    @Test
    @DisplayName("a step written with named parameters binds each by its name, casts left alone")
    void namedParameters() {
        var sums = new ArrayList<Long>();
        transaction.executeWithoutResult(status -> OneRoundTrip.run(jdbc, List.of(
                OneRoundTrip.Step.named("select :b::bigint * 10 + :a::bigint", Map.of("a", 1L, "b", 2L),
                        rs -> sums.add(rs.getLong(1))),
                OneRoundTrip.Step.named("select sum(x) from unnest(:xs::bigint[]) as x",
                        Map.of("xs", new Long[] {3L, 4L}), rs -> sums.add(rs.getLong(1))))));

        assertThat(sums).containsExactly(21L, 7L);
    }

    @Test
    @DisplayName("run again on one connection, the pipeline's statements become server-prepared and use generic plans")
    void repeatedPipelinesArePreparedWithGenericPlans() {
        transaction.executeWithoutResult(status -> jdbc.update("insert into lines values ('P1', 10), ('P2', 20)"));
        for (int run = 0; run < 8; run++) {
            transaction.executeWithoutResult(status -> OneRoundTrip.run(jdbc, List.of(
                    GenericPlans.FOR_THIS_TRANSACTION,
                    new OneRoundTrip.Step("select id from lines where id = any(?::varchar[]) order by id for update",
                            List.of((Object) new String[] {"P1", "P2"}), null),
                    new OneRoundTrip.Step("update lines set held_fen = held_fen + 1 where id = any(?::varchar[])",
                            List.of((Object) new String[] {"P1", "P2"}), null))));
        }

        Long genericPlans = transaction.execute(status -> jdbc.queryForObject("""
                select coalesce(sum(generic_plans), 0) from pg_prepared_statements
                where statement like '%held_fen = held_fen + 1%' and from_sql = false
                """, Long.class));
        assertThat(genericPlans).as("the update, prepared on the server and planned once for all runs").isPositive();
        assertThat(jdbc.queryForObject("select held_fen from lines where id = 'P2'", Long.class)).isEqualTo(28L);
    }

    @Test
    @DisplayName("a time bound as a parameter does not split the pipeline, though a later step's rows have no size bound")
    void timesDoNotSplitThePipeline() {
        transaction.executeWithoutResult(status -> jdbc.update("insert into lines values ('B1', 10), ('B2', 20)"));
        var perRun = new ArrayList<Integer>();
        var read = new ArrayList<String>();
        // past the driver's prepare threshold (5): then it describes a statement whose parameters' types it left open
        for (int run = 0; run < 8; run++) {
            transaction.executeWithoutResult(status -> {
                try (RoundTrips trips = RoundTrips.count()) {
                    OneRoundTrip.run(jdbc, List.of(
                            GenericPlans.FOR_THIS_TRANSACTION,
                            new OneRoundTrip.Step("select id from lines where id = any(?::varchar[]) order by id for update",
                                    List.of((Object) new String[] {"B1", "B2"}), null),
                            new OneRoundTrip.Step("select id::text, held_fen from lines where id = any(?::varchar[]) and ? < now()",
                                    List.of(new String[] {"B1", "B2"}, Timestamp.from(Instant.EPOCH)),
                                    rs -> read.add(rs.getString(1)))));
                    perRun.add(trips.made());
                }
            });
        }

        assertThat(perRun).as("round trips a run").containsOnly(1);
        assertThat(read).as("each run's rows, the time compared as the instant it is").hasSize(16).containsOnly("B1", "B2");
    }

    @Test
    @DisplayName("no steps: nothing is sent, not even an empty statement")
    void noStepsNoRoundTrip() {
        var noDatabase = new JdbcTemplate(); // any use of it throws: it has no data source
        OneRoundTrip.run(noDatabase, List.of());
    }

    @Test
    @DisplayName("a step holds one statement: a semicolon in its SQL is refused")
    void oneStatementPerStep() {
        assertThatThrownBy(() -> new OneRoundTrip.Step("select 1; select 2", List.of(), null))
                .hasMessageContaining("one statement per step");
    }
}
