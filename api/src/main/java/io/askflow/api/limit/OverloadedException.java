package io.askflow.api.limit;

import java.time.Duration;

/** The service has as much work queued as the operator allows: the job was refused and nothing stored (a 503). */
public class OverloadedException extends RuntimeException {

    private final long queued;
    private final Duration estimatedWait;

    public OverloadedException(long queued, long maxQueued, Duration estimatedWait) {
        super(queued + " jobs are queued, the most this service takes (askflow.api.overload.max-queued is "
                + maxQueued + "); the estimated wait is " + estimatedWait.toSeconds() + " s; nothing was stored");
        this.queued = queued;
        this.estimatedWait = estimatedWait;
    }

    public long queued() {
        return queued;
    }

    /** The estimated wait for a queued job to start: the Retry-After. */
    public Duration estimatedWait() {
        return estimatedWait;
    }
}
