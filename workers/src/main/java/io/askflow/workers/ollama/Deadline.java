package io.askflow.workers.ollama;

import io.askflow.core.error.ErrorCode;

import java.time.Duration;

/**
 * A point in time after which no more work may start, with what it is for the messages ("step deadline of
 * 15m") and the error type of work it cuts off. Read from {@link System#nanoTime()}, so wall-clock changes do
 * not move it.
 *
 * @param atNanos      the {@code System.nanoTime()} value at which it passes
 * @param description  what it is, e.g. {@code chain deadline of PT1H}
 * @param exceeded     the error code of a step cut off by it, e.g. {@link ErrorCode#CHAIN_DEADLINE_EXCEEDED}
 */
public record Deadline(long atNanos, String description, ErrorCode exceeded) {

    /** A deadline {@code budget} from now. */
    public static Deadline after(Duration budget, String description, ErrorCode exceeded) {
        return new Deadline(System.nanoTime() + budget.toNanos(), description, exceeded);
    }

    /** Time left, never negative. */
    public Duration remaining() {
        return Duration.ofNanos(Math.max(0, atNanos - System.nanoTime()));
    }

    /** Whether it has passed. */
    public boolean passed() {
        return atNanos - System.nanoTime() <= 0;
    }

    /** Whether it passes before {@code pause} is over. */
    public boolean passesWithin(Duration pause) {
        return atNanos - System.nanoTime() <= pause.toNanos();
    }

    /** The one of the two that passes first. */
    public Deadline earliest(Deadline other) {
        return other == null || atNanos - other.atNanos <= 0 ? this : other;
    }
}
