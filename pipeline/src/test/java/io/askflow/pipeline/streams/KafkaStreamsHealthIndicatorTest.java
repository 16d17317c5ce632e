package io.askflow.pipeline.streams;

import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

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
}
