package io.askflow.api.events;

import io.askflow.core.job.JobEvent;
import io.askflow.core.job.JobSource;
import io.askflow.core.job.JobStatus;
import io.askflow.core.run.RunProgress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The ids of a job's stream and the order they make: what is sent, once, and what a resumed stream still needs. */
class EventSequenceTest {

    private static final UUID JOB = UUID.randomUUID();
    private static final UUID RUN = UUID.randomUUID();

    @Test
    void shouldSendEachEventOnceInTheJobsOrder() {
        EventSequence sequence = new EventSequence(null);

        List<String> sent = feed(sequence, status(JobStatus.QUEUED), status(JobStatus.QUEUED), status(JobStatus.RUNNING),
                progress(0), progress(1), progress(1), progress(0), progress(2), status(JobStatus.RUNNING),
                status(JobStatus.COMPLETED));

        assertThat(sent).containsExactly("QUEUED", "RUNNING", "progress-0", "progress-1", "progress-2", "COMPLETED");
        assertThat(sequence.ended()).isTrue();
    }

    @Test
    void shouldHoldProgressReadBeforeRunningUntilRunningComes() {
        EventSequence sequence = new EventSequence(null);

        assertThat(feed(sequence, status(JobStatus.QUEUED), progress(1), progress(0))).containsExactly("QUEUED");
        assertThat(feed(sequence, status(JobStatus.RUNNING)))
                .containsExactly("RUNNING", "progress-0", "progress-1");
    }

    @Test
    void shouldDropHeldProgressOfAJobThatEndsWithoutRunning() {
        EventSequence sequence = new EventSequence(null);

        List<String> sent = feed(sequence, status(JobStatus.QUEUED), progress(2), status(JobStatus.COMPLETED),
                status(JobStatus.RUNNING), progress(3));

        assertThat(sent).as("a run that ended before its start was seen: as in the history").containsExactly(
                "QUEUED", "COMPLETED");
    }

    @Test
    void shouldSendNothingAfterTheEnd() {
        EventSequence sequence = new EventSequence(null);

        assertThat(feed(sequence, status(JobStatus.FAILED), status(JobStatus.COMPLETED), status(JobStatus.QUEUED)))
                .containsExactly("FAILED");
    }

    @Test
    void shouldResumeAfterTheClientsLastEventId() {
        EventSequence afterRunning = new EventSequence(EventId.parse("RUNNING"));
        EventSequence afterProgress = new EventSequence(EventId.parse("progress-1"));

        assertThat(feed(afterRunning, status(JobStatus.QUEUED), status(JobStatus.RUNNING), progress(0), progress(1),
                status(JobStatus.COMPLETED))).containsExactly("progress-0", "progress-1", "COMPLETED");
        assertThat(feed(afterProgress, status(JobStatus.QUEUED), status(JobStatus.RUNNING), progress(0), progress(1),
                progress(2), status(JobStatus.FAILED))).containsExactly("progress-2", "FAILED");
        assertThat(new EventSequence(EventId.parse("COMPLETED")).ended()).isTrue();
    }

    @Test
    void shouldReadBackEveryIdItSends() {
        for (JobStatus status : JobStatus.values()) {
            assertThat(EventId.parse(EventId.of(status).value())).isEqualTo(EventId.of(status));
        }
        assertThat(EventId.parse(" progress-12 ")).isEqualTo(EventId.progress(12));
        assertThat(EventId.progress(0).isAfter(EventId.of(JobStatus.RUNNING))).isTrue();
        assertThat(EventId.of(JobStatus.COMPLETED).isAfter(EventId.progress(1_000_000))).isTrue();
        assertThat(EventId.of(JobStatus.FAILED).isTerminal()).isTrue();
        assertThat(EventId.parse("running")).as("what a hand-typed header says").isEqualTo(EventId.of(JobStatus.RUNNING));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "STARTED", "progress-", "progress--1", "progress-x", "progress-99999999", "7"})
    void shouldRefuseAnIdItNeverSends(String id) {
        assertThatThrownBy(() -> EventId.parse(id)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("progress-<steps done>");
    }

    private static List<String> feed(EventSequence sequence, StreamEvent... events) {
        List<String> sent = new ArrayList<>();
        for (StreamEvent event : events) {
            sequence.accept(event).forEach(accepted -> sent.add(accepted.id().value()));
        }
        return sent;
    }

    private static StreamEvent status(JobStatus status) {
        return StreamEvent.of(new JobEvent(JOB, "f", status, JobSource.LLM, RUN, null, null, null, Instant.EPOCH));
    }

    private static StreamEvent progress(int stepsDone) {
        return StreamEvent.of(new RunProgress(RUN, "f", stepsDone, 3, "step", "w", Instant.EPOCH));
    }
}
