package io.askflow.core.cache;

import io.askflow.core.resilience.OutageGuard;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import java.time.Duration;
import java.time.InstantSource;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Keeps an {@link AnswerCache} outage away from the stream: a failed lookup is a miss, a failed
 * write is skipped, and neither throws. The cache is guarded by an {@link OutageGuard} ("answer cache"): marked
 * down at the first failure (one WARN line) and up again at the first success (one INFO line), never a line per
 * record; while down, calls are skipped for {@code retryInterval} after each failure so a dead or slow Redis
 * costs no time per record, and after that interval one caller probes it while the others keep skipping, so
 * caching resumes by itself. Thread-safe: one instance serves every stream thread and every request thread of
 * the API.
 *
 * <p>Metrics: {@value #LOOKUPS} (tag {@code outcome} = hit|miss|error, so a hit ratio is
 * hit / (hit + miss + error)), {@value #ERRORS} (tag {@code operation} = get|put; failed and skipped
 * calls), {@value #WRITES} (answers stored) and the gauge {@value #UP} (1 up, 0 down).
 */
public final class GuardedAnswerCache {

    public static final String LOOKUPS = "askflow.cache.lookups";
    public static final String ERRORS = "askflow.cache.errors";
    public static final String WRITES = "askflow.cache.writes";
    public static final String UP = "askflow.cache.up";

    private static final OutageGuard.Messages MESSAGES = new OutageGuard.Messages(
            "lookups count as misses and answers are not cached until it answers again", "caching resumes");

    private final AnswerCache delegate;
    private final OutageGuard guard;
    private final Map<CacheLookup.Outcome, Counter> lookups = new EnumMap<>(CacheLookup.Outcome.class);
    private final Consumer<OutageGuard.Outcome> getOutcomes;
    private final Consumer<OutageGuard.Outcome> putOutcomes;

    /**
     * @param delegate      the cache itself, which throws when it cannot be reached
     * @param retryInterval how long calls are skipped after a failure
     * @param registry      where the metrics go
     * @param clock         the time, for the retry interval
     */
    public GuardedAnswerCache(AnswerCache delegate, Duration retryInterval, MeterRegistry registry,
                              InstantSource clock) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        Objects.requireNonNull(registry, "registry");
        this.guard = new OutageGuard("answer cache", retryInterval, clock, MESSAGES);
        for (CacheLookup.Outcome outcome : CacheLookup.Outcome.values()) {
            lookups.put(outcome, Counter.builder(LOOKUPS).tag("outcome", outcome.tag())
                    .description("Answer cache lookups by outcome").register(registry));
        }
        Counter getErrors = errorCounter(registry, "get");
        Counter putErrors = errorCounter(registry, "put");
        Counter writes = Counter.builder(WRITES).description("Answers stored in the cache").register(registry);
        getOutcomes = outcome -> countErrors(outcome, getErrors);
        putOutcomes = outcome -> (outcome == OutageGuard.Outcome.OK ? writes : putErrors).increment();
        Gauge.builder(UP, guard, g -> g.isUp() ? 1 : 0).description("1 when the answer cache answers, 0 when down")
                .register(registry);
    }

    /** Over the system clock. */
    public GuardedAnswerCache(AnswerCache delegate, Duration retryInterval, MeterRegistry registry) {
        this(delegate, retryInterval, registry, InstantSource.system());
    }

    private static Counter errorCounter(MeterRegistry registry, String operation) {
        return Counter.builder(ERRORS).tag("operation", operation)
                .description("Cache calls that failed or were skipped while the cache was down").register(registry);
    }

    private static void countErrors(OutageGuard.Outcome outcome, Counter errors) {
        if (outcome != OutageGuard.Outcome.OK) {
            errors.increment();
        }
    }

    /** Looks a key up; an unreachable cache gives {@link CacheLookup.Outcome#ERROR}, treated as a miss. */
    public CacheLookup lookup(AnswerKey key) {
        Objects.requireNonNull(key, "key");
        CacheLookup result = guard.call(
                () -> delegate.get(key).map(CacheLookup::hit).orElseGet(CacheLookup::miss),
                CacheLookup.error(), getOutcomes);
        lookups.get(result.outcome()).increment();
        return result;
    }

    /** Stores an answer; returns whether it was stored (false when the cache is down). */
    public boolean store(AnswerKey key, CachedAnswer answer, Duration ttl) {
        Objects.requireNonNull(key, "key");
        return guard.run(() -> delegate.put(key, answer, ttl), putOutcomes);
    }

    /** Whether the last call reached the cache. */
    public boolean isUp() {
        return guard.isUp();
    }
}
