package io.askflow.pipeline.webhook;

import io.askflow.core.job.JobEventType;
import io.askflow.core.job.JobStatus;
import io.askflow.core.json.Json;
import io.askflow.core.store.WebhookEndpointStore;
import org.springframework.jdbc.core.JdbcTemplate;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Reads jobs rows for their webhooks (read only: {@code JobStore} writes them), so that a delivery's {@code data.job}
 * is the job as a poll shows it.
 */
final class JobSnapshots {

    /**
     * A job's row.
     *
     * @param id      the job
     * @param status  its stored status
     * @param webhook its own webhook's URL, or {@code null}
     * @param events  the events its own webhook wants
     * @param job     the job as a delivery's {@code data.job} carries it
     * @param tenant  the job's tenant: only its endpoints hear of the job
     */
    record JobRow(UUID id, JobStatus status, String webhook, Set<JobEventType> events, Map<String, Object> job,
                  String tenant) {
    }

    private static final String SELECT = """
            select id, fingerprint, status, source, run_id, question, model, chain, chain_version, metadata::text,
                   answer, error_type, error_message, error_attempts, prompt_tokens, completion_tokens, submitted_at,
                   updated_at, completed_at, webhook_url, webhook_events, tenant
            from jobs where id = any(cast(? as uuid[]))
            """;

    private final JdbcTemplate jdbc;

    JobSnapshots(JdbcTemplate jdbc) {
        this.jdbc = Objects.requireNonNull(jdbc, "jdbc");
    }

    /** The rows of the jobs among {@code ids} that have one. */
    Map<UUID, JobRow> find(Collection<UUID> ids) {
        Map<UUID, JobRow> rows = new HashMap<>();
        if (ids.isEmpty()) {
            return rows;
        }
        String array = ids.stream().map(UUID::toString).collect(Collectors.joining(",", "{", "}"));
        jdbc.query(SELECT, rs -> {
            JobRow row = row(rs);
            rows.put(row.id(), row);
        }, array);
        return rows;
    }

    private static JobRow row(ResultSet rs) throws SQLException {
        UUID id = rs.getObject("id", UUID.class);
        JobStatus status = JobStatus.valueOf(rs.getString("status"));
        Map<String, Object> job = new LinkedHashMap<>();
        job.put("id", id.toString());
        job.put("status", status.name());
        put(job, "source", rs.getString("source"));
        put(job, "question", rs.getString("question"));
        put(job, "model", rs.getString("model"));
        put(job, "chain", rs.getString("chain"));
        put(job, "chainVersion", rs.getString("chain_version"));
        put(job, "fingerprint", rs.getString("fingerprint"));
        put(job, "answer", rs.getString("answer"));
        if (rs.getString("error_type") != null) {
            Map<String, Object> error = new LinkedHashMap<>();
            error.put("type", rs.getString("error_type"));
            error.put("message", rs.getString("error_message"));
            error.put("attempts", rs.getInt("error_attempts"));
            job.put("error", error);
        }
        UUID runId = rs.getObject("run_id", UUID.class);
        if (runId != null) {
            job.put("run", Map.of("id", runId.toString()));
        }
        long prompt = rs.getLong("prompt_tokens");
        if (!rs.wasNull()) {
            job.put("tokens", Map.of("promptTokens", prompt, "completionTokens", rs.getLong("completion_tokens")));
        }
        String metadata = rs.getString("metadata");
        job.put("metadata", metadata == null ? Map.of() : Json.MAPPER.readTree(metadata));
        put(job, "submittedAt", instant(rs, "submitted_at"));
        put(job, "updatedAt", instant(rs, "updated_at"));
        put(job, "completedAt", instant(rs, "completed_at"));
        return new JobRow(id, status, rs.getString("webhook_url"),
                WebhookEndpointStore.events(rs.getString("webhook_events")), job, rs.getString("tenant"));
    }

    private static void put(Map<String, Object> job, String name, Object value) {
        if (value != null) {
            job.put(name, value);
        }
    }

    private static String instant(ResultSet rs, String column) throws SQLException {
        Timestamp value = rs.getTimestamp(column);
        return value == null ? null : value.toInstant().toString();
    }
}
