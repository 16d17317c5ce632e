package io.askflow.pipeline.sink;

import io.askflow.core.job.JobEvent;
import io.askflow.core.job.JobLifecycle;
import io.askflow.core.job.JobSource;
import io.askflow.core.job.JobStatus;
import io.askflow.core.job.JobSubmitted;
import io.askflow.core.run.RunLifecycle;
import io.askflow.core.run.RunStatus;
import io.askflow.core.store.Dated;
import io.askflow.core.store.JobStore;
import io.askflow.core.topic.Topics;
import io.askflow.pipeline.support.Messages;
import io.askflow.pipeline.support.Records;
import io.askflow.pipeline.support.TestDatabase;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

import java.util.List;
import java.util.UUID;

import static io.askflow.pipeline.support.Messages.T0;
import static io.askflow.pipeline.support.Messages.TOKENS;
import static org.assertj.core.api.SoftAssertions.assertSoftly;

/**
 * Every transition, allowed or not, tried where rows change: a job row through the {@link JobStore}, a run row
 * through the {@link RunsSink}. A row moves exactly when its lifecycle allows it, and an applied move adds its
 * history row once.
 */
class LifecycleEnforcementTest {

    private static TestDatabase db;
    private static JdbcTemplate jdbc;
    private static JobStore store;
    private static RunsSink runs;

    @BeforeAll
    static void database() {
        db = TestDatabase.create("pipeline_lifecycle_enforcement");
        jdbc = db.jdbc();
        store = new JobStore(jdbc);
        runs = new RunsSink(jdbc, db.transactions(), new SinkMetrics(new SimpleMeterRegistry()),
                new UsageMetrics(new SimpleMeterRegistry()));
    }

    @AfterAll
    static void dropDatabase() {
        db.close();
    }

    @Test
    void shouldMoveAJobExactlyWhenItsLifecycleAllows() {
        assertSoftly(softly -> {
            for (JobStatus from : JobStatus.values()) {
                for (JobStatus to : JobStatus.values()) {
                    JobSubmitted job = jobIn(from);

                    store.apply(List.of(new Dated<>(event(job, to), T0.plusSeconds(9))));

                    boolean moves = from != to && JobLifecycle.isAllowed(from, to);
                    softly.assertThat(status(job)).as("%s -> %s", from, to).isEqualTo(moves ? to : from);
                    boolean reached = moves || from == to || to == JobStatus.QUEUED; // every job starts QUEUED
                    softly.assertThat(historyOf(job, to)).as("history of %s -> %s", from, to)
                            .isEqualTo(reached ? 1 : 0);
                }
            }
        });
    }

    @Test
    void shouldMoveARunExactlyWhenItsLifecycleAllows() {
        assertSoftly(softly -> {
            for (RunStatus from : RunStatus.values()) {
                for (RunStatus to : RunStatus.values()) {
                    UUID runId = runIn(from);

                    change(runId, to);

                    boolean moves = RunLifecycle.isAllowed(from, to);
                    softly.assertThat(runStatus(runId)).as("%s -> %s", from, to).isEqualTo((moves ? to : from).name());
                }
            }
        });
    }

    /** A job whose row is in {@code status}, with that status's history row. */
    private static JobSubmitted jobIn(JobStatus status) {
        JobSubmitted job = Messages.job("What is Kafka?");
        store.insert(List.of(new Dated<>(job, T0)));
        if (status != JobStatus.QUEUED) {
            jdbc.update("update jobs set status = ? where id = ?", status.name(), job.jobId());
            jdbc.update("insert into job_history (job_id, status, at) values (?, ?, now())", job.jobId(),
                    status.name());
        }
        return job;
    }

    private static JobEvent event(JobSubmitted job, JobStatus status) {
        UUID runId = UUID.randomUUID();
        return switch (status) {
            case QUEUED -> JobEvent.queued(job, JobSource.LLM, runId, T0.plusSeconds(9));
            case RUNNING -> JobEvent.running(job.jobId(), job.fingerprint(), JobSource.LLM, runId, T0.plusSeconds(9));
            case COMPLETED -> JobEvent.completed(job.jobId(), job.fingerprint(), JobSource.LLM, runId, "A.", TOKENS,
                    T0.plusSeconds(9));
            case FAILED -> JobEvent.failed(job.jobId(), job.fingerprint(), JobSource.LLM, runId,
                    Messages.failure(runId, job.fingerprint(), "OLLAMA_BUSY").error(), T0.plusSeconds(9));
        };
    }

    private static UUID runIn(RunStatus status) {
        UUID runId = UUID.randomUUID();
        runs.writeProgress(Records.batch(Topics.RUN_PROGRESS.name(), Messages.progress(runId, "f".repeat(64), 0, 2,
                T0)));
        jdbc.update("update runs set status = ? where id = ?", status.name(), runId);
        return runId;
    }

    private static void change(UUID runId, RunStatus to) {
        String fingerprint = "f".repeat(64);
        switch (to) {
            case RUNNING -> runs.writeProgress(Records.batch(Topics.RUN_PROGRESS.name(),
                    Messages.progress(runId, fingerprint, 1, 2, T0.plusSeconds(1))));
            case COMPLETED -> runs.writeResults(Records.batch(Topics.RUN_RESULTS.name(),
                    Messages.success(runId, fingerprint, "A.")));
            case FAILED -> runs.writeResults(Records.batch(Topics.RUN_RESULTS.name(),
                    Messages.failure(runId, fingerprint, "OLLAMA_BUSY")));
        }
    }

    private static JobStatus status(JobSubmitted job) {
        return JobStatus.valueOf(jdbc.queryForObject("select status from jobs where id = ?", String.class,
                job.jobId()));
    }

    private static int historyOf(JobSubmitted job, JobStatus status) {
        return jdbc.queryForObject("select count(*) from job_history where job_id = ? and status = ?", Integer.class,
                job.jobId(), status.name());
    }

    private static String runStatus(UUID runId) {
        return jdbc.queryForObject("select status from runs where id = ?", String.class, runId);
    }
}
