package io.askflow.core.store;

import io.askflow.core.cache.CachedAnswer;
import io.askflow.core.error.JobError;
import io.askflow.core.job.JobEvent;
import io.askflow.core.job.JobEventType;
import io.askflow.core.job.JobLifecycle;
import io.askflow.core.job.JobStatus;
import io.askflow.core.job.JobSubmitted;
import io.askflow.core.job.JobWebhook;
import io.askflow.core.step.TokenUsage;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import static io.askflow.core.store.SqlValues.int4;
import static io.askflow.core.store.SqlValues.int8;
import static io.askflow.core.store.SqlValues.json;
import static io.askflow.core.store.SqlValues.text;
import static io.askflow.core.store.SqlValues.time;
import static io.askflow.core.store.SqlValues.uuid;

/**
 * The one writer of {@code jobs} and {@code job_history}: the API inserts through it inside the transaction that
 * publishes the job (ADR 1), the pipeline's sinks insert and change rows through it; nothing else writes these
 * tables, and every history row comes from here.
 *
 * <ul>
 *   <li>{@link #insert} adds a job unless its row is there already (a redelivery changes nothing): QUEUED with its
 *       QUEUED history row, or, for a job the API answered from the cache, COMPLETED (source CACHE, the cached run,
 *       answer and tokens) with a QUEUED and a COMPLETED history row at the same time; the job's own webhook
 *       (URL and events) goes with it.</li>
 *   <li>{@link #apply} moves a job to an event's status only when {@link JobLifecycle} allows the move from the row's
 *       status and that status is not terminal, so a COMPLETED answer never changes and a redelivered or late event
 *       changes nothing; each change adds its history row once ({@code (job_id, status)} is the key).</li>
 * </ul>
 * Every method takes a batch, written with JDBC batching; the caller owns the transaction.
 */
public final class JobStore {

    private static final String INSERT = """
            with inserted as (
                insert into jobs (id, fingerprint, status, source, run_id, question, model, chain, chain_version,
                                  options, cache_mode, cache_ttl_seconds, metadata, answer, prompt_tokens,
                                  completion_tokens, submitted_at, updated_at, completed_at, webhook_url,
                                  webhook_events, tenant, cache_scope)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, cast(? as jsonb), ?, ?, cast(? as jsonb), ?, ?, ?, ?, ?, ?, ?, ?,
                        ?, ?)
                on conflict (id) do nothing
                returning id, status, source, run_id, submitted_at
            )
            insert into job_history (job_id, status, source, run_id, at)
            select id, 'QUEUED', null, null, submitted_at from inserted
            union all
            select id, status, source, run_id, submitted_at from inserted where status <> 'QUEUED'
            on conflict do nothing
            """;

    private static final String APPLY = """
            with changed as (
                update jobs set status = ?, source = coalesce(?, source), run_id = coalesce(?, run_id),
                                answer = coalesce(?, answer), error_type = coalesce(?, error_type),
                                error_message = coalesce(?, error_message),
                                error_attempts = coalesce(?, error_attempts),
                                prompt_tokens = coalesce(?, prompt_tokens),
                                completion_tokens = coalesce(?, completion_tokens),
                                updated_at = ?, completed_at = coalesce(?, completed_at)
                where id = ? and status = any(string_to_array(?, ','))
                returning id, status, source, run_id, updated_at
            )
            insert into job_history (job_id, status, source, run_id, at)
            select id, status, source, run_id, updated_at from changed
            on conflict do nothing
            """;

    /** For each target status, the statuses a job may leave for it, comma-separated. */
    private static final Map<JobStatus, String> ALLOWED_FROM = SqlValues.allowedFrom(JobStatus.class,
            (from, to) -> !from.isTerminal() && JobLifecycle.isAllowed(from, to));

    private final JdbcTemplate jdbc;
    private final NamedParameterJdbcTemplate named;

    public JobStore(JdbcTemplate jdbc) {
        this.jdbc = Objects.requireNonNull(jdbc, "jdbc");
        this.named = new NamedParameterJdbcTemplate(jdbc);
    }

    /** Inserts the jobs that have no row yet, with their history. */
    public void insert(List<Dated<JobSubmitted>> jobs) {
        if (!jobs.isEmpty()) {
            jdbc.batchUpdate(INSERT, jobs.stream().map(JobStore::insertRow).toList());
        }
    }

    /** Applies the events whose move the lifecycle allows, with their history. */
    public void apply(List<Dated<JobEvent>> events) {
        if (!events.isEmpty()) {
            jdbc.batchUpdate(APPLY, events.stream().map(JobStore::applyRow).toList());
        }
    }

    /** The ids among {@code ids} that have a row. */
    public Set<UUID> existing(Collection<UUID> ids) {
        if (ids.isEmpty()) {
            return Set.of();
        }
        return new HashSet<>(named.queryForList("select id from jobs where id in (:ids)", Map.of("ids", ids),
                UUID.class));
    }

    private static Object[] insertRow(Dated<JobSubmitted> dated) {
        JobSubmitted job = dated.value();
        CachedAnswer cached = job.answeredFromCache();
        boolean answered = cached != null;
        TokenUsage tokens = answered ? cached.tokens() : null;
        JobWebhook hook = job.webhook();
        return new Object[] {uuid(job.jobId()), text(job.fingerprint()),
                text(answered ? JobStatus.COMPLETED.name() : JobStatus.QUEUED.name()),
                text(answered ? "CACHE" : null), uuid(answered ? cached.runId() : null),
                text(job.request().question()), text(job.request().model()), text(job.request().chain()),
                text(job.request().chainVersion()), json(job.request().options()), text(job.cache().mode().name()),
                int4(job.cache().ttlSeconds()), json(job.metadata()), text(answered ? cached.answer() : null),
                int8(tokens == null ? null : tokens.promptTokens()),
                int8(tokens == null ? null : tokens.completionTokens()), time(dated.at()), time(dated.at()),
                time(answered ? dated.at() : null), text(hook == null ? null : hook.url()),
                text(hook == null ? null : hook.events().stream().map(JobEventType::wireName).sorted()
                        .collect(Collectors.joining(","))),
                text(job.tenant()), text(job.request().scope())};
    }

    private static Object[] applyRow(Dated<JobEvent> dated) {
        JobEvent event = dated.value();
        JobError error = event.error();
        TokenUsage tokens = event.tokens();
        return new Object[] {text(event.status().name()), text(event.source() == null ? null : event.source().name()),
                uuid(event.runId()), text(event.answer()), text(error == null ? null : error.type()),
                text(error == null ? null : error.message()), int4(error == null ? null : error.attempts()),
                int8(tokens == null ? null : tokens.promptTokens()),
                int8(tokens == null ? null : tokens.completionTokens()), time(dated.at()),
                time(event.status().isTerminal() ? dated.at() : null), uuid(event.jobId()),
                text(ALLOWED_FROM.get(event.status()))};
    }
}
