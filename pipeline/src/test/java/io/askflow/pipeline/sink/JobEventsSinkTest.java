package io.askflow.pipeline.sink;

import io.askflow.core.error.JobError;
import io.askflow.core.job.JobEvent;
import io.askflow.core.job.JobSource;
import io.askflow.core.job.JobSubmitted;
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

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import static io.askflow.pipeline.support.Messages.T0;
import static io.askflow.pipeline.support.Messages.TOKENS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JobEventsSinkTest {

    private static TestDatabase db;
    private static JdbcTemplate jdbc;
    private static JobsSink jobs;
    private final JobEventsSink sink = new JobEventsSink(new JobStore(jdbc), db.transactions(), new SinkMetrics(new SimpleMeterRegistry()));

    @BeforeAll
    static void database() {
        db = TestDatabase.create("pipeline_job_events_sink");
        jdbc = db.jdbc();
        jobs = new JobsSink(new JobStore(jdbc), db.transactions(), new SinkMetrics(new SimpleMeterRegistry()));
    }

    @AfterAll
    static void dropDatabase() {
        db.close();
    }

    @Test
    void shouldApplyQueuedThenCompletedAndKeepTheHistory() {
        JobSubmitted job = stored(Messages.job("What is Kafka?"));
        UUID runId = UUID.randomUUID();
        Instant done = T0.plusSeconds(5);

        sink.write(Records.batch(Topics.JOB_EVENTS.name(),
                JobEvent.queued(job, JobSource.COALESCED, runId, T0.plusSeconds(1)),
                JobEvent.completed(job.jobId(), job.fingerprint(), JobSource.COALESCED, runId, "A log.", TOKENS, done)));

        Map<String, Object> row = row(job);
        assertThat(row).containsEntry("status", "COMPLETED").containsEntry("source", "COALESCED")
                .containsEntry("run_id", runId).containsEntry("answer", "A log.").containsEntry("prompt_tokens", 12L)
                .containsEntry("completion_tokens", 34L);
        assertThat(((java.sql.Timestamp) row.get("completed_at")).toInstant()).isEqualTo(done);
        assertThat(jdbc.queryForList("select status from job_history where job_id = ? order by at", String.class,
                job.jobId())).containsExactly("QUEUED", "COMPLETED");
    }

    @Test
    void shouldNeverChangeATerminalJob() {
        JobSubmitted job = stored(Messages.job("What is Kafka?"));
        UUID runId = UUID.randomUUID();
        JobEvent completed = JobEvent.completed(job.jobId(), job.fingerprint(), JobSource.LLM, runId, "A log.",
                TOKENS, T0.plusSeconds(5));
        sink.write(Records.batch(Topics.JOB_EVENTS.name(), completed));

        sink.write(Records.batch(Topics.JOB_EVENTS.name(), completed,
                JobEvent.completed(job.jobId(), job.fingerprint(), JobSource.CACHE, runId, "other", TOKENS,
                        T0.plusSeconds(6)),
                JobEvent.failed(job.jobId(), job.fingerprint(), JobSource.LLM, runId,
                        new JobError("RUN_DEADLINE_EXCEEDED", "late", 3), T0.plusSeconds(7)),
                JobEvent.queued(job, JobSource.LLM, UUID.randomUUID(), T0.plusSeconds(8))));

        assertThat(row(job)).containsEntry("status", "COMPLETED").containsEntry("answer", "A log.")
                .containsEntry("source", "LLM").containsEntry("run_id", runId).containsEntry("error_type", null);
        assertThat(jdbc.queryForList("select status from job_history where job_id = ?", String.class, job.jobId()))
                .containsExactlyInAnyOrder("QUEUED", "COMPLETED");
    }

    @Test
    void shouldStoreAFailureWithItsReason() {
        JobSubmitted job = stored(Messages.job("What is Kafka?"));

        sink.write(Records.batch(Topics.JOB_EVENTS.name(), JobEvent.failed(job.jobId(), job.fingerprint(),
                JobSource.LLM, UUID.randomUUID(), new JobError("OLLAMA_MODEL_NOT_FOUND", "no such model", 1),
                T0.plusSeconds(2))));

        assertThat(row(job)).containsEntry("status", "FAILED").containsEntry("error_type", "OLLAMA_MODEL_NOT_FOUND")
                .containsEntry("error_message", "no such model").containsEntry("error_attempts", 1);
    }

    @Test
    void shouldWriteUpToTheFirstEventWithoutAJobRowAndHandThatOneToTheErrorHandler() {
        JobSubmitted known = stored(Messages.job("What is Kafka?"));
        JobSubmitted unknown = Messages.job("What is Redis?");
        JobSubmitted knownToo = stored(Messages.job("What is Flink?"));

        assertThatThrownBy(() -> sink.write(Records.batch(Topics.JOB_EVENTS.name(),
                JobEvent.queued(known, JobSource.LLM, UUID.randomUUID(), T0),
                null,
                JobEvent.queued(unknown, JobSource.LLM, UUID.randomUUID(), T0),
                JobEvent.queued(knownToo, JobSource.LLM, UUID.randomUUID(), T0))))
                .isInstanceOfSatisfying(SinkFailure.JobRowMissing.class, e -> {
                    assertThat(e.getIndex()).isEqualTo(2);
                    assertThat(e.getCause()).isInstanceOf(MissingJobException.class);
                });

        assertThat(row(known)).containsEntry("source", "LLM");
        assertThat(row(knownToo)).containsEntry("source", null);
    }

    @Test
    void shouldStoreACompletedAnswerWithoutItsNulCharacters() {
        JobSubmitted job = stored(Messages.job("What is Kafka?"));

        sink.write(Records.batch(Topics.JOB_EVENTS.name(), JobEvent.completed(job.jobId(), job.fingerprint(),
                JobSource.LLM, UUID.randomUUID(), "A\u0000 log.", TOKENS, T0.plusSeconds(5))));

        assertThat(row(job)).containsEntry("status", "COMPLETED").containsEntry("answer", "A log.");
    }

    private static JobSubmitted stored(JobSubmitted job) {
        jobs.write(Records.batch(Topics.JOBS.name(), job));
        return job;
    }

    private static Map<String, Object> row(JobSubmitted job) {
        return jdbc.queryForMap("select * from jobs where id = ?", job.jobId());
    }
}
