package io.askflow.api.events;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;

/**
 * Long-polls and event streams ({@code askflow.api.events.*}): {@code GET /v1/jobs/{id}?wait=30s} and
 * {@code GET /v1/jobs/{id}/events}.
 *
 * @param maxWait        the longest {@code wait} a long-poll gets (default 60 s): a longer one is cut to it
 * @param maxOpenWaits   long-polls open at once on this instance (default 10,000); one more gets a 503 with
 *                       {@code Retry-After}
 * @param maxOpenStreams event streams open at once on this instance (default 10,000); one more gets a 503 with
 *                       {@code Retry-After}
 * @param heartbeat      how often an open stream gets a comment line (default 15 s), which keeps proxies from
 *                       closing it and shows a client that went away
 * @param streamTimeout  the longest a stream stays open (default 30 min); the client then reconnects with
 *                       {@code Last-Event-ID} and misses nothing
 * @param recentJobs     how many jobs' and runs' recent events are remembered (default 10,000): what a waiter that
 *                       comes after its event, but before the sinks wrote it, still finds
 * @param replayOnStart  how far back before its start the follower begins reading (default 30 s), so a waiter that
 *                       arrives while the instance starts misses no event the sinks had not yet written
 * @param threads        threads that answer woken long-polls (one read of the job each) and write to streams
 *                       (default 4); no thread is held while a long-poll or a stream waits
 * @param retryAfter     the {@code Retry-After} of the 503 past the limits (default 1 s)
 */
@Validated
@ConfigurationProperties("askflow.api.events")
public record EventsProperties(@DefaultValue("60s") @NotNull Duration maxWait,
                               @DefaultValue("10000") @Min(1) int maxOpenWaits,
                               @DefaultValue("10000") @Min(1) int maxOpenStreams,
                               @DefaultValue("15s") @NotNull Duration heartbeat,
                               @DefaultValue("30m") @NotNull Duration streamTimeout,
                               @DefaultValue("10000") @Min(1) int recentJobs,
                               @DefaultValue("30s") @NotNull Duration replayOnStart,
                               @DefaultValue("4") @Min(1) int threads,
                               @DefaultValue("1s") @NotNull Duration retryAfter) {

    /** Whether the durations that must be positive are, and the replay is not negative. */
    @AssertTrue(message = "max-wait, heartbeat, stream-timeout and retry-after must be positive, replay-on-start not"
            + " negative")
    public boolean isEachDurationInRange() {
        return isPositive(maxWait) && isPositive(heartbeat) && isPositive(streamTimeout) && isPositive(retryAfter)
                && (replayOnStart == null || !replayOnStart.isNegative());
    }

    private static boolean isPositive(Duration duration) {
        return duration == null || (!duration.isNegative() && !duration.isZero());
    }
}
