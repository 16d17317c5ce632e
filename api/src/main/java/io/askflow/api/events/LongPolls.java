package io.askflow.api.events;

import io.askflow.core.job.JobEvent;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.web.context.request.async.DeferredResult;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Long-polls ({@code GET /v1/jobs/{id}?wait=30s}): answered as soon as the job is COMPLETED or FAILED, or when the
 * wait ends, with no thread held meanwhile (Spring MVC's {@link DeferredResult}: the request thread goes back to the
 * pool, the waiter is an entry in the {@link JobEventHub}).
 *
 * <p>A wait listens to its job before it reads it, so an event that comes during the read is not missed, then looks
 * at the events read lately (one read before the wait, but not yet written by the sinks). Woken by COMPLETED or
 * FAILED, it reads the job once more on one of the {@link EventsExecutor}'s threads and answers the row if the sinks
 * have written the end already, else the row with the event's status, answer or error laid over it: the answer
 * never waits for the sinks. At the end of its wait (a timer on the same threads) it reads the job once and answers
 * what it finds.
 *
 * <p>At most {@code max-open-waits} at once; one more is refused ({@link TooManyWaitsException}), and so is every
 * new one once the application stops, when the open ones are answered at once with what they know.
 */
public final class LongPolls implements SmartLifecycle {

    /** Long-polls open now. */
    public static final String OPEN = "askflow.api.waits.open";
    /** Long-polls refused: over the limit, or while the instance stops. */
    public static final String REFUSED = "askflow.api.waits.refused";

    private static final Logger log = LoggerFactory.getLogger(LongPolls.class);
    private static final Duration BACKSTOP = Duration.ofSeconds(5);

    private final JobEventHub hub;
    private final EventsExecutor executor;
    private final EventsProperties properties;
    private final Set<Wait<?>> open = ConcurrentHashMap.newKeySet();
    private final OpenLimit limit;
    private volatile boolean running;

    public LongPolls(JobEventHub hub, EventsExecutor executor, EventsProperties properties, MeterRegistry meters) {
        this.hub = hub;
        this.executor = executor;
        this.properties = properties;
        this.limit = new OpenLimit("long-polls", "askflow.api.events.max-open-waits", properties.maxOpenWaits(),
                properties.retryAfter(), "poll again, another instance (or this one once restarted) takes the wait",
                new OpenLimit.Metrics(OPEN, REFUSED), meters);
    }

    /**
     * The wait a {@code wait} parameter asks for, cut to {@code max-wait}.
     *
     * @throws IllegalArgumentException when it is not a duration, with what one looks like
     */
    public Duration parseWait(String text) {
        return WaitDuration.parse(text, properties.maxWait());
    }

    /**
     * The job as {@code reads} shows it, once it has ended or after {@code wait}.
     *
     * @throws TooManyWaitsException when this instance holds {@code max-open-waits} long-polls, or stops
     * @throws RuntimeException      what the first read throws (an unknown job, PostgreSQL away)
     */
    public <T> DeferredResult<T> await(UUID jobId, Duration wait, JobReads<T> reads) {
        if (wait.isZero() || wait.isNegative()) {
            return answered(reads.read());
        }
        limit.reserve();
        // the server's own timeout is a backstop: it checks about once a second, the executor ends the wait on time
        Wait<T> waiter = new Wait<>(jobId, reads, new DeferredResult<>(wait.plus(BACKSTOP).toMillis()));
        try {
            waiter.subscription = hub.subscribe(jobId, waiter); // before the read: nothing falls between
            T now = reads.read();
            if (reads.ended(now)) {
                waiter.close();
                return answered(now);
            }
            waiter.latest = now;
            open.add(waiter);
            waiter.listen(wait);
            hub.recentEvents(jobId).forEach(waiter::onJobEvent);
            if (limit.stopping()) {
                waiter.answerNow();
            }
            return waiter.result;
        } catch (RuntimeException e) {
            waiter.close();
            throw e;
        }
    }

    /** Long-polls open now. */
    public int openWaits() {
        return limit.open();
    }

    private static <T> DeferredResult<T> answered(T job) {
        DeferredResult<T> result = new DeferredResult<>();
        result.setResult(job);
        return result;
    }

    @Override
    public void start() {
        limit.stopping(false);
        running = true;
    }

    /** Refuses new long-polls and answers the open ones at once with what they know; the clients poll again. */
    @Override
    public void stop() {
        limit.stopping(true);
        running = false;
        List<Wait<?>> waiting = List.copyOf(open);
        if (!waiting.isEmpty()) {
            log.info("stopping: answering {} open long-poll(s) now", waiting.size());
        }
        waiting.forEach(Wait::answerNow);
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Stopped before the web server's graceful shutdown ({@code DEFAULT_PHASE - 1024}), which then has no wait. */
    @Override
    public int getPhase() {
        return DEFAULT_PHASE - 512;
    }

    /**
     * How a long-poll reads and shows a job.
     *
     * @param <T> the job as the API shows it
     */
    public interface JobReads<T> {

        /** The job as stored now; throws when there is no such job or PostgreSQL does not answer. */
        T read();

        /** Whether the job is COMPLETED or FAILED. */
        boolean ended(T job);

        /** {@code job} with what {@code event} says laid over it, when the lifecycle allows the move. */
        T withEvent(T job, JobEvent event);
    }

    /** One open long-poll: a listener of its job until its answer is set. */
    private final class Wait<T> implements JobListener {

        private final UUID jobId;
        private final JobReads<T> reads;
        private final DeferredResult<T> result;
        private final AtomicBoolean woken = new AtomicBoolean();
        private final AtomicBoolean closed = new AtomicBoolean();
        private volatile JobEventHub.Subscription subscription;
        private volatile T latest;
        private volatile JobEvent end;
        private volatile ScheduledFuture<?> timer;

        Wait(UUID jobId, JobReads<T> reads, DeferredResult<T> result) {
            this.jobId = jobId;
            this.reads = reads;
            this.result = result;
        }

        void listen(Duration wait) {
            timer = executor.after(wait, this::answerAtTimeout);
            result.onTimeout(this::answerAtTimeout);
            result.onError(error -> close());
            result.onCompletion(this::close);
        }

        @Override
        public void onJobEvent(JobEvent event) {
            T known = latest;
            if (known == null) {
                return; // told during the first read: found again among the recent events after it
            }
            if (!event.status().isTerminal()) {
                latest = reads.withEvent(known, event);
                return;
            }
            end = event;
            if (woken.compareAndSet(false, true) && !executor.execute(() -> answerEnd(event))) {
                result.setResult(reads.withEvent(known, event));
            }
        }

        /** Reads the job once: the row if the sinks wrote the end, else the row with the event laid over it. */
        private void answerEnd(JobEvent event) {
            T answer;
            try {
                T row = reads.read();
                answer = reads.ended(row) ? row : reads.withEvent(row, event);
            } catch (RuntimeException e) {
                log.warn("job {} ended {} but could not be read again, answered from the event: {}", jobId,
                        event.status(), e.toString());
                answer = reads.withEvent(latest, event);
            }
            result.setResult(answer);
        }

        /** The wait is over: the job as stored now (or as known, when PostgreSQL does not answer). */
        private void answerAtTimeout() {
            JobEvent ended = end;
            if (ended != null) {
                result.setResult(reads.withEvent(latest, ended)); // woken just now: answered without a read
                return;
            }
            try {
                result.setResult(reads.read());
            } catch (RuntimeException e) {
                result.setErrorResult(e);
            }
        }

        void answerNow() {
            JobEvent ended = end;
            result.setResult(ended == null ? latest : reads.withEvent(latest, ended));
        }

        void close() {
            if (closed.compareAndSet(false, true)) {
                JobEventHub.Subscription current = subscription;
                if (current != null) {
                    current.close();
                }
                ScheduledFuture<?> ending = timer;
                if (ending != null) {
                    ending.cancel(false);
                }
                open.remove(this);
                limit.release(); // reserved once, before this wait was made
            }
        }
    }
}
