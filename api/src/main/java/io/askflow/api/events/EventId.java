package io.askflow.api.events;

import io.askflow.core.job.JobStatus;

import java.util.Locale;
import java.util.Objects;

/**
 * The id of an event on a job's stream and its place in the job's order: {@code QUEUED}, {@code RUNNING},
 * {@code progress-0} (the run started) to {@code progress-<n>} (its n steps done), then {@code COMPLETED} or
 * {@code FAILED}. A stream sends only events that come after the last one sent, so the id of the last event a client
 * saw ({@code Last-Event-ID}) says exactly what it still needs.
 *
 * @param value the id as sent ({@code id:} of the event)
 * @param rank  its place: a higher rank comes later
 */
public record EventId(String value, long rank) {

    private static final String PROGRESS = "progress-";
    private static final long FIRST_PROGRESS_RANK = 2;
    private static final int MAX_STEPS = 1_000_000;

    public EventId {
        Objects.requireNonNull(value, "value");
    }

    /** The id of a status event. */
    public static EventId of(JobStatus status) {
        long rank = switch (status) {
            case QUEUED -> 0;
            case RUNNING -> 1;
            case COMPLETED, FAILED -> Long.MAX_VALUE;
        };
        return new EventId(status.name(), rank);
    }

    /** The id of a progress event: {@code stepsDone} steps of the run are done ({@code progress-0}: it started). */
    public static EventId progress(int stepsDone) {
        if (stepsDone < 0 || stepsDone > MAX_STEPS) {
            throw new IllegalArgumentException("steps done must be from 0 to " + MAX_STEPS + ", was " + stepsDone);
        }
        return new EventId(PROGRESS + stepsDone, FIRST_PROGRESS_RANK + stepsDone);
    }

    /**
     * Reads an id this API sent, e.g. from a {@code Last-Event-ID} header.
     *
     * @throws IllegalArgumentException for anything else, with what an id looks like
     */
    public static EventId parse(String text) {
        String id = text.strip();
        if (id.startsWith(PROGRESS) && id.length() > PROGRESS.length() && id.length() <= PROGRESS.length() + 7
                && id.substring(PROGRESS.length()).chars().allMatch(c -> c >= '0' && c <= '9')) {
            int steps = Integer.parseInt(id.substring(PROGRESS.length()));
            if (steps <= MAX_STEPS) {
                return progress(steps);
            }
        }
        for (JobStatus status : JobStatus.values()) {
            if (status.name().equals(id.toUpperCase(Locale.ROOT))) {
                return of(status);
            }
        }
        throw new IllegalArgumentException("\"" + text + "\" is not an event id of this API; an event id is QUEUED,"
                + " RUNNING, progress-<steps done> (e.g. progress-2), COMPLETED or FAILED");
    }

    /** Whether this is the job's last event (COMPLETED or FAILED): nothing comes after it. */
    public boolean isTerminal() {
        return rank == Long.MAX_VALUE;
    }

    /** Whether this is a progress event. */
    public boolean isProgress() {
        return value.startsWith(PROGRESS);
    }

    /** Whether this comes after {@code other} in a job's order. */
    public boolean isAfter(EventId other) {
        return rank > other.rank;
    }

    @Override
    public String toString() {
        return value;
    }
}
