package io.askflow.api.limit;

import io.askflow.core.job.CachePolicy;
import io.askflow.core.job.JobRequest;
import io.askflow.core.job.JobSubmitted;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

/** The overload bound over a fake reading of PostgreSQL: refusal, estimated wait, one reading per second. */
public class OverloadBoundTest {

    private static final JobSubmitted JOB = new JobSubmitted(UUID.randomUUID(), "fp", new JobRequest("q", null,
            "answer", "v1", Map.of()), CachePolicy.DEFAULT, Map.of(), Instant.EPOCH);

    private final AtomicLong queued = new AtomicLong();
    private final AtomicInteger reads = new AtomicInteger();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private Instant now = Instant.parse("2026-01-01T10:00:00Z");
    private final Clock clock = mock(Clock.class);

    {
        when(clock.instant()).thenAnswer(call -> now);
    }

    /** A bound that lets everything in and never reads, for tests of the submit path. */
    public static OverloadBound unbounded() {
        return OverloadBound.over(at -> new OverloadBound.Reading(0, 0, at), properties(0),
                Clock.systemUTC(), new SimpleMeterRegistry());
    }

    @Test
    void shouldRefuseASubmitPastTheBoundWithTheEstimatedWaitAndStoreNothing() {
        OverloadBound bound = bound(10);
        queued.set(10);

        assertThatThrownBy(() -> bound.admit(JOB)).isInstanceOfSatisfying(OverloadedException.class, e -> {
            assertThat(e.queued()).isEqualTo(10);
            assertThat(e.estimatedWait()).as("10 queued at 30 per minute").isEqualTo(Duration.ofSeconds(20));
        });
        assertThat(registry.get(OverloadBound.QUEUE_DEPTH).gauge().value()).isEqualTo(10);
        assertThat(registry.get(OverloadBound.ESTIMATED_WAIT).gauge().value()).isEqualTo(20);
    }

    @Test
    void shouldAdmitBelowTheBoundAndReadAtMostOncePerSecond() {
        OverloadBound bound = bound(10);
        queued.set(9);

        bound.admit(JOB);
        queued.set(50);
        bound.admit(JOB);
        assertThat(reads.get()).as("the reading is trusted for a second").isEqualTo(1);

        now = now.plusSeconds(1);
        assertThatThrownBy(() -> bound.admit(JOB)).isInstanceOf(OverloadedException.class);
        assertThat(reads.get()).isEqualTo(2);
    }

    @Test
    void shouldReadNothingWithoutABound() {
        OverloadBound bound = bound(0);
        queued.set(1_000_000);

        bound.admit(JOB);

        assertThat(reads.get()).isZero();
    }

    private OverloadBound bound(long maxQueued) {
        return OverloadBound.over(at -> {
            reads.incrementAndGet();
            return new OverloadBound.Reading(queued.get(), 30, at);
        }, properties(maxQueued), clock, registry);
    }

    private static OverloadProperties properties(long maxQueued) {
        return new OverloadProperties(maxQueued, Duration.ofSeconds(1), Duration.ofSeconds(60), Duration.ofMinutes(5));
    }
}
