package io.askflow.api.events;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * What a job's stream sends, in order and once: each event must come after the last one let through (a duplicate,
 * or an event older than the client's {@code Last-Event-ID}, is dropped), progress waits for RUNNING (progress and
 * statuses come from two topics, so the first progress may be read before RUNNING; a job that never gets RUNNING,
 * e.g. a run that ended before its start was seen, shows no progress either, as in its history), and nothing follows
 * COMPLETED or FAILED. Not thread-safe: its stream guards it.
 */
final class EventSequence {

    private static final EventId RUNNING = EventId.parse("RUNNING");

    private EventId last;
    private final TreeMap<Long, StreamEvent> heldProgress = new TreeMap<>();
    private boolean ended;

    /** A sequence that sends everything after {@code after}; from the start when {@code null}. */
    EventSequence(EventId after) {
        this.last = after;
        this.ended = after != null && after.isTerminal();
    }

    /** The events to send now because of {@code event}, in order: none, it, or RUNNING and the progress held for it. */
    List<StreamEvent> accept(StreamEvent event) {
        if (ended || !isNew(event.id())) {
            return List.of();
        }
        if (event.id().isProgress() && !isNew(RUNNING)) {
            return List.of(let(event));
        }
        if (event.id().isProgress()) {
            heldProgress.putIfAbsent(event.id().rank(), event);
            return List.of();
        }
        if (event.id().isTerminal()) {
            ended = true;
            heldProgress.clear();
            return List.of(let(event));
        }
        List<StreamEvent> send = new ArrayList<>(1 + heldProgress.size());
        send.add(let(event));
        if (event.id().equals(RUNNING)) {
            heldProgress.values().forEach(progress -> send.add(let(progress)));
            heldProgress.clear();
        }
        return send;
    }

    /** Whether the last event (COMPLETED or FAILED) was let through, or was the client's {@code Last-Event-ID}. */
    boolean ended() {
        return ended;
    }

    private boolean isNew(EventId id) {
        return last == null || id.isAfter(last);
    }

    private StreamEvent let(StreamEvent event) {
        last = event.id();
        return event;
    }
}
