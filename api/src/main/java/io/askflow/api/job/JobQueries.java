package io.askflow.api.job;

import io.askflow.api.replica.ReadRoute;
import io.askflow.core.error.JobError;
import io.askflow.core.job.JobSource;
import io.askflow.core.job.JobStatus;
import io.askflow.core.job.JobWebhook;
import io.askflow.core.json.Json;
import io.askflow.core.step.TokenUsage;
import io.askflow.core.store.WebhookEndpointStore;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The API's reads of a job: its row, its run's progress and its steps (schema: core's db/migration). Writes go
 * through core's {@code JobStore}, the tables' one writer. Reads take the {@link ReadRoute} (the replica when one is
 * configured and usable); a read by id that the replica does not answer is asked of the primary as well.
 */
@Repository
public class JobQueries {

    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    /** The "tenant" of an admin's list of every tenant's jobs. */
    public static final String ALL_TENANTS = "*";

    private final ReadRoute route;

    public JobQueries(ReadRoute route) {
        this.route = route;
    }

    /** The job as a poll shows it, or empty when no job has this id. */
    public Optional<JobView> find(UUID id) {
        return route.readFresh(jdbc -> jdbc.sql("""
                        select j.*, r.status as run_status, r.steps_done, r.steps_total, r.current_step
                        from jobs j left join runs r on r.id = j.run_id
                        where j.id = ?
                        """)
                .param(id)
                .query((rs, n) -> toView(rs))
                .optional()
                .map(job -> withSteps(jdbc, job)));
    }

    /**
     * The job as a poll shows it when it is {@code tenant}'s, or empty: another tenant's job is not there for it,
     * exactly like one that does not exist.
     */
    public Optional<JobView> find(UUID id, String tenant) {
        return route.readFresh(jdbc -> jdbc.sql("""
                        select j.*, r.status as run_status, r.steps_done, r.steps_total, r.current_step
                        from jobs j left join runs r on r.id = j.run_id
                        where j.id = ? and j.tenant = ?
                        """)
                .params(id, tenant)
                .query((rs, n) -> toView(rs))
                .optional()
                .map(job -> withSteps(jdbc, job)));
    }

    /** Whether a job has this id. */
    public boolean exists(UUID id) {
        return route.existsFresh(jdbc -> jdbc.sql("select exists (select 1 from jobs where id = ?)").param(id)
                .query(Boolean.class).single());
    }

    /** Whether {@code tenant} has a job with this id. */
    public boolean exists(UUID id, String tenant) {
        return route.existsFresh(jdbc -> jdbc.sql("select exists (select 1 from jobs where id = ? and tenant = ?)")
                .params(id, tenant).query(Boolean.class).single());
    }

    /**
     * A page of {@code tenant}'s jobs, newest first, after {@code after} (keyset paging on the index
     * {@code jobs_tenant_submitted}: a page costs the same on the millionth row as on the first). With
     * {@link #ALL_TENANTS} every tenant's jobs, newest first by id (ids are time-ordered UUID v7s), on the primary key;
     * there {@code from} and {@code to} become bounds of the id, so they too are ranges of the index.
     *
     * @param after  the last job of the previous page, or {@code null} for the first page
     * @param filter the conditions: status, chain, text of the question, submitted from and to
     * @param limit  the most jobs answered; one more is read to tell whether a next page exists
     */
    public JobPage list(String tenant, JobCursor after, JobFilter filter, int limit) {
        boolean all = ALL_TENANTS.equals(tenant);
        StringBuilder sql = new StringBuilder("""
                select id, status, source, question, model, chain, fingerprint, submitted_at, updated_at, completed_at
                from jobs where true""");
        List<Object> params = new ArrayList<>();
        if (!all) {
            sql.append(" and tenant = ?");
            params.add(tenant);
        }
        if (after != null) {
            sql.append(all ? " and id < ?" : " and (submitted_at, id) < (?, ?)");
            if (!all) {
                params.add(Timestamp.from(after.submittedAt()));
            }
            params.add(after.id());
        }
        appendTime(sql, params, filter, all);
        if (filter.status() != null) {
            sql.append(" and status = ?");
            params.add(filter.status().name());
        }
        if (filter.chain() != null) {
            sql.append(" and chain = ?");
            params.add(filter.chain());
        }
        if (filter.text() != null) {
            sql.append(" and question ilike ?");
            params.add(filter.likePattern());
        }
        sql.append(all ? " order by id desc limit ?" : " order by submitted_at desc, id desc limit ?");
        params.add(limit + 1);
        List<JobSummary> jobs = route.read(jdbc -> jdbc.sql(sql.toString()).params(params)
                .query((rs, n) -> toSummary(rs)).list());
        if (jobs.size() <= limit) {
            return new JobPage(jobs, null);
        }
        List<JobSummary> page = jobs.subList(0, limit);
        JobSummary last = page.get(limit - 1);
        return new JobPage(List.copyOf(page), new JobCursor(last.submittedAt(), last.id()).encode());
    }

    /** The time range: on {@code submitted_at} for a tenant, on the time-ordered id for every tenant. */
    private static void appendTime(StringBuilder sql, List<Object> params, JobFilter filter, boolean all) {
        if (filter.from() != null) {
            sql.append(all ? " and id >= ?" : " and submitted_at >= ?");
            params.add(all ? JobIds.lowest(filter.from()) : Timestamp.from(filter.from()));
        }
        if (filter.to() != null) {
            sql.append(all ? " and id < ?" : " and submitted_at < ?");
            params.add(all ? JobIds.lowest(filter.to()) : Timestamp.from(filter.to()));
        }
    }

    private static JobSummary toSummary(ResultSet rs) throws SQLException {
        UUID id = rs.getObject("id", UUID.class);
        String source = rs.getString("source");
        return new JobSummary(id, JobStatus.valueOf(rs.getString("status")),
                source == null ? null : JobSource.valueOf(source), rs.getString("question"), rs.getString("model"),
                rs.getString("chain"), rs.getString("fingerprint"), instant(rs, "submitted_at"),
                instant(rs, "updated_at"), instant(rs, "completed_at"), JobLinks.of(id));
    }

    private static JobView withSteps(JdbcClient jdbc, JobView job) {
        if (job.run() == null) {
            return job;
        }
        List<JobView.StepView> steps = jdbc.sql("""
                        select step_index, name, agent, model, host, output, prompt_tokens, completion_tokens, duration_ms
                        from run_steps where run_id = ? order by step_index
                        """)
                .param(job.run().id())
                .query((rs, n) -> new JobView.StepView(rs.getInt("step_index"), rs.getString("name"),
                        rs.getString("agent"), rs.getString("model"), rs.getString("host"), rs.getString("output"),
                        new TokenUsage(rs.getLong("prompt_tokens"), rs.getLong("completion_tokens")),
                        rs.getLong("duration_ms")))
                .list();
        return job.withSteps(steps);
    }

    private static JobView toView(ResultSet rs) throws SQLException {
        UUID id = rs.getObject("id", UUID.class);
        UUID runId = rs.getObject("run_id", UUID.class);
        String runStatus = rs.getString("run_status");
        JobStatus status = JobStatus.valueOf(rs.getString("status"));
        JobView.RunView run = runId == null ? null : new JobView.RunView(runId, runStatus,
                (Integer) rs.getObject("steps_done"), (Integer) rs.getObject("steps_total"), rs.getString("current_step"));
        String errorType = rs.getString("error_type");
        JobError error = errorType == null ? null
                : new JobError(errorType, rs.getString("error_message"), rs.getInt("error_attempts"));
        Long prompt = (Long) rs.getObject("prompt_tokens");
        TokenUsage tokens = prompt == null ? null : new TokenUsage(prompt, rs.getLong("completion_tokens"));
        String source = rs.getString("source");
        return new JobView(id, status, source == null ? null : JobSource.valueOf(source), rs.getString("question"),
                rs.getString("model"), rs.getString("chain"), rs.getString("chain_version"),
                rs.getString("fingerprint"), rs.getString("answer"), error, run, tokens, List.of(),
                Json.MAPPER.readValue(rs.getString("metadata"), MAP), webhook(rs), instant(rs, "submitted_at"),
                instant(rs, "updated_at"), instant(rs, "completed_at"), JobLinks.of(id));
    }

    /** The job's own webhook: its URL and its events, stored as comma-separated wire names. */
    private static JobView.WebhookView webhook(ResultSet rs) throws SQLException {
        String url = rs.getString("webhook_url");
        return url == null ? null : JobView.WebhookView.of(
                new JobWebhook(url, WebhookEndpointStore.events(rs.getString("webhook_events"))));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp timestamp = rs.getTimestamp(column);
        return timestamp == null ? null : timestamp.toInstant();
    }
}
