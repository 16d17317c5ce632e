package io.askflow.api.events;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A test's reader of a {@code text/event-stream} body, line by line as java.net.http hands them over: keeps the
 * events (id, event, data), counts comments, says whether the server ended the stream, and can drop the connection.
 */
final class SseLines implements Flow.Subscriber<String> {

    private final List<Received> events = new CopyOnWriteArrayList<>();
    private final AtomicInteger comments = new AtomicInteger();
    private volatile Flow.Subscription subscription;
    private volatile boolean ended;
    private volatile Throwable error;
    private String id;
    private String name;
    private StringBuilder data;

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
        this.subscription = subscription;
        subscription.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(String line) {
        if (line.isEmpty()) {
            if (data != null) {
                events.add(new Received(id, name, data.toString()));
            }
            id = null;
            name = null;
            data = null;
        } else if (line.startsWith(":")) {
            comments.incrementAndGet();
        } else if (line.startsWith("id:")) {
            id = value(line);
        } else if (line.startsWith("event:")) {
            name = value(line);
        } else if (line.startsWith("data:")) {
            data = data == null ? new StringBuilder(value(line)) : data.append('\n').append(value(line));
        }
    }

    private static String value(String line) {
        String value = line.substring(line.indexOf(':') + 1);
        return value.startsWith(" ") ? value.substring(1) : value;
    }

    @Override
    public void onError(Throwable throwable) {
        error = throwable;
    }

    @Override
    public void onComplete() {
        ended = true;
    }

    /** Drops the connection, as a client that goes away does. */
    void drop() {
        subscription.cancel();
    }

    List<Received> events() {
        return List.copyOf(events);
    }

    List<String> ids() {
        return events.stream().map(Received::id).toList();
    }

    int comments() {
        return comments.get();
    }

    /** Whether the server ended the stream (the body completed). */
    boolean ended() {
        return ended;
    }

    Throwable error() {
        return error;
    }

    /**
     * One event as received.
     *
     * @param id   its id
     * @param name its event name
     * @param data its data
     */
    record Received(String id, String name, String data) {
    }
}
