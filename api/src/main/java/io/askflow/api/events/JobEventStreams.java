package io.askflow.api.events;

import io.askflow.api.events.JobHistoryQueries.StoredJob;
import io.askflow.core.job.JobEvent;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Event streams of jobs ({@code GET /v1/jobs/{id}/events}, {@code text/event-stream}): opens them, counts them
 * (at most {@code max-open-streams}, a 503 past it) and ends them all when the application stops, before the web
 * server's graceful shutdown, so that the clients reconnect (with {@code Last-Event-ID}) to an instance that stays.
 * An open stream holds no thread: it is a listener in the {@link JobEventHub} and an async request.
 */
public final class JobEventStreams implements SmartLifecycle {

    /** Streams open now. */
    public static final String OPEN = "askflow.api.streams.open";
    /** Streams refused: over the limit, or while the instance stops. */
    public static final String REFUSED = "askflow.api.streams.refused";

    private static final Logger log = LoggerFactory.getLogger(JobEventStreams.class);

    private final JobEventHub hub;
    private final JobHistoryQueries history;
    private final EventsExecutor executor;
    private final EventsProperties properties;
    private final Set<JobEventStream> open = ConcurrentHashMap.newKeySet();
    private final OpenLimit limit;
    private volatile boolean running;

    public JobEventStreams(JobEventHub hub, JobHistoryQueries history, EventsExecutor executor,
                           EventsProperties properties, MeterRegistry meters) {
        this.hub = hub;
        this.history = history;
        this.executor = executor;
        this.properties = properties;
        this.limit = new OpenLimit("event streams", "askflow.api.events.max-open-streams",
                properties.maxOpenStreams(), properties.retryAfter(),
                "reconnect with Last-Event-ID, another instance (or this one once restarted) takes the stream",
                new OpenLimit.Metrics(OPEN, REFUSED), meters);
    }

    /**
     * Reads a {@code Last-Event-ID}.
     *
     * @throws IllegalArgumentException when it is no id this API sends
     */
    public EventId parseLastEventId(String text) {
        return EventId.parse(text);
    }

    /** Whether a job has this id (a stream resumed after the job's end has nothing to send, but must exist). */
    public boolean exists(UUID jobId) {
        return history.exists(jobId);
    }

    /**
     * Opens the stream of the job's events after {@code after} ({@code null}: all of them), or empty when no job has
     * this id.
     *
     * @throws TooManyWaitsException when this instance holds {@code max-open-streams} streams, or stops
     */
    public Optional<SseEmitter> open(UUID jobId, EventId after) {
        limit.reserve();
        JobEventStream stream = new JobEventStream(jobId, after, new SseEmitter(properties.streamTimeout().toMillis()),
                executor, this::closed);
        try {
            stream.subscribe(hub); // before the reads: nothing falls between
            Optional<StoredJob> stored = history.find(jobId);
            if (stored.isEmpty()) {
                stream.close();
                return Optional.empty();
            }
            open.add(stream);
            List<JobEvent> events = new ArrayList<>(stored.get().events());
            events.addAll(hub.recentEvents(jobId));
            stream.followRun(stored.get().runId()); // its progress read lately joins the replay
            events.forEach(event -> stream.followRun(event.runId()));
            List<StreamEvent> replay = new ArrayList<>();
            events.forEach(event -> replay.add(StreamEvent.of(event)));
            if (stored.get().progress() != null) {
                replay.add(StreamEvent.of(stored.get().progress()));
            }
            stream.replay(replay, properties.heartbeat());
            if (limit.stopping()) {
                stream.end();
            }
            return Optional.of(stream.emitter());
        } catch (RuntimeException e) {
            stream.close();
            throw e;
        }
    }

    /** Streams open now. */
    public int openStreams() {
        return limit.open();
    }

    private void closed(JobEventStream stream) {
        open.remove(stream);
        limit.release(); // reserved once, before the stream was made
    }

    @Override
    public void start() {
        limit.stopping(false);
        running = true;
    }

    /** Refuses new streams and ends the open ones; their clients reconnect with Last-Event-ID elsewhere. */
    @Override
    public void stop() {
        limit.stopping(true);
        running = false;
        List<JobEventStream> streams = List.copyOf(open);
        if (!streams.isEmpty()) {
            log.info("stopping: ending {} open event stream(s)", streams.size());
        }
        streams.forEach(JobEventStream::end);
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
}
