package io.askflow.pipeline.retention;

import io.askflow.core.job.JobEvent;
import io.askflow.core.job.JobSource;
import io.askflow.core.job.JobSubmitted;
import io.askflow.core.json.Json;
import io.askflow.core.store.Dated;
import io.askflow.core.store.JobStore;
import io.askflow.pipeline.support.Messages;
import io.askflow.pipeline.support.TestDatabase;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;

/** Retention on PostgreSQL: what goes, what stays, in bounded transactions, archived first when asked. */
class RetentionTest {

    private static TestDatabase db;
    private static JdbcTemplate jdbc;
    private static JobStore store;
    private final Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @BeforeAll
    static void database() {
        db = TestDatabase.create("pipeline_retention");
        jdbc = db.jdbc();
        store = new JobStore(jdbc);
    }

    @AfterAll
    static void dropDatabase() {
        db.close();
    }

    @BeforeEach
    void empty() {
        jdbc.update("delete from jobs");
        jdbc.update("delete from runs");
    }

    @Test
    void shouldDeleteJobsEndedBeforeTheRetentionWithTheirHistoryAndOrphanedRuns() {
        UUID oldRun = run(now.minus(Duration.ofDays(40)));
        UUID sharedRun = run(now.minus(Duration.ofDays(40)));
        JobSubmitted old = completed(Messages.job("old"), oldRun, now.minus(Duration.ofDays(40)));
        completed(Messages.job("old too"), sharedRun, now.minus(Duration.ofDays(40)));
        JobSubmitted recent = completed(Messages.job("recent"), sharedRun, now.minus(Duration.ofDays(10)));
        JobSubmitted open = Messages.job("still queued");
        store.insert(List.of(new Dated<>(open, now.minus(Duration.ofDays(60)))));

        Retention.Pass pass = retention(1000, 100, null).runOnce();

        assertThat(pass).isEqualTo(new Retention.Pass(2, 1));
        assertThat(jdbc.queryForList("select id from jobs", UUID.class))
                .containsExactlyInAnyOrder(recent.jobId(), open.jobId());
        assertThat(jdbc.queryForObject("select count(*) from job_history where job_id = ?", Long.class, old.jobId()))
                .isZero();
        assertThat(jdbc.queryForList("select id from runs", UUID.class)).containsExactly(sharedRun);
        assertThat(jdbc.queryForObject("select count(*) from run_steps where run_id = ?", Long.class, oldRun)).isZero();
        assertThat(registry.get("askflow.retention.deleted").tag("table", "jobs").counter().count()).isEqualTo(2);
        assertThat(retention(1000, 100, null).runOnce()).isEqualTo(new Retention.Pass(0, 0));
    }

    @Test
    void shouldDeleteInBoundedTransactionsAndStopAfterTheMaximumPerPass() {
        for (int i = 0; i < 7; i++) {
            completed(Messages.job("old " + i), run(now.minus(Duration.ofDays(40))), now.minus(Duration.ofDays(40)));
        }

        assertThat(retention(3, 2, null).runOnce().jobs()).isEqualTo(6);
        assertThat(retention(3, 2, null).runOnce().jobs()).isEqualTo(1);
    }

    @Test
    void shouldArchiveJobsWithTheirHistoryAndStepsBeforeDeletingThem(@TempDir Path archive) throws IOException {
        UUID runId = run(now.minus(Duration.ofDays(40)));
        JobSubmitted old = completed(Messages.job("What is Kafka?"), runId, now.minus(Duration.ofDays(40)));

        retention(1000, 100, archive).runOnce();

        List<JsonNode> lines = archived(archive);
        assertThat(lines).singleElement().satisfies(line -> {
            assertThat(line.path("id").asString()).isEqualTo(old.jobId().toString());
            assertThat(line.path("answer").asString()).isEqualTo("A log.");
            assertThat(line.path("history").size()).isEqualTo(2);
            assertThat(line.path("steps").path(0).path("output").asString()).isEqualTo("step output");
        });
        assertThat(jdbc.queryForObject("select count(*) from jobs", Long.class)).isZero();
    }

    private Retention retention(int batchSize, int maxBatches, Path archive) {
        return new Retention(new RetentionProperties(true, Duration.ofDays(30), Duration.ofMinutes(10), batchSize,
                maxBatches, archive), jdbc, db.transactions(), Clock.fixed(now, ZoneOffset.UTC), registry);
    }

    private static UUID run(Instant finishedAt) {
        UUID runId = UUID.randomUUID();
        jdbc.update("""
                insert into runs (id, fingerprint, status, started_at, finished_at, updated_at)
                values (?, ?, 'COMPLETED', ?, ?, ?)""", runId, "f".repeat(64), Timestamp.from(finishedAt),
                Timestamp.from(finishedAt), Timestamp.from(finishedAt));
        jdbc.update("""
                insert into run_steps (run_id, step_index, name, output, prompt_tokens, completion_tokens, duration_ms)
                values (?, 0, 'answer', 'step output', 1, 2, 3)""", runId);
        return runId;
    }

    private static JobSubmitted completed(JobSubmitted job, UUID runId, Instant at) {
        store.insert(List.of(new Dated<>(job, at.minusSeconds(5))));
        store.apply(List.of(new Dated<>(JobEvent.completed(job.jobId(), job.fingerprint(), JobSource.LLM, runId,
                "A log.", Messages.TOKENS, at), at)));
        return job;
    }

    private static List<JsonNode> archived(Path directory) throws IOException {
        List<JsonNode> lines = new ArrayList<>();
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : files.toList()) {
                try (BufferedReader reader = new BufferedReader(new InputStreamReader(
                        new GZIPInputStream(Files.newInputStream(file)), StandardCharsets.UTF_8))) {
                    reader.lines().map(line -> Json.MAPPER.readTree(line)).forEach(lines::add);
                }
            }
        }
        return lines;
    }
}
