package io.askflow.pipeline.dedup;

import io.askflow.core.cache.AnswerKey;
import io.askflow.core.cache.CacheProperties;
import io.askflow.core.cache.CachedAnswer;
import io.askflow.core.error.ErrorCode;
import io.askflow.core.job.CachePolicy;
import io.askflow.core.job.JobEvent;
import io.askflow.core.job.JobSource;
import io.askflow.core.job.JobStatus;
import io.askflow.core.job.JobSubmitted;
import io.askflow.core.run.RunProgress;
import io.askflow.core.run.RunRequest;
import io.askflow.core.run.RunResult;
import io.askflow.core.topic.Topic;
import io.askflow.core.topic.Topics;
import io.askflow.pipeline.support.InMemoryAnswerCache;
import io.askflow.pipeline.support.Messages;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.stream.IntStream;

import static io.askflow.pipeline.support.Messages.T0;
import static io.askflow.pipeline.support.Messages.TOKENS;
import static io.askflow.pipeline.support.Messages.failure;
import static io.askflow.pipeline.support.Messages.job;
import static io.askflow.pipeline.support.Messages.success;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

class AnswerTopologyTest {

    private static final Logger log = LoggerFactory.getLogger(AnswerTopologyTest.class);
    private static final RunProperties RUNS = new RunProperties(Duration.ofMinutes(1), 2, Duration.ofSeconds(10));
    private static final int MEASURED_WAITERS = Integer.getInteger("askflow.measure.waiters", 100_000);

    @TempDir
    Path stateDir;

    private final InMemoryAnswerCache cache = new InMemoryAnswerCache();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private TopologyTestDriver driver;
    private TestInputTopic<String, JobSubmitted> jobs;
    private TestInputTopic<String, RunResult> results;
    private TestInputTopic<String, RunProgress> progress;
    private TestOutputTopic<String, RunRequest> tasks;
    private TestOutputTopic<String, JobEvent> events;
    private TestOutputTopic<String, RunResult> givenUp;

    private void start(RunProperties runs, StoreType storeType, CoalescingProperties coalescing) {
        startAt(T0, runs, storeType, coalescing);
    }

    private void startAt(Instant wallClock, RunProperties runs, StoreType storeType, CoalescingProperties coalescing) {
        CacheProperties cacheProperties = new CacheProperties(Duration.ofHours(1), Duration.ZERO);
        StreamsBuilder builder = new StreamsBuilder();
        new AnswerTopology(cache, cacheProperties, runs, coalescing, registry, storeType).build(builder);
        Properties config = new Properties();
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, "answer-topology-test");
        config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        config.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        config.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        driver = new TopologyTestDriver(builder.build(), config, wallClock);
        jobs = input(Topics.JOBS);
        results = input(Topics.RUN_RESULTS);
        progress = input(Topics.RUN_PROGRESS);
        tasks = output(Topics.RUNS);
        events = output(Topics.JOB_EVENTS);
        givenUp = output(Topics.RUN_RESULTS);
    }

    private void start(RunProperties runs, StoreType storeType) {
        start(runs, storeType, CoalescingProperties.defaults());
    }

    private void start() {
        start(RUNS, StoreType.ROCKS_DB);
    }

    /**
     * The pipeline restarted at {@code wallClock}: a new driver (and processor) whose stores hold what the
     * old one's held, as if restored from their changelogs (closing a driver wipes its state directory).
     */
    private void restartAt(Instant wallClock) {
        List<KeyValue<String, InFlightRun>> runs = entries(inFlight());
        List<KeyValue<String, Waiter>> waiting = entries(waiters());
        driver.close();
        startAt(wallClock, RUNS, StoreType.ROCKS_DB, CoalescingProperties.defaults());
        inFlight().putAll(runs);
        waiters().putAll(waiting);
    }

    @AfterEach
    void close() {
        if (driver != null) {
            driver.close();
        }
    }

    @Test
    void shouldFailAJobWhoseRecordThrowsSendItToTheDeadLetterTopicAndGoOn() {
        start();
        JobSubmitted poisoned = job("What breaks the pipeline?");
        // a corrupt in-flight entry (a bug): joining its run throws (the store refuses the null key)
        inFlight().put(poisoned.fingerprint(), new InFlightRun(UUID.randomUUID(), null, poisoned.request(),
                UUID.randomUUID(), poisoned.cache(), T0, T0, 1, 1, null, null, null));
        TestOutputTopic<String, byte[]> deadLetters = output(Topics.PIPELINE_DEAD_LETTER);
        JobSubmitted next = job("What is Kafka?");

        submit(poisoned, next);

        KeyValue<String, JobEvent> failed = events.readKeyValue();
        assertThat(failed.key).isEqualTo(poisoned.jobId().toString());
        assertThat(failed.value.status()).isEqualTo(JobStatus.FAILED);
        assertThat(failed.value.error().type()).isEqualTo(ErrorCode.PIPELINE_ERROR.name());
        assertThat(failed.value.error().message()).contains(Topics.PIPELINE_DEAD_LETTER.name())
                .as("the exception's text stays in the log and the dead letter").doesNotContain("NullPointerException");
        TestRecord<String, byte[]> deadLetter = deadLetters.readRecord();
        assertThat(deadLetter.key()).isEqualTo(poisoned.fingerprint());
        assertThat(Topics.JOBS.valueSerde().deserializer().deserialize(Topics.JOBS.name(), deadLetter.value()))
                .isEqualTo(poisoned);
        assertThat(header(deadLetter, "__streams.errors.exception")).isEqualTo(NullPointerException.class.getName());
        assertThat(header(deadLetter, "__streams.errors.topic")).isEqualTo(Topics.JOBS.name());
        assertThat(header(deadLetter, "__streams.errors.offset")).isEqualTo("0");
        assertThat(deadLetters.isEmpty()).isTrue();
        // the stream moved on: the next job starts its run
        KeyValue<String, JobEvent> queued = events.readKeyValue();
        assertThat(queued.key).isEqualTo(next.jobId().toString());
        assertThat(queued.value.status()).isEqualTo(JobStatus.QUEUED);
        assertThat(tasks.readValue().firstJobId()).isEqualTo(next.jobId());
        assertThat(events.isEmpty()).isTrue();
        assertThat(count("askflow.pipeline.dead.letters")).isEqualTo(1);
    }

    @Test
    void shouldSendAResultItThrowsOnToTheDeadLetterTopicWithoutFailingAJob() {
        start();
        JobSubmitted job = job("What is Kafka?");
        // a corrupt in-flight entry (a bug): its result's fan-out throws
        UUID runId = UUID.randomUUID();
        inFlight().put(job.fingerprint(), new InFlightRun(runId, job.fingerprint(), job.request(), job.jobId(),
                null, T0, T0, 1, 1, null, null, null));
        TestOutputTopic<String, byte[]> deadLetters = output(Topics.PIPELINE_DEAD_LETTER);

        results.pipeInput(job.fingerprint(), success(runId, job.fingerprint(), "Kafka is a log."));

        assertThat(events.isEmpty()).isTrue();
        TestRecord<String, byte[]> deadLetter = deadLetters.readRecord();
        assertThat(header(deadLetter, "__streams.errors.topic")).isEqualTo(Topics.RUN_RESULTS.name());
        assertThat(Topics.RUN_RESULTS.valueSerde().deserializer().deserialize("t", deadLetter.value()).runId())
                .isEqualTo(runId);
    }

    private static String header(TestRecord<String, byte[]> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    @Test
    void shouldStartTheRunOfABatchJobInTheBatchLane() {
        start();
        JobSubmitted batchJob = job("What is a batch?").inLane(io.askflow.core.job.Lane.BATCH);
        JobSubmitted interactive = job("What is interactive?");

        submit(batchJob, interactive);

        assertThat(tasks.readValue().lane()).isEqualTo(io.askflow.core.job.Lane.BATCH);
        assertThat(tasks.readValue().lane()).isEqualTo(io.askflow.core.job.Lane.INTERACTIVE);
    }

    @Test
    void shouldStartOneRunAndQueueTheJobOnACacheMiss() {
        start();
        JobSubmitted job = job("What is Kafka?");

        submit(job);

        RunRequest task = tasks.readValue();
        assertThat(task.fingerprint()).isEqualTo(job.fingerprint());
        assertThat(task.request()).isEqualTo(job.request());
        assertThat(task.firstJobId()).isEqualTo(job.jobId());
        assertThat(task.dispatch()).isEqualTo(1);
        assertThat(tasks.isEmpty()).isTrue();
        KeyValue<String, JobEvent> queued = events.readKeyValue();
        assertThat(queued.key).isEqualTo(job.jobId().toString());
        assertThat(queued.value.status()).isEqualTo(JobStatus.QUEUED);
        assertThat(queued.value.source()).isEqualTo(JobSource.LLM);
        assertThat(queued.value.runId()).isEqualTo(task.runId());
        assertThat(count("askflow.jobs", "source", "LLM")).isEqualTo(1);
        assertThat(count("askflow.runs.started")).isEqualTo(1);
        assertThat(count("askflow.cache.lookups", "outcome", "miss")).isEqualTo(1);
    }

    @Test
    void shouldSendRunningToEveryWaiterOnceAWorkerStartsTheRun() {
        start();
        JobSubmitted first = job("What is Kafka?");
        JobSubmitted duplicate = job("What is Kafka?");
        submit(first, duplicate);
        UUID runId = tasks.readValue().runId();
        events.readValuesToList();

        progress.pipeInput(first.fingerprint(), Messages.progress(runId, first.fingerprint(), 0, 3, T0));
        progress.pipeInput(first.fingerprint(), Messages.progress(runId, first.fingerprint(), 1, 3, T0));

        assertThat(events.readValuesToList()).extracting(JobEvent::jobId, JobEvent::status, JobEvent::source,
                JobEvent::runId).containsExactly(tuple(first.jobId(), JobStatus.RUNNING, JobSource.LLM, runId),
                tuple(duplicate.jobId(), JobStatus.RUNNING, JobSource.COALESCED, runId));

        JobSubmitted late = job("What is Kafka?");
        submit(late);
        assertThat(events.readValuesToList()).extracting(JobEvent::jobId, JobEvent::status)
                .containsExactly(tuple(late.jobId(), JobStatus.QUEUED), tuple(late.jobId(), JobStatus.RUNNING));
    }

    @Test
    void shouldIgnoreProgressOfARunItDoesNotKnow() {
        start();
        JobSubmitted first = job("What is Kafka?");
        submit(first);
        events.readValuesToList();

        progress.pipeInput(first.fingerprint(), Messages.progress(UUID.randomUUID(), first.fingerprint(), 0, 1, T0));

        assertThat(events.isEmpty()).isTrue();
    }

    @Test
    void shouldCoalesceDuplicateWhileFirstIsRunning() {
        start();
        JobSubmitted first = job("What is Kafka?");
        JobSubmitted duplicate = job("  What   is Kafka? ");

        submit(first, duplicate);

        List<RunRequest> sent = tasks.readValuesToList();
        assertThat(sent).hasSize(1);
        List<JobEvent> queued = events.readValuesToList();
        assertThat(queued).extracting(JobEvent::jobId).containsExactly(first.jobId(), duplicate.jobId());
        assertThat(queued).extracting(JobEvent::source).containsExactly(JobSource.LLM, JobSource.COALESCED);
        assertThat(queued).extracting(JobEvent::runId).containsOnly(sent.get(0).runId());
        assertThat(count("askflow.jobs", "source", "COALESCED")).isEqualTo(1);
        assertThat(count("askflow.runs.started")).isEqualTo(1);
        assertThat(inFlight().get(first.fingerprint()).waiters()).isEqualTo(2);
    }

    @Test
    void shouldFanOutOneCompletedPerWaiterAndCacheTheAnswer() {
        start();
        JobSubmitted first = job("What is Kafka?");
        List<JobSubmitted> duplicates = List.of(job("What is Kafka?"), job("What is Kafka?"));
        submit(first);
        duplicates.forEach(this::submit);
        UUID runId = tasks.readValue().runId();
        events.readValuesToList();

        results.pipeInput(first.fingerprint(), success(runId, first.fingerprint(), "A log."));

        List<JobEvent> completed = events.readValuesToList();
        assertThat(completed).hasSize(3).allSatisfy(event -> {
            assertThat(event.status()).isEqualTo(JobStatus.COMPLETED);
            assertThat(event.answer()).isEqualTo("A log.");
            assertThat(event.runId()).isEqualTo(runId);
            assertThat(event.tokens()).isEqualTo(TOKENS);
        });
        assertThat(completed).extracting(JobEvent::jobId).containsExactly(first.jobId(), duplicates.get(0).jobId(),
                duplicates.get(1).jobId());
        assertThat(completed).extracting(JobEvent::source)
                .containsExactly(JobSource.LLM, JobSource.COALESCED, JobSource.COALESCED);
        InMemoryAnswerCache.Entry cached = cache.entry(first.answerKey()).orElseThrow();
        assertThat(cached.answer().answer()).isEqualTo("A log.");
        assertThat(cached.answer().runId()).isEqualTo(runId);
        assertThat(cached.ttl()).isEqualTo(Duration.ofHours(1));
        assertThat(count("askflow.waiters.fanned.out", "status", "COMPLETED")).isEqualTo(3);
        assertThat(entries(inFlight())).isEmpty();
        assertThat(waiterCount()).isZero();
    }

    @Test
    void shouldAnswerADuplicateAfterTheResultFromTheCache() {
        start();
        JobSubmitted first = job("What is Kafka?");
        submit(first);
        UUID runId = tasks.readValue().runId();
        results.pipeInput(first.fingerprint(), success(runId, first.fingerprint(), "A log."));
        events.readValuesToList();

        JobSubmitted later = job("What is Kafka?");
        submit(later);

        assertThat(tasks.isEmpty()).isTrue();
        JobEvent hit = events.readValue();
        assertThat(hit.jobId()).isEqualTo(later.jobId());
        assertThat(hit.status()).isEqualTo(JobStatus.COMPLETED);
        assertThat(hit.source()).isEqualTo(JobSource.CACHE);
        assertThat(hit.answer()).isEqualTo("A log.");
        assertThat(hit.runId()).isEqualTo(runId);
        assertThat(count("askflow.jobs", "source", "CACHE")).isEqualTo(1);
        assertThat(count("askflow.cache.lookups", "outcome", "hit")).isEqualTo(1);
    }

    @Test
    void shouldCompleteAJobTheApiAnsweredFromTheCacheWithThatAnswerWithoutAskingTheCache() {
        start();
        JobSubmitted job = job("What is Kafka?");
        CachedAnswer atSubmit = new CachedAnswer("A log.", UUID.randomUUID(), TOKENS, T0);
        cache.put(job.answerKey(), new CachedAnswer("replaced since", UUID.randomUUID(), TOKENS, T0),
                Duration.ofHours(1));

        submit(job.answeredFrom(atSubmit));

        assertThat(tasks.isEmpty()).isTrue();
        JobEvent completed = events.readValue();
        assertThat(completed.status()).isEqualTo(JobStatus.COMPLETED);
        assertThat(completed.source()).isEqualTo(JobSource.CACHE);
        assertThat(completed.answer()).as("the answer the caller already has").isEqualTo("A log.");
        assertThat(completed.runId()).isEqualTo(atSubmit.runId());
        assertThat(count("askflow.jobs", "source", "CACHE")).isEqualTo(1);
        assertThat(count("askflow.cache.lookups", "outcome", "hit")).isZero();
    }

    @Test
    void shouldStartARunPerJobButStillCacheTheAnswerWhenCoalescingIsOff() {
        start(RUNS, StoreType.ROCKS_DB, new CoalescingProperties(false, CoalescingProperties.DEFAULT_MAX_WAITERS));
        JobSubmitted first = job("What is Kafka?");
        JobSubmitted duplicate = job("  What   is Kafka? ");

        submit(first, duplicate);

        List<RunRequest> sent = tasks.readValuesToList();
        assertThat(sent).hasSize(2).extracting(RunRequest::firstJobId).containsExactly(first.jobId(), duplicate.jobId());
        assertThat(sent.get(0).runId()).isNotEqualTo(sent.get(1).runId());
        assertThat(events.readValuesToList()).extracting(JobEvent::source).containsOnly(JobSource.LLM);
        assertThat(count("askflow.runs.started")).isEqualTo(2);
        assertThat(count("askflow.jobs", "source", "COALESCED")).isZero();

        results.pipeInput(first.fingerprint(), success(sent.get(1).runId(), first.fingerprint(), "second"));
        results.pipeInput(first.fingerprint(), success(sent.get(0).runId(), first.fingerprint(), "first"));

        assertThat(events.readValuesToList()).extracting(JobEvent::jobId, JobEvent::answer)
                .containsExactly(tuple(duplicate.jobId(), "second"), tuple(first.jobId(), "first"));
        assertThat(cache.entry(first.answerKey()).orElseThrow().answer().answer()).isEqualTo("first");
        assertThat(entries(inFlight())).isEmpty();
        assertThat(waiterCount()).isZero();

        JobSubmitted later = job("What is Kafka?");
        submit(later);
        assertThat(tasks.isEmpty()).as("a cache hit still answers").isTrue();
        assertThat(events.readValue().source()).isEqualTo(JobSource.CACHE);
    }

    @Test
    void shouldDispatchAgainARunOfItsOwnWhenCoalescingIsOff() {
        start(RUNS, StoreType.ROCKS_DB, new CoalescingProperties(false, CoalescingProperties.DEFAULT_MAX_WAITERS));
        JobSubmitted first = job("What is Kafka?");
        submit(first, job("What is Kafka?"));
        List<RunRequest> sent = tasks.readValuesToList();
        events.readValuesToList();

        driver.advanceWallClockTime(Duration.ofSeconds(60));

        assertThat(tasks.readValuesToList()).extracting(RunRequest::runId, RunRequest::dispatch)
                .containsExactlyInAnyOrder(tuple(sent.get(0).runId(), 2), tuple(sent.get(1).runId(), 2));
        results.pipeInput(first.fingerprint(), success(sent.get(0).runId(), first.fingerprint(), "late"));
        assertThat(events.readValue().jobId()).isEqualTo(first.jobId());
    }

    @Test
    void shouldFailEveryWaiterAndNotCacheAFailedRun() {
        start();
        JobSubmitted first = job("What is Kafka?");
        JobSubmitted duplicate = job("What is Kafka?");
        submit(first, duplicate);
        UUID runId = tasks.readValue().runId();
        events.readValuesToList();

        results.pipeInput(first.fingerprint(), failure(runId, first.fingerprint(), "OLLAMA_MODEL_NOT_FOUND"));

        List<JobEvent> failed = events.readValuesToList();
        assertThat(failed).hasSize(2).allSatisfy(event -> {
            assertThat(event.status()).isEqualTo(JobStatus.FAILED);
            assertThat(event.error().type()).isEqualTo("OLLAMA_MODEL_NOT_FOUND");
            assertThat(event.runId()).isEqualTo(runId);
        });
        assertThat(cache.size()).isZero();
        assertThat(count("askflow.waiters.fanned.out", "status", "FAILED")).isEqualTo(2);

        submit(job("What is Kafka?"));
        assertThat(tasks.readValue().runId()).as("a failure is not cached: the next job runs again")
                .isNotEqualTo(runId);
    }

    @Test
    void shouldRunAgainAndReplaceTheCachedAnswerOnRefresh() {
        start();
        JobSubmitted refresh = job("What is Kafka?", new CachePolicy(CachePolicy.Mode.REFRESH, 60));
        cache.put(refresh.answerKey(), new CachedAnswer("old", UUID.randomUUID(), TOKENS, T0), Duration.ofHours(1));

        submit(refresh);

        UUID runId = tasks.readValue().runId();
        assertThat(events.readValue().source()).isEqualTo(JobSource.LLM);
        assertThat(count("askflow.cache.lookups", "outcome", "hit")).isZero();
        results.pipeInput(refresh.fingerprint(), success(runId, refresh.fingerprint(), "new"));
        assertThat(events.readValue().answer()).isEqualTo("new");
        InMemoryAnswerCache.Entry cached = cache.entry(refresh.answerKey()).orElseThrow();
        assertThat(cached.answer().answer()).isEqualTo("new");
        assertThat(cached.ttl()).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void shouldNeitherReadNorWriteTheCacheOnBypass() {
        start();
        JobSubmitted bypass = job("What is Kafka?", new CachePolicy(CachePolicy.Mode.BYPASS, null));
        cache.put(bypass.answerKey(), new CachedAnswer("old", UUID.randomUUID(), TOKENS, T0), Duration.ofHours(1));

        submit(bypass);

        UUID runId = tasks.readValue().runId();
        results.pipeInput(bypass.fingerprint(), success(runId, bypass.fingerprint(), "new"));
        assertThat(events.readValuesToList()).extracting(JobEvent::answer).containsExactly(null, "new");
        assertThat(cache.entry(bypass.answerKey()).orElseThrow().answer().answer()).isEqualTo("old");
        assertThat(count("askflow.cache.lookups", "outcome", "hit")).isZero();
    }

    @Test
    void shouldLetRefreshAndBypassJobsJoinARunningRun() {
        start();
        JobSubmitted first = job("What is Kafka?");
        submit(first,
                job("What is Kafka?", new CachePolicy(CachePolicy.Mode.REFRESH, null)),
                job("What is Kafka?", new CachePolicy(CachePolicy.Mode.BYPASS, null)));

        assertThat(tasks.readValuesToList()).hasSize(1);
        assertThat(events.readValuesToList()).extracting(JobEvent::source)
                .containsExactly(JobSource.LLM, JobSource.COALESCED, JobSource.COALESCED);
    }

    @Test
    void shouldCacheTheAnswerOfABypassRunThatAWritingJobJoined() {
        start();
        JobSubmitted bypass = job("What is Kafka?", new CachePolicy(CachePolicy.Mode.BYPASS, null));
        JobSubmitted use = job("What is Kafka?", new CachePolicy(CachePolicy.Mode.USE, 120));
        submit(bypass, use);
        UUID runId = tasks.readValue().runId();

        results.pipeInput(bypass.fingerprint(), success(runId, bypass.fingerprint(), "shared"));

        InMemoryAnswerCache.Entry cached = cache.entry(bypass.answerKey()).orElseThrow();
        assertThat(cached.answer().answer()).isEqualTo("shared");
        assertThat(cached.ttl()).isEqualTo(Duration.ofSeconds(120));
    }

    /**
     * In-memory stores here: TopologyTestDriver commits after every record, and a commit flushes
     * RocksDB to a new file, about 5 ms per record (10,000 jobs took 50 s). The RocksDB range scans
     * are covered by the other tests.
     */
    @Test
    void shouldFanOutTenThousandWaiters() {
        start(RUNS, StoreType.IN_MEMORY);
        JobSubmitted first = job("What is Kafka?");
        List<KeyValue<String, JobSubmitted>> all = new ArrayList<>();
        IntStream.range(0, 10_000).forEach(i -> {
            JobSubmitted copy = i == 0 ? first : new JobSubmitted(UUID.randomUUID(), first.fingerprint(),
                    first.request(), first.cache(), first.metadata(), first.submittedAt());
            all.add(KeyValue.pair(copy.fingerprint(), copy));
        });
        jobs.pipeKeyValueList(all);
        UUID runId = tasks.readValue().runId();
        assertThat(tasks.isEmpty()).isTrue();
        assertThat(events.getQueueSize()).isEqualTo(10_000);
        events.readValuesToList();

        results.pipeInput(first.fingerprint(), success(runId, first.fingerprint(), "A log."));

        List<JobEvent> completed = events.readValuesToList();
        assertThat(completed).hasSize(10_000).extracting(JobEvent::status).containsOnly(JobStatus.COMPLETED);
        assertThat(completed).extracting(JobEvent::jobId)
                .containsExactlyElementsOf(all.stream().map(kv -> kv.value.jobId()).toList());
        assertThat(count("askflow.waiters.fanned.out", "status", "COMPLETED")).isEqualTo(10_000);
        assertThat(waiterCount()).isZero();
    }

    /**
     * How long one fan-out to 100,000 waiters ({@code -Daskflow.measure.waiters=...}) takes in the processor,
     * on RocksDB stores: range scans, deletes, one JSON event each, and the commit that flushes them. The
     * waiters are put straight into the store (piping that many jobs would take minutes). A measurement,
     * run on demand: {@code mvn -o -pl pipeline test -Dtest=AnswerTopologyTest#measureFanOut -Daskflow.measure=true}.
     */
    @Test
    @EnabledIfSystemProperty(named = "askflow.measure", matches = "true")
    void measureFanOut() {
        start();
        JobSubmitted first = job("What is Kafka?");
        submit(first);
        UUID runId = tasks.readValue().runId();
        events.readValuesToList();
        InFlightRun run = inFlight().get(first.fingerprint());
        IntStream.range(1, MEASURED_WAITERS).forEach(i -> waiters().put(
                AnswerProcessor.waiterKey(first.fingerprint(), i), new Waiter(UUID.randomUUID(), JobSource.COALESCED)));
        inFlight().put(first.fingerprint(), new InFlightRun(run.runId(), run.fingerprint(), run.request(),
                run.firstJobId(), run.cache(), run.startedAt(), run.lastDispatchedAt(), 1, MEASURED_WAITERS, null,
                run.tenant(), run.lane()));

        long start = System.nanoTime();
        results.pipeInput(first.fingerprint(), success(runId, first.fingerprint(), "A log."));
        long millis = Duration.ofNanos(System.nanoTime() - start).toMillis();

        assertThat(events.getQueueSize()).isEqualTo(MEASURED_WAITERS);
        log.info("MEASURE fan-out of {} waiters in the processor (RocksDB, commit included): {} ms", MEASURED_WAITERS,
                millis);
    }

    @Test
    void shouldChangeNothingOnARedeliveredOrStaleResult() {
        start();
        JobSubmitted first = job("What is Kafka?");
        submit(first);
        UUID runId = tasks.readValue().runId();
        RunResult result = success(runId, first.fingerprint(), "A log.");
        results.pipeInput(first.fingerprint(), result);
        events.readValuesToList();

        results.pipeInput(first.fingerprint(), result);
        results.pipeInput(first.fingerprint(), success(UUID.randomUUID(), first.fingerprint(), "stale"));

        assertThat(events.isEmpty()).isTrue();
        assertThat(cache.entry(first.answerKey()).orElseThrow().answer().answer()).isEqualTo("A log.");
        assertThat(count("askflow.results.ignored")).isEqualTo(2);
    }

    @Test
    void shouldIgnoreAResultOfAnotherRunWhileARunIsInFlight() {
        start();
        JobSubmitted first = job("What is Kafka?");
        submit(first);
        UUID runId = tasks.readValue().runId();
        events.readValuesToList();

        results.pipeInput(first.fingerprint(), success(UUID.randomUUID(), first.fingerprint(), "stale"));

        assertThat(events.isEmpty()).isTrue();
        assertThat(inFlight().get(first.fingerprint()).runId()).isEqualTo(runId);
    }

    @Test
    void shouldTreatACacheOutageAsAMissAndResumeCachingWhenItReturns() {
        start();
        cache.setDown(true);
        JobSubmitted first = job("What is Kafka?");

        submit(first);

        UUID runId = tasks.readValue().runId();
        assertThat(events.readValue().source()).isEqualTo(JobSource.LLM);
        results.pipeInput(first.fingerprint(), success(runId, first.fingerprint(), "A log."));
        assertThat(events.readValue().status()).isEqualTo(JobStatus.COMPLETED);
        assertThat(count("askflow.cache.lookups", "outcome", "error")).isEqualTo(1);
        assertThat(count("askflow.cache.errors", "operation", "get")).isEqualTo(1);
        assertThat(count("askflow.cache.errors", "operation", "put")).isEqualTo(1);

        cache.setDown(false);
        submit(job("What is Kafka?"));
        UUID secondRun = tasks.readValue().runId();
        results.pipeInput(first.fingerprint(), success(secondRun, first.fingerprint(), "A log."));
        assertThat(cache.entry(first.answerKey())).isPresent();
        assertThat(registry.get("askflow.cache.up").gauge().value()).isEqualTo(1.0);
    }

    // ---- cache scopes (ADR 7): coalescing and cached answers never cross a scope

    @Test
    void shouldStartARunAndCacheAnAnswerPerScopeForOneQuestionInTwoScopes() {
        start();
        JobSubmitted ofA = job("What is Kafka?", "a", "tenant:a");
        JobSubmitted ofB = job("What is Kafka?", "b", "tenant:b");

        submit(ofA, ofB);

        List<RunRequest> runs = tasks.readValuesToList();
        assertThat(runs).extracting(RunRequest::fingerprint, RunRequest::tenant)
                .containsExactly(tuple(ofA.fingerprint(), "a"), tuple(ofB.fingerprint(), "b"));
        assertThat(ofA.fingerprint()).isNotEqualTo(ofB.fingerprint());
        assertThat(events.readValuesToList()).extracting(JobEvent::source).containsOnly(JobSource.LLM);
        results.pipeInput(ofA.fingerprint(), success(runs.get(0).runId(), ofA.fingerprint(), "A's answer", "a"));
        results.pipeInput(ofB.fingerprint(), success(runs.get(1).runId(), ofB.fingerprint(), "B's answer", "b"));

        assertThat(events.readValuesToList()).extracting(JobEvent::jobId, JobEvent::answer)
                .containsExactly(tuple(ofA.jobId(), "A's answer"), tuple(ofB.jobId(), "B's answer"));
        assertThat(cache.size()).isEqualTo(2);
        assertThat(cache.entry(new AnswerKey("tenant:a", ofA.fingerprint())).orElseThrow().answer().answer())
                .isEqualTo("A's answer");
        assertThat(cache.entry(new AnswerKey("tenant:b", ofB.fingerprint())).orElseThrow().answer().answer())
                .isEqualTo("B's answer");
        assertThat(count("askflow.runs.started")).isEqualTo(2);
    }

    @Test
    void shouldCoalesceTwoTenantsOfOneSharedScopeIntoOneRunOfTheFirst() {
        start();
        JobSubmitted ofA = job("What is Kafka?", "a", "shared:faq");
        JobSubmitted ofB = job("What is Kafka?", "b", "shared:faq");

        submit(ofA, ofB);

        RunRequest run = tasks.readValue();
        assertThat(tasks.isEmpty()).as("one run for both tenants").isTrue();
        assertThat(run.tenant()).as("the tenant of the job that started it").isEqualTo("a");
        assertThat(events.readValuesToList()).extracting(JobEvent::jobId, JobEvent::source)
                .containsExactly(tuple(ofA.jobId(), JobSource.LLM), tuple(ofB.jobId(), JobSource.COALESCED));
        results.pipeInput(run.fingerprint(), success(run.runId(), run.fingerprint(), "Shared answer", "a"));

        assertThat(events.readValuesToList()).extracting(JobEvent::jobId, JobEvent::answer)
                .containsExactly(tuple(ofA.jobId(), "Shared answer"), tuple(ofB.jobId(), "Shared answer"));
        assertThat(cache.entry(new AnswerKey("shared:faq", ofA.fingerprint()))).isPresent();
        assertThat(cache.size()).isEqualTo(1);
    }

    @Test
    void shouldNeverAnswerAJobFromTheCachedAnswerOfAnotherScope() {
        start();
        JobSubmitted ofA = job("What is Kafka?", "a", "tenant:a");
        JobSubmitted ofB = job("What is Kafka?", "b", "tenant:b");
        cache.put(ofA.answerKey(), new CachedAnswer("A's answer", UUID.randomUUID(), TOKENS, T0),
                Duration.ofHours(1));
        // even an entry under B's scope with A's fingerprint (it cannot be written: the scope is in the fingerprint)
        cache.put(new AnswerKey("tenant:b", ofA.fingerprint()), new CachedAnswer("A's answer", UUID.randomUUID(),
                TOKENS, T0), Duration.ofHours(1));

        submit(ofB, ofA);

        JobEvent ofBQueued = events.readValue();
        assertThat(ofBQueued.jobId()).isEqualTo(ofB.jobId());
        assertThat(ofBQueued.status()).isEqualTo(JobStatus.QUEUED);
        assertThat(ofBQueued.source()).isEqualTo(JobSource.LLM);
        assertThat(tasks.readValue().tenant()).isEqualTo("b");
        JobEvent ofAHit = events.readValue();
        assertThat(ofAHit.jobId()).isEqualTo(ofA.jobId());
        assertThat(ofAHit.source()).isEqualTo(JobSource.CACHE);
        assertThat(ofAHit.answer()).isEqualTo("A's answer");
        assertThat(tasks.isEmpty()).isTrue();
    }

    @Test
    void shouldKeepTheRunsTenantOnEveryDispatchAndOnItsGiveUp() {
        start();
        submit(job("What is Kafka?", "a", "tenant:a"));
        assertThat(tasks.readValue().tenant()).isEqualTo("a");

        driver.advanceWallClockTime(Duration.ofSeconds(60));
        assertThat(tasks.readValue().tenant()).isEqualTo("a");
        driver.advanceWallClockTime(Duration.ofSeconds(60));

        RunResult closed = givenUp.readValue();
        assertThat(closed.isGivenUp()).isTrue();
        assertThat(closed.tenant()).isEqualTo("a");
    }

    @Test
    void shouldDispatchAgainThenFailEveryWaiterWhenNoResultComes() {
        start();
        JobSubmitted first = job("What is Kafka?");
        JobSubmitted duplicate = job("What is Kafka?");
        submit(first, duplicate);
        RunRequest task = tasks.readValue();
        events.readValuesToList();

        driver.advanceWallClockTime(Duration.ofSeconds(50));
        assertThat(tasks.isEmpty()).as("not overdue yet").isTrue();
        driver.advanceWallClockTime(Duration.ofSeconds(10));
        RunRequest again = tasks.readValue();
        assertThat(again.runId()).isEqualTo(task.runId());
        assertThat(again.dispatch()).isEqualTo(2);
        assertThat(count("askflow.runs.redispatched")).isEqualTo(1);

        driver.advanceWallClockTime(Duration.ofSeconds(60));
        assertThat(tasks.isEmpty()).as("max dispatches reached").isTrue();
        List<JobEvent> failed = events.readValuesToList();
        assertThat(failed).extracting(JobEvent::jobId).containsExactly(first.jobId(), duplicate.jobId());
        assertThat(failed).allSatisfy(event -> {
            assertThat(event.status()).isEqualTo(JobStatus.FAILED);
            assertThat(event.error().type()).isEqualTo("RUN_DEADLINE_EXCEEDED");
            assertThat(event.error().attempts()).isEqualTo(2);
        });
        assertThat(count("askflow.runs.expired")).isEqualTo(1);
        assertThat(waiterCount()).isZero();
        RunResult closed = givenUp.readValue();
        assertThat(closed.runId()).isEqualTo(task.runId());
        assertThat(closed.isGivenUp()).isTrue();
        assertThat(closed.error().type()).isEqualTo("RUN_DEADLINE_EXCEEDED");
        assertThat(count("askflow.results.ignored")).as("its own give-up, read back").isZero();

        results.pipeInput(first.fingerprint(), success(task.runId(), first.fingerprint(), "too late"));
        assertThat(events.isEmpty()).isTrue();
    }

    @Test
    void shouldAnswerWithALateResultOfTheFirstDispatch() {
        start();
        JobSubmitted first = job("What is Kafka?");
        submit(first);
        RunRequest task = tasks.readValue();
        events.readValuesToList();
        driver.advanceWallClockTime(Duration.ofSeconds(60));
        assertThat(tasks.readValue().dispatch()).isEqualTo(2);

        results.pipeInput(first.fingerprint(), success(task.runId(), first.fingerprint(), "late but fine"));

        assertThat(events.readValue().answer()).isEqualTo("late but fine");
        driver.advanceWallClockTime(Duration.ofMinutes(5));
        assertThat(events.isEmpty()).isTrue();
        assertThat(tasks.isEmpty()).isTrue();
    }

    @Test
    void shouldGiveEveryRunAFullDeadlineAfterARestartBeforeDispatchingAgain() {
        start();
        JobSubmitted answered = job("What is Kafka?");
        JobSubmitted unanswered = job("What is Redis?");
        submit(answered, unanswered);
        List<RunRequest> sent = tasks.readValuesToList();
        events.readValuesToList();

        restartAt(T0.plus(Duration.ofHours(1))); // down far longer than the deadline; a result came meanwhile
        driver.advanceWallClockTime(RUNS.checkInterval());
        assertThat(tasks.isEmpty()).as("no run is overdue at the first check after the restart").isTrue();
        assertThat(events.isEmpty()).isTrue();
        results.pipeInput(answered.fingerprint(), success(sent.get(0).runId(), answered.fingerprint(), "A log."));
        assertThat(events.readValue()).extracting(JobEvent::jobId, JobEvent::status)
                .containsExactly(answered.jobId(), JobStatus.COMPLETED);

        driver.advanceWallClockTime(RUNS.deadline().minus(RUNS.checkInterval()));
        assertThat(tasks.isEmpty()).as("a deadline counts from the first check after the restart").isTrue();
        driver.advanceWallClockTime(RUNS.checkInterval());
        assertThat(tasks.readValuesToList()).extracting(RunRequest::runId, RunRequest::dispatch)
                .containsExactly(tuple(sent.get(1).runId(), 2));
        assertThat(count("askflow.runs.redispatched")).isEqualTo(1);
    }

    @Test
    void shouldRefuseAJobPastTheMostWaitersOfARunAndAnswerItFromTheCacheLater() {
        start(RUNS, StoreType.ROCKS_DB, new CoalescingProperties(true, 3));
        JobSubmitted first = job("What is Kafka?");
        submit(first, job("What is Kafka?"), job("What is Kafka?"));
        UUID runId = tasks.readValue().runId();
        events.readValuesToList();

        JobSubmitted fourth = job("What is Kafka?");
        submit(fourth);

        JobEvent refused = events.readValue();
        assertThat(refused.jobId()).isEqualTo(fourth.jobId());
        assertThat(refused.status()).isEqualTo(JobStatus.FAILED);
        assertThat(refused.error().type()).isEqualTo(ErrorCode.TOO_MANY_WAITERS.name());
        assertThat(refused.runId()).isEqualTo(runId);
        assertThat(inFlight().get(first.fingerprint()).waiters()).isEqualTo(3);
        assertThat(count("askflow.waiters.refused")).isEqualTo(1);

        results.pipeInput(first.fingerprint(), success(runId, first.fingerprint(), "A log."));
        assertThat(events.readValuesToList()).hasSize(3);
        JobSubmitted again = job("What is Kafka?");
        submit(again);
        assertThat(events.readValue().source()).isEqualTo(JobSource.CACHE);
    }

    @Test
    void shouldSpreadOverdueRunsOverChecksWhenTheirWaitersExceedTheBudget() {
        start();
        JobSubmitted kafka = job("What is Kafka?");
        JobSubmitted redis = job("What is Redis?");
        submit(kafka, redis);
        tasks.readValuesToList();
        for (JobSubmitted job : List.of(kafka, redis)) { // as if each had more than half a check's budget waiting
            InFlightRun run = inFlight().get(job.fingerprint());
            inFlight().put(job.fingerprint(), new InFlightRun(run.runId(), run.fingerprint(), run.request(),
                    run.firstJobId(), run.cache(), run.startedAt(), run.lastDispatchedAt(), run.dispatches(),
                    AnswerProcessor.WAITERS_PER_CHECK / 2 + 1, null, run.tenant(), run.lane()));
        }

        driver.advanceWallClockTime(RUNS.deadline());
        assertThat(tasks.readValuesToList()).as("one overdue run this check").hasSize(1);
        assertThat(count("askflow.runs.checks.cut")).isEqualTo(1);

        driver.advanceWallClockTime(RUNS.checkInterval());
        assertThat(tasks.readValuesToList()).extracting(RunRequest::dispatch).as("the other at the next").containsExactly(2);
    }

    @Test
    void shouldNotFailTheWaitersOfALastDispatchAtTheFirstCheckAfterARestart() {
        start();
        JobSubmitted first = job("What is Kafka?");
        submit(first);
        RunRequest task = tasks.readValue();
        driver.advanceWallClockTime(RUNS.deadline());
        assertThat(tasks.readValue().dispatch()).as("the last dispatch").isEqualTo(RUNS.maxDispatches());
        events.readValuesToList();

        restartAt(T0.plus(Duration.ofHours(1)));
        driver.advanceWallClockTime(RUNS.checkInterval());
        assertThat(events.isEmpty()).as("no waiter failed at the first check after the restart").isTrue();
        results.pipeInput(first.fingerprint(), success(task.runId(), first.fingerprint(), "A log."));

        assertThat(events.readValue().status()).isEqualTo(JobStatus.COMPLETED);
        assertThat(count("askflow.runs.expired")).isZero();
    }

    // ---- helpers

    private void submit(JobSubmitted... submitted) {
        for (JobSubmitted job : submitted) {
            jobs.pipeInput(job.fingerprint(), job);
        }
    }

    private double count(String name, String... tags) {
        return registry.get(name).tags(tags).counter().count();
    }

    private KeyValueStore<String, InFlightRun> inFlight() {
        return driver.getKeyValueStore(AnswerTopology.IN_FLIGHT_STORE);
    }

    private KeyValueStore<String, Waiter> waiters() {
        return driver.getKeyValueStore(AnswerTopology.WAITERS_STORE);
    }

    private long waiterCount() {
        return entries(waiters()).size();
    }

    private static <V> List<KeyValue<String, V>> entries(KeyValueStore<String, V> store) {
        List<KeyValue<String, V>> entries = new ArrayList<>();
        try (KeyValueIterator<String, V> it = store.all()) {
            it.forEachRemaining(entries::add);
        }
        return entries;
    }

    private <V> TestInputTopic<String, V> input(Topic<String, V> topic) {
        return driver.createInputTopic(topic.name(), topic.keySerde().serializer(), topic.valueSerde().serializer());
    }

    private <V> TestOutputTopic<String, V> output(Topic<String, V> topic) {
        return driver.createOutputTopic(topic.name(), topic.keySerde().deserializer(),
                topic.valueSerde().deserializer());
    }
}
