package io.askflow.api.events;

import io.askflow.core.job.JobEvent;
import io.askflow.core.job.JobSource;
import io.askflow.core.job.JobStatus;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;

/** Streams without a server: counted, limited, ended when the application stops, and nothing left in the hub. */
class JobEventStreamsTest {

    private final UUID job = UUID.randomUUID();
    private final JobEventHub hub = new JobEventHub(100);
    private final EventsExecutor executor = new EventsExecutor(1);
    private final JobHistoryQueries history = mock(JobHistoryQueries.class);
    private final JobEventStreams streams = new JobEventStreams(hub, history, executor, new EventsProperties(
            Duration.ofSeconds(60), 10, 2, Duration.ofSeconds(15), Duration.ofMinutes(30), 100, Duration.ofSeconds(30),
            1, Duration.ofSeconds(1)), new SimpleMeterRegistry());

    @AfterEach
    void close() {
        executor.close();
    }

    @Test
    void shouldOpenNoStreamForAnUnknownJob() {
        given(history.find(job)).willReturn(Optional.empty());

        assertThat(streams.open(job, null)).isEmpty();
        assertThat(streams.openStreams()).isZero();
        assertThat(hub.jobsListenedTo()).isZero();
    }

    @Test
    void shouldRefuseAStreamOverTheLimitAndEndAllWhenStopping() {
        given(history.find(job)).willReturn(Optional.of(new JobHistoryQueries.StoredJob(null, List.of(
                new JobEvent(job, "f", JobStatus.QUEUED, JobSource.LLM, null, null, null, null, Instant.now())), null)));
        assertThat(streams.open(job, null)).isPresent();
        assertThat(streams.open(job, null)).isPresent();

        assertThatThrownBy(() -> streams.open(job, null)).isInstanceOf(TooManyWaitsException.class)
                .hasMessageContaining("max-open-streams");
        assertThat(hub.jobsListenedTo()).isOne();

        streams.stop();

        assertThat(streams.openStreams()).isZero();
        assertThat(hub.jobsListenedTo()).isZero();
        assertThatThrownBy(() -> streams.open(job, null)).isInstanceOf(TooManyWaitsException.class)
                .hasMessageContaining("stopping");
    }
}
