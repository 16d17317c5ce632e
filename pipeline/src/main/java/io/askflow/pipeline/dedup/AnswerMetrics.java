package io.askflow.pipeline.dedup;

import io.askflow.core.job.JobSource;
import io.askflow.core.job.JobStatus;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * The counters of {@link AnswerTopology}.
 *
 * <ul>
 *   <li>{@value #JOBS} (tag {@code source} = CACHE|COALESCED|LLM): jobs by where their answer comes from</li>
 *   <li>{@value #RUNS_STARTED}: chain runs started (tasks dispatched for the first time)</li>
 *   <li>{@value #RUNS_REDISPATCHED}: tasks sent again after a run missed its deadline (extra runs)</li>
 *   <li>{@value #RUNS_EXPIRED}: runs given up after their last dispatch; their waiters failed</li>
 *   <li>{@value #WAITERS_FANNED_OUT} (tag {@code status} = COMPLETED|FAILED): job events sent to waiters</li>
 *   <li>{@value #RESULTS_IGNORED}: results for a run that is unknown or already finished (redelivery, stale run)</li>
 *   <li>{@value #DEAD_LETTERS}: inbound records the processor threw on, sent to the dead-letter topic</li>
 *   <li>{@value #WAITERS_REFUSED}: jobs failed TOO_MANY_WAITERS because their run had its most waiters</li>
 *   <li>{@value #CHECKS_CUT}: deadline checks that left overdue runs to the next check (their waiter budget spent)</li>
 * </ul>
 */
final class AnswerMetrics {

    static final String JOBS = "askflow.jobs";
    static final String RUNS_STARTED = "askflow.runs.started";
    static final String RUNS_REDISPATCHED = "askflow.runs.redispatched";
    static final String RUNS_EXPIRED = "askflow.runs.expired";
    static final String WAITERS_FANNED_OUT = "askflow.waiters.fanned.out";
    static final String RESULTS_IGNORED = "askflow.results.ignored";
    static final String DEAD_LETTERS = "askflow.pipeline.dead.letters";
    static final String WAITERS_REFUSED = "askflow.waiters.refused";
    static final String CHECKS_CUT = "askflow.runs.checks.cut";

    private final Map<JobSource, Counter> jobs = new EnumMap<>(JobSource.class);
    private final Map<JobStatus, Counter> fannedOut = new EnumMap<>(JobStatus.class);
    private final Counter runsStarted;
    private final Counter runsRedispatched;
    private final Counter runsExpired;
    private final Counter resultsIgnored;
    private final Counter deadLetters;
    private final Counter waitersRefused;
    private final Counter checksCut;

    AnswerMetrics(MeterRegistry registry) {
        Objects.requireNonNull(registry, "registry");
        for (JobSource source : JobSource.values()) {
            jobs.put(source, Counter.builder(JOBS).tag("source", source.name())
                    .description("Jobs by the source of their answer").register(registry));
        }
        for (JobStatus status : new JobStatus[] {JobStatus.COMPLETED, JobStatus.FAILED}) {
            fannedOut.put(status, Counter.builder(WAITERS_FANNED_OUT).tag("status", status.name())
                    .description("Job events sent to the waiters of finished runs").register(registry));
        }
        waitersRefused = Counter.builder(WAITERS_REFUSED)
                .description("Jobs refused because their run had its most waiters").register(registry);
        checksCut = Counter.builder(CHECKS_CUT)
                .description("Deadline checks that left overdue runs to the next check").register(registry);
        runsStarted = Counter.builder(RUNS_STARTED).description("Chain runs started").register(registry);
        runsRedispatched = Counter.builder(RUNS_REDISPATCHED)
                .description("Tasks sent again after their run missed the deadline").register(registry);
        runsExpired = Counter.builder(RUNS_EXPIRED)
                .description("Runs given up after their last dispatch").register(registry);
        resultsIgnored = Counter.builder(RESULTS_IGNORED)
                .description("Results for unknown or finished runs").register(registry);
        deadLetters = Counter.builder(DEAD_LETTERS)
                .description("Inbound records the processor could not process, sent to the dead-letter topic")
                .register(registry);
    }

    void job(JobSource source) {
        jobs.get(source).increment();
    }

    void runStarted() {
        runsStarted.increment();
    }

    void runRedispatched() {
        runsRedispatched.increment();
    }

    void runExpired() {
        runsExpired.increment();
    }

    void fannedOut(JobStatus status, int waiters) {
        fannedOut.get(status).increment(waiters);
    }

    void waiterRefused() {
        waitersRefused.increment();
    }

    void checkCut() {
        checksCut.increment();
    }

    void resultIgnored() {
        resultsIgnored.increment();
    }

    void deadLettered() {
        deadLetters.increment();
    }
}
