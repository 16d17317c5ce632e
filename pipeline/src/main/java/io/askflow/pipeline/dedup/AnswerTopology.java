package io.askflow.pipeline.dedup;

import io.askflow.core.cache.AnswerCache;
import io.askflow.core.cache.CacheProperties;
import io.askflow.core.cache.GuardedAnswerCache;
import io.askflow.core.job.JobSubmitted;
import io.askflow.core.run.RunProgress;
import io.askflow.core.run.RunResult;
import io.askflow.core.topic.JsonSerde;
import io.askflow.core.topic.Topic;
import io.askflow.core.topic.Topics;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

import java.util.Objects;

/**
 * The answer topology: every question is answered once, by the cache or by one chain run shared by
 * all its duplicates (single-flight with fan-out). It builds onto a {@link StreamsBuilder}; starting
 * and stopping the Streams app is someone else's job.
 *
 * <p>"Duplicates" are jobs of one cache scope (ADR 7): the scope is part of the fingerprint, which keys the topics
 * and the in-flight store, and the cache is asked with the job's own {@code AnswerKey}, so neither coalescing nor a
 * cached answer ever crosses a scope. A run belongs to the tenant of the job that started it
 * ({@code RunRequest.tenant}), whoever else of a shared scope waits for it.
 *
 * <pre>
 * askflow.jobs          (JobSubmitted) ─┐                    ┌─> askflow.tasks        (RunRequest)
 * askflow.task-progress (RunProgress)  ├─> AnswerProcessor ─┼─> askflow.job-events   (JobEvent, key: job id)
 * askflow.task-results  (RunResult)   ─┘    [stores]        └─> askflow.task-results (given-up runs)
 * </pre>
 *
 * <h2>Jobs</h2>
 * <ol>
 *   <li>The API already answered the job from the cache (its fast path; {@code JobSubmitted.answeredFromCache}
 *       is set): COMPLETED(source=CACHE) with exactly that answer, run id and tokens, without asking the
 *       cache again. Otherwise, the job's policy reads the cache (USE) and the answer is cached:
 *       COMPLETED(source=CACHE) with the cached answer, run id and tokens.</li>
 *   <li>The fingerprint has a run in flight: the job becomes its next waiter; QUEUED(source=COALESCED,
 *       the running run id). No task is sent.</li>
 *   <li>Otherwise a run starts with a new run id: the job is its first waiter; a {@code RunRequest}
 *       (dispatch 1) goes to the workers; QUEUED(source=LLM, run id).</li>
 * </ol>
 *
 * <h2>Progress</h2>
 * The first progress of the fingerprint's run in flight (a worker started it) marks the run running and sends
 * RUNNING to every waiter; a job that joins a running run gets QUEUED(COALESCED) and then RUNNING. Later progress,
 * progress of another dispatch of a running run and progress of an unknown run change nothing.
 *
 * <h2>Results</h2>
 * A result whose run id is the fingerprint's run in flight answers it: on success, and when the
 * run's cache policy writes, the answer is cached with SETEX for the run's TTL (the job's
 * {@code ttlSeconds}, else {@code askflow.cache.default-ttl}); then every waiter gets COMPLETED
 * (answer, tokens, run id; source LLM for the job that started the run, COALESCED for the others) or
 * FAILED (the result's error; failures are never cached); then the run and its waiters are
 * forgotten. A result for an unknown or finished run (a redelivery, a late second dispatch, a run
 * already given up) changes nothing and is counted.
 *
 * <h2>Cache policies</h2>
 * <ul>
 *   <li>USE reads the cache first; on a miss it coalesces or starts a writing run.</li>
 *   <li>REFRESH never reads the cache; it joins a run in flight (a new answer, not the cached one, though
 *       that run started before the job arrived) or starts a writing run, whose answer replaces the cached one.</li>
 *   <li>BYPASS never reads the cache; it joins a run in flight (a new answer too) or starts a
 *       run that does not write the cache.</li>
 *   <li>A run writes its answer if any of its waiters' policies writes: a USE or REFRESH job that
 *       joins a BYPASS run makes that run write, with the joining job's TTL. Otherwise the TTL is the
 *       first job's. A BYPASS job never stops a run from writing: the answer is the same one a USE
 *       duplicate would have cached.</li>
 * </ul>
 *
 * <h2>Without coalescing</h2>
 * With {@link CoalescingProperties#enabled()} false (benchmarks of a plain cache-only service) step 2 never
 * happens: every cache miss starts a run of its own, each run answers only its first job, and results still
 * fill the cache. Runs are then stored under {@code fingerprint@runId}, so several runs of one fingerprint
 * live side by side; switch only on a fresh application id.
 *
 * <h2>Deadlines</h2>
 * A wall-clock punctuator ({@code askflow.pipeline.runs.check-interval}) looks for runs whose last
 * dispatch is older than {@code askflow.pipeline.runs.deadline}. Such a run's task is sent again with
 * the same run id and {@code dispatch + 1}, so a late result of any dispatch answers it, until
 * {@code max-dispatches} is reached; then every waiter gets FAILED with error type
 * {@code RUN_DEADLINE_EXCEEDED}, and the run's own FAILED result ({@code RunResult.givenUp}) goes to
 * {@code askflow.task-results}, where the runs sink closes its row; the processor reads it back and ignores it.
 * A run therefore waits at most {@code deadline × max-dispatches} (plus one check interval), not counting the
 * grace after a restart: a deadline never counts from before the processor instance began working, so runs
 * restored from the changelog first get one full deadline to read the results that came meanwhile.
 *
 * <h2>Failures</h2>
 * An inbound record the processor throws on (a bug) is not retried for ever: a job ends FAILED with
 * {@code PIPELINE_ERROR}, and the record goes to the dead-letter topic (with Kafka Streams'
 * {@code __streams.errors.*} headers), both in the record's transaction; then the stream goes on.
 *
 * <h2>State</h2>
 * Both stores are persistent (RocksDB, or on the heap with {@link StoreType#IN_MEMORY}) and changelogged.
 * {@value #IN_FLIGHT_STORE}: fingerprint (without coalescing {@code fingerprint@runId}) ->
 * {@link InFlightRun} (small, whatever the number of waiters; cached, so the waiter count is not
 * logged per job). {@value #WAITERS_STORE}: {@code <in-flight key> + "/" + 10-digit sequence} ->
 * {@link Waiter}, read back by range scans within the run's key prefix and deleted after the
 * fan-out. Jobs, progress and results must be co-partitioned (same partition count, keyed by fingerprint):
 * both feed the one processor that owns the stores.
 */
public final class AnswerTopology {

    /** fingerprint (or fingerprint@runId without coalescing) -> {@link InFlightRun}. */
    public static final String IN_FLIGHT_STORE = "answer-in-flight";
    /** in-flight key/sequence -> {@link Waiter}. */
    public static final String WAITERS_STORE = "answer-waiters";

    private final GuardedAnswerCache cache;
    private final CacheProperties cacheProperties;
    private final RunProperties runProperties;
    private final CoalescingProperties coalescing;
    private final AnswerMetrics metrics;
    private final StoreType storeType;
    private final String deadLetterTopic;

    /**
     * @param cache           where answers are cached; its failures never reach the stream
     * @param cacheProperties default TTL and the cache's retry interval
     * @param runProperties   run deadlines
     * @param coalescing      whether duplicates wait for the run in flight (off only for benchmarks)
     * @param registry        where the counters go
     * @param storeType       where the stores live locally (both kinds are changelogged)
     * @param deadLetterTopic where inbound records the processor cannot process go
     */
    public AnswerTopology(AnswerCache cache, CacheProperties cacheProperties, RunProperties runProperties,
                          CoalescingProperties coalescing, MeterRegistry registry, StoreType storeType,
                          String deadLetterTopic) {
        Objects.requireNonNull(cache, "cache");
        this.deadLetterTopic = Objects.requireNonNull(deadLetterTopic, "deadLetterTopic");
        this.storeType = Objects.requireNonNull(storeType, "storeType");
        this.cacheProperties = Objects.requireNonNull(cacheProperties, "cacheProperties");
        this.runProperties = Objects.requireNonNull(runProperties, "runProperties");
        this.coalescing = Objects.requireNonNull(coalescing, "coalescing");
        this.cache = new GuardedAnswerCache(cache, cacheProperties.retryInterval(), registry);
        this.metrics = new AnswerMetrics(registry);
    }

    /** With core's default dead-letter topic ({@code Topics.PIPELINE_DEAD_LETTER}). */
    public AnswerTopology(AnswerCache cache, CacheProperties cacheProperties, RunProperties runProperties,
                          CoalescingProperties coalescing, MeterRegistry registry, StoreType storeType) {
        this(cache, cacheProperties, runProperties, coalescing, registry, storeType, Topics.PIPELINE_DEAD_LETTER.name());
    }

    /** Adds the stores, the processor and the topics' sources and sinks to {@code builder}. */
    public void build(StreamsBuilder builder) {
        builder.addStateStore(inFlightStore());
        builder.addStateStore(waitersStore());

        KStream<String, Inbound> jobs = source(builder, Topics.JOBS)
                .mapValues((JobSubmitted job) -> Inbound.of(job), Named.as("jobs-inbound"));
        KStream<String, Inbound> progress = source(builder, Topics.RUN_PROGRESS)
                .mapValues((RunProgress update) -> Inbound.of(update), Named.as("task-progress-inbound"));
        KStream<String, Inbound> results = source(builder, Topics.RUN_RESULTS)
                .mapValues((RunResult result) -> Inbound.of(result), Named.as("task-results-inbound"));

        KStream<String, Outbound> out = jobs.merge(progress, Named.as("progress-merge"))
                .merge(results, Named.as("inbound-merge"))
                .process(() -> new AnswerProcessor(cache, cacheProperties.defaultTtl(), runProperties,
                                coalescing.enabled(), coalescing.maxWaiters(), metrics, deadLetterTopic),
                        Named.as("answer-processor"), IN_FLIGHT_STORE, WAITERS_STORE);

        out.filter((key, value) -> value.request() != null, Named.as("tasks-filter"))
                .mapValues(Outbound::request, Named.as("tasks-value"))
                .to(Topics.RUNS.name(), produced(Topics.RUNS, "tasks-sink"));
        out.filter((key, value) -> value.event() != null, Named.as("job-events-filter"))
                .mapValues(Outbound::event, Named.as("job-events-value"))
                .to(Topics.JOB_EVENTS.name(), produced(Topics.JOB_EVENTS, "job-events-sink"));
        out.filter((key, value) -> value.givenUp() != null, Named.as("given-up-filter"))
                .mapValues(Outbound::givenUp, Named.as("given-up-value"))
                .to(Topics.RUN_RESULTS.name(), produced(Topics.RUN_RESULTS, "given-up-sink"));
        out.filter((key, value) -> value.deadLetter() != null, Named.as("dead-letter-filter"))
                .mapValues(Outbound::deadLetter, Named.as("dead-letter-value"))
                .to(deadLetterTopic, Produced.with(Topics.PIPELINE_DEAD_LETTER.keySerde(),
                        Topics.PIPELINE_DEAD_LETTER.valueSerde()).withName("dead-letter-sink"));
    }

    private static <V> KStream<String, V> source(StreamsBuilder builder, Topic<String, V> topic) {
        return builder.stream(topic.name(), Consumed.with(topic.keySerde(), topic.valueSerde())
                        .withName(topic.name() + "-source"))
                .filter((key, value) -> value != null, Named.as(topic.name() + "-non-null"));
    }

    private static <V> Produced<String, V> produced(Topic<String, V> topic, String name) {
        return Produced.with(topic.keySerde(), topic.valueSerde()).withName(name);
    }

    private StoreBuilder<KeyValueStore<String, InFlightRun>> inFlightStore() {
        return Stores.keyValueStoreBuilder(storeType.supplier(IN_FLIGHT_STORE), Serdes.String(),
                        new JsonSerde<>(InFlightRun.class))
                .withCachingEnabled();
    }

    private StoreBuilder<KeyValueStore<String, Waiter>> waitersStore() {
        return Stores.keyValueStoreBuilder(storeType.supplier(WAITERS_STORE), Serdes.String(),
                new JsonSerde<>(Waiter.class));
    }
}
