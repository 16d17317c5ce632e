package io.askflow.pipeline.streams;

import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

class KafkaStreamsHealthIndicatorTest {

    private final KafkaStreams streams = mock(KafkaStreams.class);

    @Test
    void shouldBeDownBeforeStreamsStarts() {
        Health health = new KafkaStreamsHealthIndicator(() -> null, "app").health();

        assertThat(health.getStatus()).isEqualTo(Status.DOWN);
        assertThat(health.getDetails()).containsEntry("state", "NOT_STARTED");
    }

    @Test
    void shouldBeUpWhileRunningOrRebalancing() {
        when(streams.metadataForLocalThreads()).thenReturn(Set.of());
        for (KafkaStreams.State state : Set.of(KafkaStreams.State.RUNNING, KafkaStreams.State.REBALANCING)) {
            when(streams.state()).thenReturn(state);
            assertThat(new KafkaStreamsHealthIndicator(() -> streams, "app").health().getStatus()).isEqualTo(Status.UP);
        }
    }

    @Test
    void shouldBeDownInErrorOrNotRunning() {
        when(streams.metadataForLocalThreads()).thenReturn(Set.of());
        for (KafkaStreams.State state : Set.of(KafkaStreams.State.ERROR, KafkaStreams.State.NOT_RUNNING,
                KafkaStreams.State.PENDING_SHUTDOWN, KafkaStreams.State.CREATED)) {
            when(streams.state()).thenReturn(state);
            Health health = new KafkaStreamsHealthIndicator(() -> streams, "app").health();
            assertThat(health.getStatus()).isEqualTo(Status.DOWN);
            assertThat(health.getDetails()).containsEntry("state", state.name());
        }
    }

    @Test
    void shouldBeDownWhileStreamThreadsKeepBeingReplaced() {
        when(streams.metadataForLocalThreads()).thenReturn(Set.of());
        when(streams.state()).thenReturn(KafkaStreams.State.REBALANCING);
        MutableClock clock = new MutableClock();
        ThreadReplacements replacements = new ThreadReplacements(2, Duration.ofMinutes(10), clock);
        KafkaStreamsHealthIndicator indicator = new KafkaStreamsHealthIndicator(() -> streams, "app", replacements);

        replacements.replaced();
        replacements.replaced();
        assertThat(indicator.health().getStatus()).isEqualTo(Status.UP); // two within the window: still healthy
        clock.advance(Duration.ofMinutes(1));
        replacements.replaced();
        Health down = indicator.health();
        when(streams.state()).thenReturn(KafkaStreams.State.RUNNING);
        Health downWhileRunning = indicator.health();
        clock.advance(Duration.ofMinutes(9)); // the first two age out of the window
        Health upAgain = indicator.health();

        assertThat(down.getStatus()).isEqualTo(Status.DOWN);
        assertThat(down.getDetails()).containsEntry("threadReplacements", 3).containsKey("reason")
                .containsEntry("state", "REBALANCING");
        assertThat(downWhileRunning.getStatus()).isEqualTo(Status.DOWN);
        assertThat(upAgain.getStatus()).isEqualTo(Status.UP);
        assertThat(upAgain.getDetails()).containsEntry("threadReplacements", 1).doesNotContainKey("reason");
    }

    /** A clock the test moves. */
    private static final class MutableClock extends Clock {

        private Instant now = Instant.parse("2026-01-01T00:00:00Z");

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
