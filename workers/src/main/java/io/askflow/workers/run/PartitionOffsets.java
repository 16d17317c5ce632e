package io.askflow.workers.run;

import java.util.OptionalLong;
import java.util.TreeSet;

/**
 * The offsets this worker took from one assigned partition, and so the one it may commit: tasks of a
 * partition run side by side and end in any order, but Kafka keeps one committed position per partition, so
 * only the unbroken prefix of finished offsets is committed. The position is the first offset still running,
 * or one past the highest taken when none runs. Used by the consumer thread only.
 */
final class PartitionOffsets {

    private final TreeSet<Long> running = new TreeSet<>();
    private long next = -1;
    private long committed = -1;

    /** A task at {@code offset} was handed to a runner. */
    void taken(long offset) {
        running.add(offset);
        next = Math.max(next, offset + 1);
    }

    /** The task at {@code offset} is done and its effect durable: it no longer holds the position back. */
    void done(long offset) {
        running.remove(offset);
    }

    /** Tasks of this partition still running (or whose effect is not durable). */
    int running() {
        return running.size();
    }

    /** The position to commit, whether or not it was committed already; empty before the first task. */
    OptionalLong position() {
        long position = running.isEmpty() ? next : running.first();
        return position < 0 ? OptionalLong.empty() : OptionalLong.of(position);
    }

    /** The position to commit when it moved since the last {@link #committed}, else empty. */
    OptionalLong advanced() {
        OptionalLong position = position();
        return position.isPresent() && position.getAsLong() > committed ? position : OptionalLong.empty();
    }

    /** {@code position} was (or is being) committed. */
    void committed(long position) {
        committed = Math.max(committed, position);
    }

    /**
     * The commit of {@code position} failed: unless a later position is being committed already, the position
     * counts as {@link #advanced()} again.
     */
    void commitFailed(long position) {
        if (committed == position) {
            committed = -1;
        }
    }
}
