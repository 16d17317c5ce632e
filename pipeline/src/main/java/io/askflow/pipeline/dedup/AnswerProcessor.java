package io.askflow.pipeline.dedup;

import io.askflow.core.error.ErrorCode;
import io.askflow.core.cache.CachedAnswer;
import io.askflow.core.cache.GuardedAnswerCache;
import io.askflow.core.error.JobError;
import io.askflow.core.job.JobEvent;
import io.askflow.core.job.JobSource;
import io.askflow.core.job.JobStatus;
import io.askflow.core.job.JobSubmitted;
import io.askflow.core.run.RunRequest;
import io.askflow.core.run.RunProgress;
import io.askflow.core.run.RunResult;
import io.askflow.core.topic.Topics;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Answers jobs once per fingerprint: from the cache, by joining the run already in flight, or by
 * starting a run; fans a run's result out to every waiter; re-dispatches or gives up runs whose
 * result does not come. The rules, including the cache policies, are on {@link AnswerTopology}.
 *
 * <p>Every time it uses (event {@code at}, run start, deadlines) is the stream's wall clock
 * ({@link ProcessorContext#currentSystemTimeMs()}), which tests drive with
 * {@code TopologyTestDriver.advanceWallClockTime}.
 *
 * <p>A run's deadline counts from its last dispatch, but never from before this instance began
 * working: after a restart, a rebalance or a replaced stream thread every run restored from the
 * changelog gets one full deadline of grace, time to read the results that arrived meanwhile, before
 * it is dispatched again or given up (ADR 3).
 *
 * <p>An inbound record it throws on (a bug: its inputs are validated when read, the cache never throws) is not
 * retried for ever: a job ends FAILED with {@code PIPELINE_ERROR}, and the record goes to the dead-letter topic
 * with Kafka Streams' {@code __streams.errors.*} headers, both in the record's own transaction. Kafka Streams'
 * own exceptions ({@link StreamsException}: a migrated task, a fenced producer, a broken store) are not the
 * record's fault and are thrown on.
 *
 * <p>Bounded work per transaction: a run has at most {@code max-waiters} waiters (a job past it ends FAILED
 * {@code TOO_MANY_WAITERS}), so one result, progress or expiry emits at most that many events (100,000 by default:
 * a few seconds, far inside the transaction timeout); a deadline check handles overdue runs until their waiters
 * reach {@value #WAITERS_PER_CHECK} and leaves the rest to the next check, so a mass expiry after a long outage is
 * spread over several transactions.
 */
final class AnswerProcessor implements Processor<String, Inbound, String, Outbound> {

    /** Waiters read, answered and deleted per range scan during a fan-out. */
    static final int FAN_OUT_CHUNK = 1_000;

    /** Waiters one deadline check may answer or re-dispatch for; at least one overdue run is handled per check. */
    static final int WAITERS_PER_CHECK = 100_000;

    private static final Logger log = LoggerFactory.getLogger(AnswerProcessor.class);

    private final GuardedAnswerCache cache;
    private final Duration defaultTtl;
    private final RunProperties runs;
    private final boolean coalescing;
    private final int maxWaiters;
    private final AnswerMetrics metrics;
    private final String deadLetterTopic;

    private ProcessorContext<String, Outbound> context;
    private KeyValueStore<String, InFlightRun> inFlight;
    private KeyValueStore<String, Waiter> waiters;
    /** When this instance first saw the wall clock (the context has no time yet in {@link #init}). */
    private Instant activeSince;

    AnswerProcessor(GuardedAnswerCache cache, Duration defaultTtl, RunProperties runs, boolean coalescing,
                    int maxWaiters, AnswerMetrics metrics, String deadLetterTopic) {
        this.deadLetterTopic = Objects.requireNonNull(deadLetterTopic, "deadLetterTopic");
        this.cache = Objects.requireNonNull(cache, "cache");
        this.defaultTtl = Objects.requireNonNull(defaultTtl, "defaultTtl");
        this.runs = Objects.requireNonNull(runs, "runs");
        this.coalescing = coalescing;
        this.maxWaiters = maxWaiters;
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        if (defaultTtl.toSeconds() < 1) {
            throw new IllegalArgumentException("defaultTtl must be at least 1s, was " + defaultTtl);
        }
    }

    @Override
    public void init(ProcessorContext<String, Outbound> context) {
        this.context = context;
        this.inFlight = context.getStateStore(AnswerTopology.IN_FLIGHT_STORE);
        this.waiters = context.getStateStore(AnswerTopology.WAITERS_STORE);
        context.schedule(runs.checkInterval(), PunctuationType.WALL_CLOCK_TIME, this::checkDeadlines);
    }

    @Override
    public void process(Record<String, Inbound> record) {
        rememberActiveSince();
        try {
            handle(record);
        } catch (StreamsException e) {
            throw e;
        } catch (RuntimeException e) {
            deadLetter(record, e);
        }
    }

    private void handle(Record<String, Inbound> record) {
        Inbound in = record.value();
        if (in.job() != null) {
            onJob(record.key(), in.job());
        } else if (in.progress() != null) {
            onProgress(record.key(), in.progress());
        } else {
            onResult(record.key(), in.result());
        }
    }

    // ---- jobs

    private void onJob(String key, JobSubmitted job) {
        if (job.jobId() == null || job.fingerprint() == null || job.request() == null) {
            log.warn("job {} with key {} lacks its id, fingerprint or request: dropped", job.jobId(), key);
            return;
        }
        warnIfMisKeyed(key, job.fingerprint(), job.jobId());
        Optional<CachedAnswer> cached = cachedAnswer(job);
        if (cached.isPresent()) {
            completeFromCache(job, cached.get());
            return;
        }
        InFlightRun run = coalescing ? inFlight.get(job.fingerprint()) : null;
        if (run != null && run.waiters() >= maxWaiters) {
            refuse(job, run);
        } else if (run != null) {
            coalesce(job, run);
        } else {
            startRun(job);
        }
    }

    /** The answer the API already gave at submit (its fast path), else the cache's when the policy reads it. */
    private Optional<CachedAnswer> cachedAnswer(JobSubmitted job) {
        if (job.answeredFromCache() != null) {
            return Optional.of(job.answeredFromCache());
        }
        return job.cache().readsCache() ? cache.lookup(job.answerKey()).hitAnswer() : Optional.empty();
    }

    private void completeFromCache(JobSubmitted job, CachedAnswer cached) {
        emit(JobEvent.completed(job.jobId(), job.fingerprint(), JobSource.CACHE, cached.runId(), cached.answer(),
                cached.tokens(), now()));
        metrics.job(JobSource.CACHE);
        log.debug("job {} fingerprint {} answered from the cache (run {})", job.jobId(), job.fingerprint(),
                cached.runId());
    }

    private void coalesce(JobSubmitted job, InFlightRun run) {
        InFlightRun joined = rememberWaiter(run, job.jobId(), JobSource.COALESCED);
        if (job.cache().writesCache() && !joined.writesCache()) {
            joined = joined.withCache(job.cache()); // a writing job makes a BYPASS run's answer cached
        }
        inFlight.put(runKey(joined), joined);
        emit(JobEvent.queued(job, JobSource.COALESCED, run.runId(), now()));
        if (run.isRunning()) {
            emit(JobEvent.running(job.jobId(), job.fingerprint(), JobSource.COALESCED, run.runId(), now()));
        }
        metrics.job(JobSource.COALESCED);
        log.debug("job {} fingerprint {} waits for run {} as waiter {}", job.jobId(), job.fingerprint(),
                run.runId(), joined.waiters());
    }

    /** The run already has its most waiters: the job fails, retryable (its answer will be cached soon). */
    private void refuse(JobSubmitted job, InFlightRun run) {
        ErrorCode code = ErrorCode.TOO_MANY_WAITERS;
        emit(JobEvent.failed(job.jobId(), job.fingerprint(), JobSource.COALESCED, run.runId(), code.error(
                maxWaiters + " jobs already wait for run " + run.runId() + " of this question; " + code.advice(), 0),
                now()));
        metrics.waiterRefused();
        log.debug("job {} fingerprint {} refused: run {} has {} waiters", job.jobId(), job.fingerprint(),
                run.runId(), run.waiters());
    }

    private void startRun(JobSubmitted job) {
        InFlightRun run = rememberWaiter(InFlightRun.start(UUID.randomUUID(), job, now()), job.jobId(),
                JobSource.LLM);
        inFlight.put(runKey(run), run);
        emit(run.runRequest());
        emit(JobEvent.queued(job, JobSource.LLM, run.runId(), now()));
        metrics.runStarted();
        metrics.job(JobSource.LLM);
        log.debug("job {} fingerprint {} starts run {}", job.jobId(), job.fingerprint(), run.runId());
    }

    private InFlightRun rememberWaiter(InFlightRun run, UUID jobId, JobSource source) {
        waiters.put(waiterKey(runKey(run), run.waiters()), new Waiter(jobId, source));
        return run.withWaiter();
    }

    // ---- progress

    /** The first progress of the run in flight: it is running, and so is every job waiting for it. */
    private void onProgress(String key, RunProgress progress) {
        InFlightRun run = runOf(key, progress.fingerprint(), progress.runId());
        if (run == null || run.isRunning()) {
            return; // an unknown or finished run, or one already running: nothing changes
        }
        InFlightRun running = run.running(now());
        inFlight.put(runKey(running), running);
        forEachWaiter(running, false, waiter -> emit(JobEvent.running(waiter.jobId(), running.fingerprint(),
                waiter.source(), running.runId(), now())));
        log.debug("run {} fingerprint {} started on {}: {} waiters running", run.runId(), run.fingerprint(),
                progress.worker(), run.waiters());
    }

    // ---- results

    private void onResult(String key, RunResult result) {
        if (result.isGivenUp()) {
            return; // this processor's own give-up, read back: the run is already forgotten
        }
        String fingerprint = result.fingerprint() != null ? result.fingerprint() : key;
        InFlightRun run = runOf(key, result.fingerprint(), result.runId());
        if (run == null) {
            metrics.resultIgnored();
            log.info("result of run {} fingerprint {} ignored: the run is unknown or already answered",
                    result.runId(), fingerprint);
            return;
        }
        if (result.succeeded()) {
            cacheAnswer(run, result);
            fanOut(run, JobStatus.COMPLETED, waiter -> JobEvent.completed(waiter.jobId(), run.fingerprint(),
                    waiter.source(), run.runId(), result.answer(), result.tokens(), now()));
        } else {
            fanOut(run, JobStatus.FAILED, waiter -> JobEvent.failed(waiter.jobId(), run.fingerprint(),
                    waiter.source(), run.runId(), result.error(), now()));
        }
        forgetRun(run);
    }

    /** The run in flight that {@code runId} names, or {@code null} when there is none (unknown or finished). */
    private InFlightRun runOf(String key, String fingerprint, UUID runId) {
        String actual = fingerprint != null ? fingerprint : key;
        if (actual == null || runId == null) {
            return null;
        }
        InFlightRun run = inFlight.get(runKey(actual, runId));
        return run != null && run.runId().equals(runId) ? run : null;
    }

    private void cacheAnswer(InFlightRun run, RunResult result) {
        if (!run.writesCache()) {
            return;
        }
        Duration ttl = run.cache().ttlSeconds() != null ? Duration.ofSeconds(run.cache().ttlSeconds()) : defaultTtl;
        cache.store(run.answerKey(), new CachedAnswer(result.answer(), run.runId(), result.tokens(), now()), ttl);
    }

    /** Sends one event per waiter and deletes the waiters. */
    private void fanOut(InFlightRun run, JobStatus status, Function<Waiter, JobEvent> eventFor) {
        forEachWaiter(run, true, waiter -> emit(eventFor.apply(waiter)));
        metrics.fannedOut(status, run.waiters());
        log.debug("run {} fingerprint {} {}: {} waiters answered", run.runId(), run.fingerprint(), status,
                run.waiters());
    }

    /** Hands every waiter of {@code run} to {@code action}, a range scan of {@value #FAN_OUT_CHUNK} at a time. */
    private void forEachWaiter(InFlightRun run, boolean delete, Consumer<Waiter> action) {
        for (int from = 0; from < run.waiters(); from += FAN_OUT_CHUNK) {
            int to = Math.min(from + FAN_OUT_CHUNK, run.waiters()) - 1;
            for (KeyValue<String, Waiter> entry : waitersBetween(runKey(run), from, to)) {
                action.accept(entry.value);
                if (delete) {
                    waiters.delete(entry.key);
                }
            }
        }
    }

    private List<KeyValue<String, Waiter>> waitersBetween(String runKey, int from, int to) {
        List<KeyValue<String, Waiter>> chunk = new ArrayList<>(to - from + 1);
        try (KeyValueIterator<String, Waiter> it = waiters.range(waiterKey(runKey, from), waiterKey(runKey, to))) {
            it.forEachRemaining(chunk::add);
        }
        return chunk;
    }

    private void forgetRun(InFlightRun run) {
        inFlight.delete(runKey(run));
    }

    // ---- deadlines

    private void checkDeadlines(long nowMs) {
        rememberActiveSince();
        for (InFlightRun run : overdueRuns(Instant.ofEpochMilli(nowMs))) {
            if (run.dispatches() < runs.maxDispatches()) {
                redispatch(run);
            } else {
                expire(run);
            }
        }
    }

    /** The overdue runs, until their waiters reach {@value #WAITERS_PER_CHECK} (always at least one run). */
    private List<InFlightRun> overdueRuns(Instant now) {
        Instant dispatchedBefore = now.minus(runs.deadline());
        List<InFlightRun> overdue = new ArrayList<>();
        long waitersTaken = 0;
        try (KeyValueIterator<String, InFlightRun> it = inFlight.all()) {
            while (it.hasNext()) {
                InFlightRun run = it.next().value;
                if (!deadlineStart(run).isAfter(dispatchedBefore)) {
                    if (!overdue.isEmpty() && waitersTaken + run.waiters() > WAITERS_PER_CHECK) {
                        metrics.checkCut();
                        break;
                    }
                    overdue.add(run);
                    waitersTaken += run.waiters();
                }
            }
        }
        return overdue;
    }

    /** Where a run's deadline starts: its last dispatch, or when this instance began working if later. */
    private Instant deadlineStart(InFlightRun run) {
        return run.lastDispatchedAt().isAfter(activeSince) ? run.lastDispatchedAt() : activeSince;
    }

    private void rememberActiveSince() {
        if (activeSince == null) {
            activeSince = now();
        }
    }

    private void redispatch(InFlightRun run) {
        InFlightRun again = run.redispatched(now());
        inFlight.put(runKey(again), again);
        emit(again.runRequest());
        metrics.runRedispatched();
        log.warn("run {} fingerprint {} has no result {} after dispatch {}: sending it again (dispatch {} of {})",
                run.runId(), run.fingerprint(), runs.deadline(), run.dispatches(), again.dispatches(),
                runs.maxDispatches());
    }

    private void expire(InFlightRun run) {
        JobError error = ErrorCode.RUN_DEADLINE_EXCEEDED.error("no result for run " + run.runId() + " after "
                + run.dispatches() + " dispatches of " + runs.deadline() + " each; "
                + ErrorCode.RUN_DEADLINE_EXCEEDED.advice(), run.dispatches());
        log.warn("run {} fingerprint {} has no result after {} dispatches: failing its {} waiters", run.runId(),
                run.fingerprint(), run.dispatches(), run.waiters());
        fanOut(run, JobStatus.FAILED, waiter -> JobEvent.failed(waiter.jobId(), run.fingerprint(), waiter.source(),
                run.runId(), error, now()));
        forgetRun(run);
        RunResult givenUp = RunResult.givenUp(run.runId(), run.fingerprint(), error, run.startedAt(), now(),
                run.tenant());
        context.forward(new Record<>(run.fingerprint(), Outbound.of(givenUp), context.currentSystemTimeMs()));
        metrics.runExpired();
    }

    // ---- failures

    /**
     * {@code record} threw {@code e}: its job, if it is one, ends FAILED with {@code PIPELINE_ERROR}, and the record
     * goes to the dead-letter topic, in this record's transaction, so the stream moves on. What the handling
     * changed in the stores before it threw stays (a waiter added, a run started): it is committed with the rest.
     */
    private void deadLetter(Record<String, Inbound> record, RuntimeException e) {
        Inbound in = record.value();
        JobSubmitted job = in.job();
        boolean failsJob = job != null && job.jobId() != null;
        log.error("{} with key {} could not be processed: sent to {}{}", describe(in), record.key(), deadLetterTopic,
                failsJob ? ", job " + job.jobId() + " failed with " + ErrorCode.PIPELINE_ERROR : "", e);
        if (failsJob) {
            String advice = ErrorCode.PIPELINE_ERROR.advice().replace("<dlt>", deadLetterTopic);
            // the exception's text is in the log line above and the dead letter's headers, never in the job's error
            JobError error = ErrorCode.PIPELINE_ERROR.error("the pipeline could not process the job's record; "
                    + advice, 1);
            emit(JobEvent.failed(job.jobId(), job.fingerprint(), null, null, error, now()));
        }
        String topic = context.recordMetadata().map(RecordMetadata::topic).orElse(null);
        context.forward(new Record<>(record.key(), Outbound.deadLetter(serialized(in, topic)),
                context.currentSystemTimeMs(), deadLetterHeaders(record.headers(), e)));
        metrics.deadLettered();
    }

    private static String describe(Inbound in) {
        if (in.job() != null) {
            return "job " + in.job().jobId();
        }
        return in.progress() != null ? "progress of run " + in.progress().runId() : "result of run " + in.result().runId();
    }

    /** The record's value as its topic's serde writes it. */
    private static byte[] serialized(Inbound in, String topic) {
        if (in.job() != null) {
            return Topics.JOBS.valueSerde().serializer().serialize(topic, in.job());
        }
        return in.progress() != null ? Topics.RUN_PROGRESS.valueSerde().serializer().serialize(topic, in.progress())
                : Topics.RUN_RESULTS.valueSerde().serializer().serialize(topic, in.result());
    }

    /** The record's own headers and Kafka Streams' dead-letter headers (exception, message, stack trace, source). */
    private Headers deadLetterHeaders(Headers original, RuntimeException e) {
        Headers headers = new RecordHeaders(original.toArray());
        header(headers, "__streams.errors.exception", e.getClass().getName());
        header(headers, "__streams.errors.message", String.valueOf(e.getMessage()));
        header(headers, "__streams.errors.stacktrace", Utils.stackTrace(e));
        context.recordMetadata().ifPresent(source -> {
            header(headers, "__streams.errors.topic", source.topic());
            header(headers, "__streams.errors.partition", String.valueOf(source.partition()));
            header(headers, "__streams.errors.offset", String.valueOf(source.offset()));
        });
        return headers;
    }

    private static void header(Headers headers, String name, String value) {
        headers.remove(name).add(name, value.getBytes(StandardCharsets.UTF_8));
    }

    // ---- helpers

    /**
     * The in-flight store key of a run: its fingerprint while coalescing (one run per fingerprint), else
     * {@code fingerprint@runId}, so that several runs of one fingerprint live side by side.
     */
    private String runKey(String fingerprint, UUID runId) {
        return coalescing ? fingerprint : fingerprint + "@" + runId;
    }

    private String runKey(InFlightRun run) {
        return runKey(run.fingerprint(), run.runId());
    }

    /** The waiters-store key of a run's {@code sequence}-th waiter: sorts by sequence within the run key. */
    static String waiterKey(String runKey, int sequence) {
        return runKey + "/" + String.format("%010d", sequence);
    }

    private void emit(JobEvent event) {
        context.forward(new Record<>(event.jobId().toString(), Outbound.of(event), context.currentSystemTimeMs()));
    }

    private void emit(RunRequest request) {
        context.forward(new Record<>(request.fingerprint(), Outbound.of(request), context.currentSystemTimeMs()));
    }

    private Instant now() {
        return Instant.ofEpochMilli(context.currentSystemTimeMs());
    }

    private static void warnIfMisKeyed(String key, String fingerprint, UUID jobId) {
        if (!fingerprint.equals(key)) {
            log.warn("job {} has key {} but fingerprint {}: duplicates may miss each other and its result may"
                    + " land on another partition", jobId, key, fingerprint);
        }
    }
}
