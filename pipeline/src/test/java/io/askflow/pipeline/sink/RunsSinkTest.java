package io.askflow.pipeline.sink;

import io.askflow.core.error.ErrorCode;
import io.askflow.core.error.JobError;
import io.askflow.core.run.RunResult;
import io.askflow.core.topic.Topics;
import io.askflow.pipeline.support.Records;
import io.askflow.pipeline.support.TestDatabase;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;

import static io.askflow.pipeline.support.Messages.T0;
import static io.askflow.pipeline.support.Messages.failure;
import static io.askflow.pipeline.support.Messages.progress;
import static io.askflow.pipeline.support.Messages.success;
import static org.assertj.core.api.Assertions.assertThat;

class RunsSinkTest {

    private static final String FINGERPRINT = "f".repeat(64);
    /** The usage query of pipeline/README.md ("Usage per tenant"). */
    private static final String USAGE_QUERY = """
            select coalesce(r.tenant, 'default')                          as tenant,
                   (r.finished_at at time zone 'UTC')::date               as day,
                   count(*)                                               as runs,
                   coalesce(sum(r.prompt_tokens), 0)                      as prompt_tokens,
                   coalesce(sum(r.completion_tokens), 0)                  as completion_tokens,
                   coalesce(sum(s.duration_ms), 0) / 1000.0               as gpu_seconds
            from runs r
            left join (select run_id, sum(duration_ms) as duration_ms from run_steps group by run_id) s on s.run_id = r.id
            where r.status in ('COMPLETED', 'FAILED')
              and coalesce(r.tenant, 'default') = ?
              and r.finished_at >= ? and r.finished_at < ?
            group by 1, 2
            order by 2
            """;

    private static TestDatabase db;
    private static JdbcTemplate jdbc;
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final RunsSink sink = new RunsSink(jdbc, db.transactions(), new SinkMetrics(registry),
            new UsageMetrics(registry));

    @BeforeAll
    static void database() {
        db = TestDatabase.create("pipeline_runs_sink");
        jdbc = db.jdbc();
    }

    @AfterAll
    static void dropDatabase() {
        db.close();
    }

    @Test
    void shouldTrackProgressForwardOnly() {
        UUID runId = UUID.randomUUID();

        sink.writeProgress(Records.batch(Topics.RUN_PROGRESS.name(), progress(runId, FINGERPRINT, 0, 3, T0),
                progress(runId, FINGERPRINT, 2, 3, T0.plusSeconds(2)), progress(runId, FINGERPRINT, 1, 3, T0.plusSeconds(1))));

        assertThat(run(runId)).containsEntry("status", "RUNNING").containsEntry("steps_done", 2)
                .containsEntry("steps_total", 3).containsEntry("current_step", "step-2")
                .containsEntry("worker", "worker-1");
        assertThat(((java.sql.Timestamp) run(runId).get("started_at")).toInstant()).isEqualTo(T0);
    }

    @Test
    void shouldFinishTheRunWithItsStepsAndIgnoreLateProgressAndRedelivery() {
        UUID runId = UUID.randomUUID();
        sink.writeProgress(Records.batch(Topics.RUN_PROGRESS.name(), progress(runId, FINGERPRINT, 0, 1, T0)));

        sink.writeResults(Records.batch(Topics.RUN_RESULTS.name(), success(runId, FINGERPRINT, "A log.")));
        sink.writeProgress(Records.batch(Topics.RUN_PROGRESS.name(), progress(runId, FINGERPRINT, 1, 1, T0.plusSeconds(9))));
        sink.writeResults(Records.batch(Topics.RUN_RESULTS.name(), success(runId, FINGERPRINT, "A log."),
                failure(runId, FINGERPRINT, "OLLAMA_TIMEOUT")));

        Map<String, Object> run = run(runId);
        assertThat(run).containsEntry("status", "COMPLETED").containsEntry("steps_done", 1)
                .containsEntry("prompt_tokens", 12L).containsEntry("completion_tokens", 34L)
                .containsEntry("error_type", null).containsEntry("current_step", null);
        assertThat(((java.sql.Timestamp) run.get("started_at")).toInstant()).isEqualTo(T0);
        assertThat(((java.sql.Timestamp) run.get("finished_at")).toInstant()).isEqualTo(T0.plusSeconds(3));
        assertThat(jdbc.queryForList("select * from run_steps where run_id = ?", runId)).singleElement()
                .satisfies(step -> assertThat(step).containsEntry("step_index", 0).containsEntry("output", "A log.")
                        .containsEntry("agent", "Expert").containsEntry("host", "ollama-1")
                        .containsEntry("duration_ms", 1500L));
    }

    @Test
    void shouldStoreAFailedRunThatNeverReportedProgress() {
        UUID runId = UUID.randomUUID();

        sink.writeResults(Records.batch(Topics.RUN_RESULTS.name(), failure(runId, FINGERPRINT, "OLLAMA_TIMEOUT")));

        assertThat(run(runId)).containsEntry("status", "FAILED").containsEntry("error_type", "OLLAMA_TIMEOUT")
                .containsEntry("error_message", "the model failed").containsEntry("fingerprint", FINGERPRINT);
    }

    @Test
    void shouldCloseTheRunsThePipelineGaveUpAsFailed() {
        UUID running = UUID.randomUUID();  // a worker reported progress, then nothing came
        UUID lost = UUID.randomUUID();     // its request never reached a worker: no run row
        UUID finished = UUID.randomUUID(); // its result came before the pipeline's give-up was stored
        sink.writeProgress(Records.batch(Topics.RUN_PROGRESS.name(), progress(running, FINGERPRINT, 1, 3, T0)));
        sink.writeResults(Records.batch(Topics.RUN_RESULTS.name(), success(finished, FINGERPRINT, "A.")));
        JobError expired = ErrorCode.RUN_DEADLINE_EXCEEDED.error("no result after 3 dispatches of PT15M each", 3);

        sink.writeResults(Records.batch(Topics.RUN_RESULTS.name(),
                RunResult.givenUp(running, FINGERPRINT, expired, T0, T0.plusSeconds(60)),
                RunResult.givenUp(lost, FINGERPRINT, expired, T0, T0.plusSeconds(61)),
                RunResult.givenUp(finished, FINGERPRINT, expired, T0, T0.plusSeconds(62))));

        assertThat(run(running)).containsEntry("status", "FAILED").containsEntry("error_type", "RUN_DEADLINE_EXCEEDED")
                .containsEntry("error_message", expired.message()).containsEntry("steps_done", 1)
                .containsEntry("current_step", null).containsEntry("worker", RunResult.PIPELINE);
        assertThat(((java.sql.Timestamp) run(running).get("finished_at")).toInstant()).isEqualTo(T0.plusSeconds(60));
        assertThat(run(lost)).containsEntry("status", "FAILED").containsEntry("error_type", "RUN_DEADLINE_EXCEEDED");
        assertThat(run(finished)).containsEntry("status", "COMPLETED").containsEntry("error_type", null);
    }

    @Test
    void shouldStoreTheTenantOfTheRunAndTheDefaultTenantForRecordsWithoutOne() {
        UUID ofAcme = UUID.randomUUID();
        UUID finishedFirst = UUID.randomUUID();
        UUID old = UUID.randomUUID();

        sink.writeProgress(Records.batch(Topics.RUN_PROGRESS.name(), progress(ofAcme, FINGERPRINT, 0, 1, T0, "acme"),
                progress(old, FINGERPRINT, 0, 1, T0)));
        sink.writeResults(Records.batch(Topics.RUN_RESULTS.name(), success(ofAcme, FINGERPRINT, "A.", "acme"),
                success(finishedFirst, FINGERPRINT, "B.", "beta"), success(old, FINGERPRINT, "C.")));
        sink.writeProgress(Records.batch(Topics.RUN_PROGRESS.name(),
                progress(finishedFirst, FINGERPRINT, 1, 1, T0, "beta")));

        assertThat(run(ofAcme)).containsEntry("tenant", "acme").containsEntry("status", "COMPLETED");
        assertThat(run(finishedFirst)).containsEntry("tenant", "beta");
        assertThat(run(old)).containsEntry("tenant", "default");
    }

    @Test
    void shouldCountATenantsTokensAndGpuTimeOncePerRunWhateverIsRedelivered() {
        String tenant = "usage-" + UUID.randomUUID().toString().substring(0, 8);
        UUID first = UUID.randomUUID();
        UUID second = UUID.randomUUID();

        sink.writeResults(Records.batch(Topics.RUN_RESULTS.name(), success(first, FINGERPRINT, "A.", tenant),
                success(first, FINGERPRINT, "A.", tenant)));
        sink.writeResults(Records.batch(Topics.RUN_RESULTS.name(), success(first, FINGERPRINT, "A.", tenant),
                success(second, FINGERPRINT, "B.", tenant)));
        sink.writeResults(Records.batch(Topics.RUN_RESULTS.name(), success(second, FINGERPRINT, "B.", tenant),
                RunResult.givenUp(second, FINGERPRINT, ErrorCode.RUN_DEADLINE_EXCEEDED.error("late", 2), T0,
                        T0.plusSeconds(60), tenant)));

        assertThat(usage(tenant, "prompt")).as("two runs of 12 prompt tokens").isEqualTo(24);
        assertThat(usage(tenant, "completion")).isEqualTo(68);
        assertThat(gpuSeconds(tenant)).as("two runs of one 1.5 s step").isEqualTo(3.0);
        Map<String, Object> day = jdbc.queryForMap(USAGE_QUERY, tenant,
                T0.minusSeconds(3_600).atOffset(ZoneOffset.UTC), T0.plusSeconds(3_600).atOffset(ZoneOffset.UTC));
        assertThat(day).as("the usage query of the README").containsEntry("tenant", tenant).containsEntry("runs", 2L);
        assertThat(day).extractingByKeys("prompt_tokens", "completion_tokens", "gpu_seconds")
                .as("agrees with the counters").map(value -> ((Number) value).doubleValue())
                .containsExactly(24.0, 68.0, 3.0);
    }

    @Test
    void shouldCountOnlyWhatACommittedTransactionWroteWhenABatchIsWrittenAgainOneByOne() {
        String tenant = "retry-" + UUID.randomUUID().toString().substring(0, 8);
        UUID good = UUID.randomUUID();
        UUID refused = UUID.randomUUID();

        // a fingerprint too long for runs.fingerprint: the batch fails, each record is then written on its own
        sink.writeResults(Records.batch(Topics.RUN_RESULTS.name(), success(good, FINGERPRINT, "A.", tenant),
                success(refused, FINGERPRINT + "x", "B.", tenant)));

        assertThat(run(good)).containsEntry("status", "COMPLETED");
        assertThat(jdbc.queryForList("select id from runs where id = ?", refused)).isEmpty();
        assertThat(usage(tenant, "prompt")).as("the good run once, not again for the rolled-back batch")
                .isEqualTo(12);
        assertThat(registry.get(SinkMetrics.SKIPPED).tags("sink", RunsSink.RESULTS, "reason", "refused").counter()
                .count()).isEqualTo(1);
    }

    private double usage(String tenant, String type) {
        return registry.get(UsageMetrics.TOKENS).tags("tenant", tenant, "type", type).counter().count();
    }

    private double gpuSeconds(String tenant) {
        return registry.get(UsageMetrics.GPU_SECONDS).tags("tenant", tenant).counter().count();
    }

    private static Map<String, Object> run(UUID runId) {
        return jdbc.queryForMap("select * from runs where id = ?", runId);
    }
}
