package io.askflow.api.events;

import io.askflow.core.job.JobEvent;
import io.askflow.core.run.RunProgress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * One client's stream of a job's events ({@code text/event-stream}). It listens to the job before it reads what
 * PostgreSQL and the recent events hold, replays those (after the client's {@code Last-Event-ID}), then sends the
 * live ones; {@link EventSequence} keeps them in order and once. Events are written on the {@link EventsExecutor}'s
 * threads, one write at a time per stream, never on the follower's; a comment line every heartbeat shows a client
 * that went away. The stream ends after COMPLETED or FAILED.
 */
final class JobEventStream implements JobListener {

    private static final Logger log = LoggerFactory.getLogger(JobEventStream.class);

    private final UUID jobId;
    private final SseEmitter emitter;
    private final EventsExecutor executor;
    private final Consumer<JobEventStream> onClose;
    private final EventSequence sequence;
    private final List<StreamEvent> heldWhileReplaying = new ArrayList<>();
    private final Deque<StreamEvent> outbox = new ArrayDeque<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private boolean replaying = true;
    private boolean writing;
    private volatile JobEventHub.Subscription subscription;
    private volatile ScheduledFuture<?> heartbeat;

    JobEventStream(UUID jobId, EventId after, SseEmitter emitter, EventsExecutor executor,
                   Consumer<JobEventStream> onClose) {
        this.jobId = jobId;
        this.emitter = emitter;
        this.executor = executor;
        this.onClose = onClose;
        this.sequence = new EventSequence(after);
        emitter.onCompletion(this::close);
        emitter.onTimeout(emitter::complete);
        emitter.onError(error -> close());
    }

    SseEmitter emitter() {
        return emitter;
    }

    /** Listens to the job; call before reading what is stored. */
    void subscribe(JobEventHub hub) {
        subscription = hub.subscribe(jobId, this);
    }

    /**
     * Sends what was stored and read lately, after the client's last event, then whatever came meanwhile, and
     * starts the heartbeat.
     */
    void replay(List<StreamEvent> stored, Duration every) {
        synchronized (this) {
            List<StreamEvent> all = new ArrayList<>(stored);
            all.addAll(heldWhileReplaying);
            heldWhileReplaying.clear();
            all.sort(Comparator.comparingLong(event -> event.id().rank()));
            all.forEach(event -> outbox.addAll(sequence.accept(event)));
            replaying = false;
        }
        heartbeat = executor.every(every, this::sendHeartbeat);
        if (closed.get()) {
            stopHeartbeat(); // closed meanwhile, before its heartbeat was there to stop
        }
        writeSoon();
    }

    /** Follows the job's run: its progress read lately is offered, the next is told. */
    void followRun(UUID runId) {
        JobEventHub.Subscription current = subscription;
        if (runId != null && current != null) {
            current.followRun(runId).forEach(this::onProgress);
        }
    }

    @Override
    public void onJobEvent(JobEvent event) {
        followRun(event.runId());
        offer(StreamEvent.of(event));
    }

    @Override
    public void onProgress(RunProgress progress) {
        offer(StreamEvent.of(progress));
    }

    private void offer(StreamEvent event) {
        synchronized (this) {
            if (replaying) {
                heldWhileReplaying.add(event);
                return;
            }
            outbox.addAll(sequence.accept(event));
        }
        writeSoon();
    }

    /** Hands the writing to a thread of the executor, unless one writes already. */
    private void writeSoon() {
        synchronized (this) {
            if (writing || outbox.isEmpty() || closed.get()) {
                return;
            }
            writing = true;
        }
        if (!executor.execute(this::writeAll)) {
            close();
        }
    }

    private void writeAll() {
        while (true) {
            StreamEvent event;
            synchronized (this) {
                event = outbox.poll();
                if (event == null) {
                    writing = false;
                    return;
                }
            }
            if (!write(event)) {
                return;
            }
        }
    }

    private boolean write(StreamEvent event) {
        try {
            emitter.send(SseEmitter.event().id(event.id().value()).name(event.name()).data(event.data()));
        } catch (IOException | IllegalStateException e) {
            log.debug("stream of job {} closed by its client at {}: {}", jobId, event.id(), e.toString());
            close();
            return false;
        }
        if (event.id().isTerminal()) {
            emitter.complete();
            close();
            return false;
        }
        return true;
    }

    private void sendHeartbeat() {
        if (closed.get()) {
            stopHeartbeat();
            return;
        }
        try {
            emitter.send(SseEmitter.event().comment("heartbeat"));
        } catch (IOException | IllegalStateException e) {
            log.debug("stream of job {} closed by its client: {}", jobId, e.toString());
            close();
        }
    }

    /** Ends the stream from the server's side (the application stops): the client reconnects with its last id. */
    void end() {
        try {
            emitter.complete();
        } finally {
            close();
        }
    }

    /** Stops listening and beating; idempotent. */
    void close() {
        if (closed.compareAndSet(false, true)) {
            JobEventHub.Subscription current = subscription;
            if (current != null) {
                current.close();
            }
            stopHeartbeat();
            onClose.accept(this);
        }
    }

    private void stopHeartbeat() {
        ScheduledFuture<?> beating = heartbeat;
        if (beating != null) {
            beating.cancel(false);
        }
    }
}
