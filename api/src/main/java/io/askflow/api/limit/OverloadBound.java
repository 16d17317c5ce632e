package io.askflow.api.limit;

import io.askflow.core.job.JobSubmitted;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Function;

/**
 * The overload bound (issue 12): when more jobs are QUEUED over all tenants than {@code askflow.api.overload.max-queued},
 * a submit is refused before anything is stored ({@link OverloadedException}, a 503 with a Retry-After of the
 * estimated wait) instead of accepting work that cannot start for a long time. The estimated wait is the queue
 * depth divided by the recent completion rate (jobs ended within {@code rate-window}, on the index
 * {@code jobs_completed_at}); both are read from PostgreSQL at most once per {@code read-every} (1 s) per instance,
 * so the bound may be passed by what all instances admit within that second. The depth and the wait are gauges,
 * {@value #QUEUE_DEPTH} and {@value #ESTIMATED_WAIT}.
 *
 * <p>One method, {@link #admit(JobSubmitted)}, is what a submit path calls: a path that should be exempt (a batch
 * of jobs, say) does not call it. A job answered from the cache costs no GPU and is never refused.
 */
@Component
public class OverloadBound {

    public static final String QUEUE_DEPTH = "askflow.api.queue.depth";
    public static final String ESTIMATED_WAIT = "askflow.api.queue.estimated-wait";

    private static final Logger log = LoggerFactory.getLogger(OverloadBound.class);

    private final Function<Instant, Reading> reader;
    private final OverloadProperties properties;
    private final Clock clock;
    private volatile Reading last = new Reading(0, 0, Instant.MIN);

    @Autowired
    public OverloadBound(JdbcClient jdbc, OverloadProperties properties, Clock clock, MeterRegistry registry) {
        this((Function<Instant, Reading>) since -> new Reading(
                jdbc.sql("select count(*) from jobs where status = 'QUEUED'").query(Long.class).single(),
                jdbc.sql("select count(*) from jobs where completed_at > ?")
                        .param(Timestamp.from(since.minus(properties.rateWindow()))).query(Long.class).single(),
                since), properties, clock, registry);
    }

    /** Over {@code reader}: the depth and the jobs completed within the rate window before the given instant. */
    static OverloadBound over(Function<Instant, Reading> reader, OverloadProperties properties, Clock clock,
                              MeterRegistry registry) {
        return new OverloadBound(reader, properties, clock, registry);
    }

    private OverloadBound(Function<Instant, Reading> reader, OverloadProperties properties, Clock clock,
                          MeterRegistry registry) {
        this.reader = reader;
        this.properties = properties;
        this.clock = clock;
        Gauge.builder(QUEUE_DEPTH, this, bound -> bound.reading().queued())
                .description("Jobs QUEUED over all tenants").register(registry);
        Gauge.builder(ESTIMATED_WAIT, this, bound -> bound.estimatedWait().toMillis() / 1000.0)
                .baseUnit("seconds").description("Queued jobs divided by the recent completion rate")
                .register(registry);
    }

    /**
     * Lets the job in, or refuses it.
     *
     * @throws OverloadedException when as many jobs are queued as the bound allows
     */
    public void admit(JobSubmitted job) {
        if (properties.maxQueued() == 0 || job.answeredFromCache() != null) {
            return;
        }
        Reading now = reading();
        if (now.queued() >= properties.maxQueued()) {
            throw new OverloadedException(now.queued(), properties.maxQueued(), estimatedWait(now));
        }
    }

    /** Queued jobs divided by the recent completion rate; {@code max-retry-after} while nothing completes. */
    public Duration estimatedWait() {
        return estimatedWait(reading());
    }

    private Duration estimatedWait(Reading reading) {
        if (reading.queued() == 0) {
            return Duration.ZERO;
        }
        if (reading.completed() == 0) {
            return properties.maxRetryAfter();
        }
        double perSecond = reading.completed() / (double) properties.rateWindow().toSeconds();
        Duration wait = Duration.ofMillis((long) Math.ceil(reading.queued() / perSecond * 1000));
        return wait.compareTo(properties.maxRetryAfter()) > 0 ? properties.maxRetryAfter() : wait;
    }

    /** The last reading while it is fresh, else a new one; a failed read keeps the last (a submit fails anyway). */
    Reading reading() {
        Instant now = clock.instant();
        Reading known = last;
        if (known.at().plus(properties.readEvery()).isAfter(now)) {
            return known;
        }
        synchronized (this) {
            if (last.at().plus(properties.readEvery()).isAfter(now)) {
                return last;
            }
            try {
                last = reader.apply(now);
            } catch (RuntimeException e) {
                log.warn("queue depth not read, keeping the last reading of {}: {}", last.at(), e.toString());
                last = new Reading(last.queued(), last.completed(), now);
            }
            return last;
        }
    }

    /** One reading: jobs QUEUED, jobs completed within the rate window, and when it was read. */
    record Reading(long queued, long completed, Instant at) {
    }
}
