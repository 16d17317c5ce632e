package io.askflow.dev;

import io.askflow.testing.Infrastructure;

import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Reads the {@code jobs} and {@code runs} tables of a running stack, for end-to-end checks. */
final class JobTable {

    /** One job's row. */
    record JobRow(UUID id, String question, String status, String source, UUID runId, String answer) {

        boolean ended() {
            return "COMPLETED".equals(status) || "FAILED".equals(status);
        }
    }

    private final Infrastructure infrastructure;

    JobTable(Infrastructure infrastructure) {
        this.infrastructure = infrastructure;
    }

    /** The rows of these jobs, by id. */
    Map<UUID, JobRow> rows(Collection<UUID> ids) throws SQLException {
        return select("id = any(?)", ids);
    }

    /** The rows of every job that asks one of these jobs' questions (same fingerprint), these included, by id. */
    Map<UUID, JobRow> rowsOfTheSameQuestions(Collection<UUID> ids) throws SQLException {
        return select("fingerprint in (select fingerprint from jobs where id = any(?))", ids);
    }

    private Map<UUID, JobRow> select(String where, Collection<UUID> ids) throws SQLException {
        Map<UUID, JobRow> rows = new HashMap<>();
        try (Connection connection = connect();
             PreparedStatement select = connection.prepareStatement(
                     "select id, question, status, source, run_id, answer from jobs where " + where)) {
            select.setArray(1, uuids(connection, ids));
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    UUID id = rs.getObject("id", UUID.class);
                    rows.put(id, new JobRow(id, rs.getString("question"), rs.getString("status"),
                            rs.getString("source"), rs.getObject("run_id", UUID.class), rs.getString("answer")));
                }
            }
        }
        return rows;
    }

    /** Whether every one of these jobs has a row that says COMPLETED or FAILED. */
    boolean allEnded(Collection<UUID> ids) throws SQLException {
        Map<UUID, JobRow> rows = rows(ids);
        return rows.size() == ids.size() && rows.values().stream().allMatch(JobRow::ended);
    }

    /** How many chain runs the workers reported (rows of {@code runs}) for the questions of these jobs. */
    long runsFor(Collection<UUID> ids) throws SQLException {
        try (Connection connection = connect();
             PreparedStatement select = connection.prepareStatement("""
                     select count(*) from runs
                     where fingerprint in (select fingerprint from jobs where id = any(?))""")) {
            select.setArray(1, uuids(connection, ids));
            try (ResultSet rs = select.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** The statuses a job reached, as {@code job_history} holds them, in the order it reached them. */
    List<String> history(UUID id) throws SQLException {
        List<String> statuses = new ArrayList<>();
        try (Connection connection = connect();
             PreparedStatement select = connection.prepareStatement(
                     "select status from job_history where job_id = ?"
                             + " order by at, case status when 'QUEUED' then 0 when 'RUNNING' then 1 else 2 end")) {
            select.setObject(1, id);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    statuses.add(rs.getString(1));
                }
            }
        }
        return statuses;
    }

    /** All rows of {@code jobs}. */
    long count() throws SQLException {
        try (Connection connection = connect();
             ResultSet rows = connection.createStatement().executeQuery("select count(*) from jobs")) {
            rows.next();
            return rows.getLong(1);
        }
    }

    /** How many jobs a batch made (its lines' jobs carry the batch id in their metadata). */
    long jobsOfBatch(String batchId) throws SQLException {
        return countOfBatch("count(*)", batchId);
    }

    /** How many chain runs answered a batch's jobs (a cached answer names the run that made it). */
    long runsOfBatch(String batchId) throws SQLException {
        return countOfBatch("count(distinct run_id)", batchId);
    }

    private long countOfBatch(String count, String batchId) throws SQLException {
        try (Connection connection = connect();
             PreparedStatement select = connection.prepareStatement(
                     "select " + count + " from jobs where metadata ->> 'batch_id' = ?")) {
            select.setString(1, batchId);
            try (ResultSet rs = select.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(infrastructure.jdbcUrl(), infrastructure.jdbcUsername(),
                infrastructure.jdbcPassword());
    }

    private static Array uuids(Connection connection, Collection<UUID> ids) throws SQLException {
        return connection.createArrayOf("uuid", ids.toArray());
    }
}
