package io.askflow.api.events;

import io.askflow.core.job.JobEvent;
import io.askflow.core.job.JobSource;
import io.askflow.core.job.JobStatus;
import io.askflow.core.run.RunProgress;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/** The registry of waiters: who is told what, what is remembered, and that nothing stays behind. */
class JobEventHubTest {

    private final JobEventHub hub = new JobEventHub(2);

    @Test
    void shouldTellAJobsListenersItsEventsAndTheRunsProgressOnceFollowed() {
        UUID job = UUID.randomUUID();
        UUID run = UUID.randomUUID();
        Recorder recorder = new Recorder();
        JobEventHub.Subscription subscription = hub.subscribe(job, recorder);

        hub.publish(event(job, JobStatus.QUEUED, run));
        hub.publish(progress(run, 0));
        subscription.followRun(run);
        hub.publish(progress(run, 1));
        hub.publish(event(UUID.randomUUID(), JobStatus.QUEUED, run));

        assertThat(recorder.seen).containsExactly("QUEUED", "progress-1");
    }

    @Test
    void shouldGiveAFollowerOfARunWhatWasReadOfItBefore() {
        UUID run = UUID.randomUUID();
        hub.publish(progress(run, 1));
        hub.publish(progress(run, 0));
        hub.publish(progress(run, 1));

        List<RunProgress> before = hub.subscribe(UUID.randomUUID(), new Recorder()).followRun(run);

        assertThat(before).extracting(RunProgress::stepsDone).containsExactly(0, 1);
    }

    @Test
    void shouldForgetListenersThatCloseAndKeepTellingTheOthersWhenOneFails() {
        UUID job = UUID.randomUUID();
        UUID run = UUID.randomUUID();
        Recorder staying = new Recorder();
        JobEventHub.Subscription failing = hub.subscribe(job, event -> {
            throw new IllegalStateException("a bug in a listener");
        });
        JobEventHub.Subscription leaving = hub.subscribe(job, new Recorder());
        leaving.followRun(run);
        hub.subscribe(job, staying);

        hub.publish(event(job, JobStatus.RUNNING, run));
        leaving.close();
        failing.close();

        assertThat(staying.seen).containsExactly("RUNNING");
        assertThat(hub.jobsListenedTo()).isEqualTo(1);
        leaving.close();
        assertThat(leaving.followRun(UUID.randomUUID())).as("a closed subscription follows nothing").isEmpty();
    }

    @Test
    void shouldRememberTheFirstEventOfEachStatusOfTheLatestJobsOnly() {
        UUID first = UUID.randomUUID();
        UUID second = UUID.randomUUID();
        UUID third = UUID.randomUUID();
        JobEvent completed = event(first, JobStatus.COMPLETED, null);

        hub.publish(event(first, JobStatus.QUEUED, null));
        hub.publish(completed);
        hub.publish(event(first, JobStatus.COMPLETED, UUID.randomUUID()));
        hub.publish(event(second, JobStatus.QUEUED, null));

        assertThat(hub.recentEvents(first)).extracting(JobEvent::status)
                .containsExactly(JobStatus.QUEUED, JobStatus.COMPLETED);
        assertThat(hub.recentEvents(first).get(1)).isEqualTo(completed);
        hub.publish(event(third, JobStatus.QUEUED, null));
        assertThat(hub.recentEvents(first)).as("the oldest of three jobs, with a capacity of two").isEmpty();
        assertThat(hub.recentEvents(third)).hasSize(1);
    }

    private static JobEvent event(UUID job, JobStatus status, UUID run) {
        return new JobEvent(job, "f", status, JobSource.LLM, run, null, null, null, Instant.now());
    }

    private static RunProgress progress(UUID run, int stepsDone) {
        return new RunProgress(run, "f", stepsDone, 2, null, "w", Instant.now());
    }

    private static final class Recorder implements JobListener {

        final List<String> seen = new CopyOnWriteArrayList<>();

        @Override
        public void onJobEvent(JobEvent event) {
            seen.add(event.status().name());
        }

        @Override
        public void onProgress(RunProgress progress) {
            seen.add("progress-" + progress.stepsDone());
        }
    }
}
