package io.askflow.testing.postgres;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

/** A real streaming replica: rows written on the primary appear on it, writes there fail, stop and start work. */
class StreamingReplicaTest {

    private static StreamingReplica pair;

    @BeforeAll
    static void start() {
        assumeThat(StreamingReplica.available())
                .as("SKIPPED: no PostgreSQL 15 binaries in " + StreamingReplica.BINARIES).isTrue();
        pair = StreamingReplica.start();
    }

    @AfterAll
    static void stop() {
        if (pair != null) {
            pair.close();
        }
    }

    @Test
    void shouldStreamRowsToTheReplicaAndRefuseWritesThere() throws Exception {
        try (Connection primary = pair.connect(pair.primaryUrl()); Statement statement = primary.createStatement()) {
            statement.execute("create table streamed (id int primary key)");
            statement.execute("insert into streamed values (1)");
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> count(pair.replicaUrl()) == 1);
        try (Connection replica = pair.connect(pair.replicaUrl()); Statement statement = replica.createStatement()) {
            assertThatThrownBy(() -> statement.execute("insert into streamed values (2)"))
                    .hasMessageContaining("read-only");
        }
    }

    @Test
    void shouldStopAndStartTheReplica() throws Exception {
        pair.stopReplica();
        assertThatThrownBy(() -> pair.connect(pair.replicaUrl()).close()).isInstanceOf(SQLException.class);
        pair.startReplica();
        try (Connection replica = pair.connect(pair.replicaUrl()); Statement statement = replica.createStatement();
             ResultSet rs = statement.executeQuery("select pg_is_in_recovery()")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getBoolean(1)).isTrue();
        }
    }

    private static int count(String url) {
        try (Connection connection = pair.connect(url); Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("select count(*) from streamed")) {
            rs.next();
            return rs.getInt(1);
        }
        catch (SQLException e) {
            return -1;
        }
    }
}
