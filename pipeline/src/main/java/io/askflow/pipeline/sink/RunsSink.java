package io.askflow.pipeline.sink;

import io.askflow.core.run.RunLifecycle;
import io.askflow.core.run.RunStatus;
import io.askflow.core.store.SqlValues;
import io.askflow.core.step.StepResult;
import io.askflow.core.run.RunProgress;
import io.askflow.core.run.RunResult;
import io.askflow.core.step.TokenUsage;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import static io.askflow.core.store.SqlValues.int4;
import static io.askflow.core.store.SqlValues.int8;
import static io.askflow.core.store.SqlValues.text;
import static io.askflow.core.store.SqlValues.time;
import static io.askflow.core.store.SqlValues.uuid;

/**
 * {@code askflow.task-progress} and {@code askflow.task-results} -> {@code runs} and {@code run_steps}.
 *
 * <ul>
 *   <li>Progress upserts the run as RUNNING with its step counts, current step and worker, but only
 *       while the run is RUNNING and never backwards (a late or redelivered progress, or one of a
 *       second dispatch that is behind, changes nothing; a finished run stays finished).</li>
 *   <li>A result upserts the run as COMPLETED or FAILED with tokens, error and finish time, unless
 *       the run is finished already (the first result wins: a redelivery or a second dispatch's result
 *       changes nothing); only when it was applied are its steps inserted (on conflict do nothing). A run the
 *       pipeline gave up after its deadline is closed the same way: the pipeline publishes a FAILED result
 *       ({@code RUN_DEADLINE_EXCEEDED}) for it.</li>
 *   <li>Both write the run's tenant (the tenant of the job that started it, carried from the {@code RunRequest} by
 *       the worker's progress and result) when the row has none yet; a run's tenant never changes.</li>
 *   <li>A result that was applied counts the run's tokens and GPU time to its tenant ({@link UsageMetrics}) once
 *       its transaction committed: a result that changed nothing (redelivered, late, a second dispatch's) counts
 *       nothing, so every run counts once.</li>
 * </ul>
 * It is the only writer of these two tables; the statuses a row may leave for another come from
 * {@link RunLifecycle}.
 */
public final class RunsSink {

    static final String PROGRESS = "task-progress";
    static final String RESULTS = "task-results";

    private static final String UPSERT_PROGRESS = """
            insert into runs (id, fingerprint, status, steps_done, steps_total, current_step, worker,
                              started_at, updated_at, tenant)
            values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            on conflict (id) do update set steps_done = excluded.steps_done, steps_total = excluded.steps_total,
                                           tenant = coalesce(runs.tenant, excluded.tenant),
                                           current_step = excluded.current_step, worker = excluded.worker,
                                           started_at = coalesce(runs.started_at, excluded.started_at),
                                           updated_at = excluded.updated_at
            where runs.status = any(string_to_array(?, ',')) and runs.steps_done <= excluded.steps_done
            """;

    private static final String UPSERT_RESULT = """
            insert into runs (id, fingerprint, status, steps_done, steps_total, worker, error_type, error_message,
                              prompt_tokens, completion_tokens, started_at, finished_at, updated_at, tenant)
            values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            on conflict (id) do update set status = excluded.status,
                                           tenant = coalesce(runs.tenant, excluded.tenant),
                                           steps_done = greatest(runs.steps_done, excluded.steps_done),
                                           steps_total = coalesce(runs.steps_total, excluded.steps_total),
                                           current_step = null, worker = excluded.worker,
                                           error_type = excluded.error_type, error_message = excluded.error_message,
                                           prompt_tokens = excluded.prompt_tokens,
                                           completion_tokens = excluded.completion_tokens,
                                           started_at = coalesce(runs.started_at, excluded.started_at),
                                           finished_at = excluded.finished_at, updated_at = excluded.updated_at
            where runs.status = any(string_to_array(?, ','))
            """;

    private static final String INSERT_STEP = """
            insert into run_steps (run_id, step_index, name, agent, model, host, output, prompt_tokens,
                                   completion_tokens, duration_ms)
            values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            on conflict do nothing
            """;

    /** For each target status, the statuses a run may leave for it ({@link RunLifecycle}), comma-separated. */
    private static final Map<RunStatus, String> ALLOWED_FROM = SqlValues.allowedFrom(RunStatus.class,
            RunLifecycle::isAllowed);

    private final JdbcTemplate jdbc;
    private final BatchWriter progressWriter;
    private final BatchWriter resultWriter;
    private final UsageMetrics usage;

    public RunsSink(JdbcTemplate jdbc, TransactionTemplate transactions, SinkMetrics metrics, UsageMetrics usage) {
        this.jdbc = Objects.requireNonNull(jdbc, "jdbc");
        this.usage = Objects.requireNonNull(usage, "usage");
        this.progressWriter = new BatchWriter(PROGRESS, transactions, metrics);
        this.resultWriter = new BatchWriter(RESULTS, transactions, metrics);
    }

    /** Writes one polled batch of progress. */
    public void writeProgress(List<ConsumerRecord<String, RunProgress>> records) {
        progressWriter.write(progressWriter.usable(records, RunsSink::problem), RunProgress::runId,
                this::upsertProgress);
    }

    /** Writes one polled batch of results. */
    public void writeResults(List<ConsumerRecord<String, RunResult>> records) {
        resultWriter.write(resultWriter.usable(records, RunsSink::problem), RunResult::runId, this::upsertResults);
    }

    private static String problem(RunProgress progress) {
        return progress.runId() == null || progress.fingerprint() == null
                ? "progress needs a run id and a fingerprint" : null;
    }

    private static String problem(RunResult result) {
        return result.runId() == null || result.fingerprint() == null
                ? "a result needs a run id and a fingerprint" : null;
    }

    private void upsertProgress(List<BatchWriter.Indexed<RunProgress>> records) {
        jdbc.batchUpdate(UPSERT_PROGRESS, records.stream().map(RunsSink::progressRow).toList());
    }

    private static Object[] progressRow(BatchWriter.Indexed<RunProgress> indexed) {
        RunProgress progress = indexed.value();
        Instant at = progress.at() != null ? progress.at() : Instant.ofEpochMilli(indexed.record().timestamp());
        return new Object[] {uuid(progress.runId()), text(progress.fingerprint()), text(RunStatus.RUNNING.name()),
                int4(progress.stepsDone()), int4(progress.stepsTotal()), text(progress.currentStep()),
                text(progress.worker()), time(at), time(at), text(progress.tenant()),
                text(ALLOWED_FROM.get(RunStatus.RUNNING))};
    }

    private void upsertResults(List<BatchWriter.Indexed<RunResult>> records) {
        int[] applied = jdbc.batchUpdate(UPSERT_RESULT, records.stream().map(RunsSink::resultRow).toList());
        List<Object[]> steps = new ArrayList<>();
        List<RunResult> ended = new ArrayList<>();
        for (int i = 0; i < records.size(); i++) {
            if (applied[i] != 0) { // -2 (SUCCESS_NO_INFO, rewritten batches): insert, the steps are idempotent
                RunResult result = records.get(i).value();
                result.steps().forEach(step -> steps.add(stepRow(result, step)));
            }
            if (applied[i] > 0) { // counted only when the row certainly changed: never twice
                ended.add(records.get(i).value());
            }
        }
        if (!steps.isEmpty()) {
            jdbc.batchUpdate(INSERT_STEP, steps);
        }
        afterCommit(() -> ended.forEach(usage::runEnded));
    }

    /**
     * Runs {@code action} once the current transaction committed (a batch that fails and is written again one record
     * at a time counts only what its committed transactions wrote), or at once outside a transaction.
     */
    private static void afterCommit(Runnable action) {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            action.run();
            return;
        }
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                action.run();
            }
        });
    }

    private static Object[] resultRow(BatchWriter.Indexed<RunResult> indexed) {
        RunResult result = indexed.value();
        Instant finishedAt = result.finishedAt() != null ? result.finishedAt()
                : Instant.ofEpochMilli(indexed.record().timestamp());
        RunStatus status = result.succeeded() ? RunStatus.COMPLETED : RunStatus.FAILED;
        return new Object[] {uuid(result.runId()), text(result.fingerprint()), text(status.name()),
                int4(result.steps().size()), int4(result.succeeded() ? result.steps().size() : null),
                text(result.worker()), text(result.succeeded() ? null : result.error().type()),
                text(result.succeeded() ? null : result.error().message()), int8(result.tokens().promptTokens()),
                int8(result.tokens().completionTokens()), time(result.startedAt()), time(finishedAt),
                time(finishedAt), text(result.tenant()), text(ALLOWED_FROM.get(status))};
    }

    private static Object[] stepRow(RunResult result, StepResult step) {
        TokenUsage tokens = step.tokens() == null ? TokenUsage.NONE : step.tokens();
        return new Object[] {uuid(result.runId()), int4(step.index()),
                text(step.name() == null ? "step-" + step.index() : step.name()), text(step.agent()),
                text(step.model()), text(step.host()), text(step.output() == null ? "" : step.output()),
                int8(tokens.promptTokens()), int8(tokens.completionTokens()),
                int8(step.duration() == null ? 0L : step.duration().toMillis())};
    }
}
