package io.askflow.pipeline.sweep;

import io.askflow.core.error.ErrorCode;
import io.askflow.core.error.JobError;
import io.askflow.core.job.JobEvent;
import io.askflow.core.job.JobSource;
import io.askflow.core.job.JobStatus;
import io.askflow.core.job.JobSubmitted;
import io.askflow.core.store.Dated;
import io.askflow.core.store.JobStore;
import io.askflow.core.topic.Topics;
import io.askflow.pipeline.support.Messages;
import io.askflow.pipeline.support.TestDatabase;
import io.askflow.testing.Infrastructures;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The sweeper on PostgreSQL and Kafka: what it ends, with which event, and what it leaves alone. */
class StuckJobSweeperTest {

    private static final SweeperProperties PROPERTIES = new SweeperProperties(true, Duration.ofMinutes(1),
            Duration.ofMinutes(5), Duration.ofHours(25), 500);

    private static TestDatabase db;
    private static JdbcTemplate jdbc;
    private static JobStore store;
    private final Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
    private final String topic = "askflow.job-events.sweeper-test-" + UUID.randomUUID();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private StuckJobSweeper sweeper;

    @BeforeAll
    static void database() {
        db = TestDatabase.create("pipeline_sweeper");
        jdbc = db.jdbc();
        store = new JobStore(jdbc);
    }

    @AfterAll
    static void dropDatabase() {
        db.close();
    }

    @BeforeEach
    void sweeper() {
        jdbc.update("delete from jobs");
        jdbc.update("delete from runs");
        try (Admin admin = Admin.create(Map.<String, Object>of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                Infrastructures.shared().kafkaBootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("could not create " + topic, e);
        }
        sweeper = new StuckJobSweeper(PROPERTIES, jdbc, db.transactions(), producer(), topic,
                Clock.fixed(now, ZoneOffset.UTC), registry);
    }

    @AfterEach
    void close() {
        sweeper.close();
    }

    @Test
    void shouldCompleteAJobThatMissedTheEventOfItsCompletedRunWithTheRunsAnswer() {
        UUID runId = run("COMPLETED", now.minus(Duration.ofMinutes(10)), null);
        JobSubmitted answered = queued(Messages.job("What is Kafka?"), runId, JobSource.LLM, now.minusSeconds(900));
        store.apply(List.of(new Dated<>(JobEvent.completed(answered.jobId(), answered.fingerprint(), JobSource.LLM,
                runId, "A log.", Messages.TOKENS, now.minusSeconds(600)), now.minusSeconds(600))));
        JobSubmitted missed = queued(Messages.job("What is Kafka?"), runId, JobSource.COALESCED, now.minusSeconds(900));

        List<JobEvent> ended = sweeper.sweepOnce();

        assertThat(ended).singleElement().satisfies(event -> {
            assertThat(event.jobId()).isEqualTo(missed.jobId());
            assertThat(event.status()).isEqualTo(JobStatus.COMPLETED);
            assertThat(event.source()).isEqualTo(JobSource.COALESCED);
            assertThat(event.answer()).isEqualTo("A log.");
            assertThat(event.tokens()).isEqualTo(Messages.TOKENS);
        });
        assertThat(published()).extracting(ConsumerRecord::key).containsExactly(missed.jobId().toString());
        assertThat(registry.get("askflow.sweeper.ended").tag("reason", "run-ended").tag("status", "COMPLETED")
                .counter().count()).isEqualTo(1);
    }

    @Test
    void shouldFailAJobWhoseRunFailedWithTheRunsError() {
        UUID runId = run("FAILED", now.minus(Duration.ofMinutes(6)), new JobError("OLLAMA_BUSY", "busy", 3));
        JobSubmitted missed = queued(Messages.job("Why?"), runId, JobSource.LLM, now.minusSeconds(900));

        assertThat(sweeper.sweepOnce()).singleElement().satisfies(event -> {
            assertThat(event.jobId()).isEqualTo(missed.jobId());
            assertThat(event.status()).isEqualTo(JobStatus.FAILED);
            assertThat(event.error().type()).isEqualTo("OLLAMA_BUSY");
        });
    }

    @Test
    void shouldFailAJobUnchangedForLongerThanTheMaximumAge() {
        JobSubmitted old = inserted(Messages.job("Still there?"), now.minus(Duration.ofHours(26)));

        assertThat(sweeper.sweepOnce()).singleElement().satisfies(event -> {
            assertThat(event.jobId()).isEqualTo(old.jobId());
            assertThat(event.status()).isEqualTo(JobStatus.FAILED);
            assertThat(event.error().type()).isEqualTo(ErrorCode.JOB_TIMED_OUT.name());
            assertThat(event.error().message()).contains("PT25H");
        });
    }

    @Test
    void shouldLeaveAloneJobsWithinTheirBoundsAndJobsThatEnded() {
        UUID recent = run("COMPLETED", now.minus(Duration.ofMinutes(1)), null);
        queued(Messages.job("Just ended"), recent, JobSource.LLM, now.minusSeconds(120));
        inserted(Messages.job("Waiting a while"), now.minus(Duration.ofHours(20)));
        JobSubmitted ended = inserted(Messages.job("Done long ago"), now.minus(Duration.ofHours(30)));
        store.apply(List.of(new Dated<>(JobEvent.failed(ended.jobId(), ended.fingerprint(), null, null,
                ErrorCode.WORKER_ERROR.error("x", 1), now.minus(Duration.ofHours(29))), now.minus(Duration.ofHours(29)))));

        assertThat(sweeper.sweepOnce()).isEmpty();
        assertThat(published()).isEmpty();
    }

    @Test
    void shouldEndAtMostTheBatchSizePerLook() {
        sweeper.close();
        sweeper = new StuckJobSweeper(new SweeperProperties(true, Duration.ofMinutes(1), Duration.ofMinutes(5),
                Duration.ofHours(25), 3), jdbc, db.transactions(), producer(), topic, Clock.fixed(now,
                ZoneOffset.UTC), registry);
        for (int i = 0; i < 5; i++) {
            inserted(Messages.job("Old " + i), now.minus(Duration.ofHours(26)).plusSeconds(i));
        }

        assertThat(sweeper.sweepOnce()).hasSize(3);
    }

    @Test
    void shouldSkipTheLookWhileAnotherInstanceSweeps() throws Exception {
        inserted(Messages.job("Still there?"), now.minus(Duration.ofHours(26)));
        CountDownLatch locked = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService other = Executors.newSingleThreadExecutor();
        try {
            other.submit(() -> db.transactions().executeWithoutResult(tx -> {
                jdbc.queryForObject("select pg_try_advisory_xact_lock(?)", Boolean.class, StuckJobSweeper.LOCK);
                locked.countDown();
                await(release);
            }));
            assertThat(locked.await(10, TimeUnit.SECONDS)).isTrue();

            assertThat(sweeper.sweepOnce()).isEmpty();
        } finally {
            release.countDown();
            other.shutdown();
            assertThat(other.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(sweeper.sweepOnce()).hasSize(1);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static KafkaProducer<String, JobEvent> producer() {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                Infrastructures.shared().kafkaBootstrapServers(), ProducerConfig.ACKS_CONFIG, "all"),
                Topics.JOB_EVENTS.keySerde().serializer(), Topics.JOB_EVENTS.valueSerde().serializer());
    }

    private UUID run(String status, Instant finishedAt, JobError error) {
        UUID runId = UUID.randomUUID();
        jdbc.update("""
                insert into runs (id, fingerprint, status, error_type, error_message, started_at, finished_at, updated_at)
                values (?, ?, ?, ?, ?, ?, ?, ?)""", runId, "f".repeat(64), status,
                error == null ? null : error.type(), error == null ? null : error.message(),
                Timestamp.from(finishedAt.minusSeconds(5)), Timestamp.from(finishedAt), Timestamp.from(finishedAt));
        return runId;
    }

    private static JobSubmitted inserted(JobSubmitted job, Instant at) {
        store.insert(List.of(new Dated<>(job, at)));
        return job;
    }

    private static JobSubmitted queued(JobSubmitted job, UUID runId, JobSource source, Instant at) {
        inserted(job, at);
        store.apply(List.of(new Dated<>(JobEvent.queued(job, source, runId, at), at)));
        return job;
    }

    private List<ConsumerRecord<String, JobEvent>> published() {
        try (KafkaConsumer<String, JobEvent> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, Infrastructures.shared().kafkaBootstrapServers(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
                Topics.JOB_EVENTS.keySerde().deserializer(), Topics.JOB_EVENTS.valueSerde().deserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                    .map(info -> new TopicPartition(topic, info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            List<ConsumerRecord<String, JobEvent>> records = new ArrayList<>();
            for (int poll = 0; poll < 5; poll++) {
                consumer.poll(Duration.ofMillis(300)).forEach(records::add);
            }
            return records;
        }
    }
}
