package io.askflow.core.cache;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Keeps an {@link AnswerCache} outage away from the stream: a failed lookup is a miss, a failed
 * write is skipped, and neither throws. The cache is marked down at the first failure (one WARN
 * line) and up again at the first success (one INFO line), never a line per record. While down,
 * calls are skipped for {@code retryInterval} after each failure so a dead or slow Redis costs no
 * time per record; the first call after that interval probes it, so caching resumes by itself, while
 * the calls that come during the probe are still skipped (a dead Redis costs one timeout per interval,
 * not one per caller waiting at that moment). Thread-safe: one instance serves every stream thread
 * and every request thread of the API.
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

    private static final Logger log = LoggerFactory.getLogger(GuardedAnswerCache.class);

    private final AnswerCache delegate;
    private final Duration retryInterval;
    private final Clock clock;
    private final Map<CacheLookup.Outcome, Counter> lookups = new EnumMap<>(CacheLookup.Outcome.class);
    private final Counter getErrors;
    private final Counter putErrors;
    private final Counter writes;
    private final AtomicBoolean down = new AtomicBoolean(false);
    private final AtomicReference<Instant> retryAt = new AtomicReference<>(Instant.MIN);

    public GuardedAnswerCache(AnswerCache delegate, Duration retryInterval, MeterRegistry registry, Clock clock) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.retryInterval = Objects.requireNonNull(retryInterval, "retryInterval");
        this.clock = Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(registry, "registry");
        if (retryInterval.isNegative()) {
            throw new IllegalArgumentException("retryInterval must not be negative, was " + retryInterval);
        }
        for (CacheLookup.Outcome outcome : CacheLookup.Outcome.values()) {
            lookups.put(outcome, Counter.builder(LOOKUPS).tag("outcome", outcome.tag())
                    .description("Answer cache lookups by outcome").register(registry));
        }
        getErrors = errorCounter(registry, "get");
        putErrors = errorCounter(registry, "put");
        writes = Counter.builder(WRITES).description("Answers stored in the cache").register(registry);
        Gauge.builder(UP, down, d -> d.get() ? 0 : 1).description("1 when the answer cache answers, 0 when down")
                .register(registry);
    }

    public GuardedAnswerCache(AnswerCache delegate, Duration retryInterval, MeterRegistry registry) {
        this(delegate, retryInterval, registry, Clock.systemUTC());
    }

    private static Counter errorCounter(MeterRegistry registry, String operation) {
        return Counter.builder(ERRORS).tag("operation", operation)
                .description("Cache calls that failed or were skipped while the cache was down").register(registry);
    }

    /** Looks a fingerprint up; an unreachable cache gives {@link CacheLookup.Outcome#ERROR}, treated as a miss. */
    public CacheLookup lookup(String fingerprint) {
        CacheLookup result = callGet(fingerprint);
        lookups.get(result.outcome()).increment();
        return result;
    }

    /** Stores an answer; returns whether it was stored (false when the cache is down). */
    public boolean store(String fingerprint, CachedAnswer answer, Duration ttl) {
        if (isResting()) {
            putErrors.increment();
            return false;
        }
        try {
            delegate.put(fingerprint, answer, ttl);
            markUp();
            writes.increment();
            return true;
        } catch (RuntimeException e) {
            putErrors.increment();
            markDown(e);
            return false;
        }
    }

    /** Whether the last call reached the cache. */
    public boolean isUp() {
        return !down.get();
    }

    private CacheLookup callGet(String fingerprint) {
        if (isResting()) {
            getErrors.increment();
            return CacheLookup.error();
        }
        try {
            CacheLookup result = delegate.get(fingerprint).map(CacheLookup::hit).orElseGet(CacheLookup::miss);
            markUp();
            return result;
        } catch (RuntimeException e) {
            getErrors.increment();
            markDown(e);
            return CacheLookup.error();
        }
    }

    /**
     * Whether to skip this call. Once the retry interval has passed, the one caller that moves {@code retryAt}
     * on probes the cache; the others keep skipping until the probe marks it up (or, if the probe hangs, until
     * the next interval has passed too).
     */
    private boolean isResting() {
        if (!down.get()) {
            return false;
        }
        Instant now = clock.instant();
        Instant at = retryAt.get();
        return now.isBefore(at) || !retryAt.compareAndSet(at, now.plus(retryInterval));
    }

    private void markDown(RuntimeException e) {
        retryAt.set(clock.instant().plus(retryInterval));
        if (down.compareAndSet(false, true)) {
            log.warn("answer cache is down: lookups count as misses and answers are not cached until it answers"
                    + " again (next attempt in {}): {}", retryInterval, e.toString());
        }
    }

    private void markUp() {
        if (down.compareAndSet(true, false)) {
            log.info("answer cache is up again: caching resumes");
        }
    }
}
