package io.askflow.api.events;

import io.askflow.core.job.JobEvent;
import io.askflow.core.job.JobSource;
import io.askflow.core.job.JobStatus;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.web.context.request.async.DeferredResult;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Long-polls without a server: when they answer, with what, and how many may wait. */
class LongPollsTest {

    private static final Duration LONG = Duration.ofSeconds(30);

    private final UUID job = UUID.randomUUID();
    private final JobEventHub hub = new JobEventHub(100);
    private final EventsExecutor executor = new EventsExecutor(1);
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final LongPolls longPolls = new LongPolls(hub, executor, properties(2), meters);
    private final Reads reads = new Reads();

    @AfterEach
    void close() {
        executor.close();
    }

    @Test
    void shouldAnswerAtOnceAJobThatEndedOrAPollWithoutWait() {
        reads.row.set(new View(JobStatus.COMPLETED, "stored"));

        assertThat(longPolls.await(job, LONG, reads).getResult()).isEqualTo(new View(JobStatus.COMPLETED, "stored"));
        assertThat(longPolls.await(job, Duration.ZERO, reads).getResult()).isNotNull();
        assertThat(longPolls.openWaits()).isZero();
    }

    @Test
    void shouldAnswerWithTheEventLaidOverTheRowWhenTheSinkHasNotWrittenTheEndYet() {
        DeferredResult<View> result = longPolls.await(job, LONG, reads);
        assertThat(result.hasResult()).isFalse();
        assertThat(longPolls.openWaits()).isOne();
        assertThat(meters.get(LongPolls.OPEN).gauge().value()).isOne();

        hub.publish(event(JobStatus.RUNNING, null));
        hub.publish(event(JobStatus.COMPLETED, "from the event"));

        await().atMost(Duration.ofSeconds(5)).until(result::hasResult);
        assertThat(result.getResult()).isEqualTo(new View(JobStatus.COMPLETED, "from the event"));
        assertThat(reads.count.get()).as("the first read and one after the event").isEqualTo(2);
    }

    @Test
    void shouldAnswerTheRowWhenTheSinkWroteTheEndFirst() {
        DeferredResult<View> result = longPolls.await(job, LONG, reads);
        reads.row.set(new View(JobStatus.COMPLETED, "from the row"));

        hub.publish(event(JobStatus.COMPLETED, "from the event"));

        await().atMost(Duration.ofSeconds(5)).until(result::hasResult);
        assertThat(result.getResult()).isEqualTo(new View(JobStatus.COMPLETED, "from the row"));
    }

    @Test
    void shouldFindAnEndReadBeforeTheWaitWhileTheRowLagsBehind() {
        hub.publish(event(JobStatus.FAILED, null)); // read by the follower, not yet written by the sink

        DeferredResult<View> result = longPolls.await(job, LONG, reads);

        await().atMost(Duration.ofSeconds(5)).until(result::hasResult);
        assertThat(((View) result.getResult()).status()).isEqualTo(JobStatus.FAILED);
    }

    @Test
    void shouldAnswerWithTheJobAsItIsWhenTheWaitEnds() {
        DeferredResult<View> result = longPolls.await(job, Duration.ofMillis(100), reads);
        reads.row.set(new View(JobStatus.RUNNING, null));

        await().atMost(Duration.ofSeconds(5)).until(result::hasResult);
        assertThat(result.getResult()).isEqualTo(new View(JobStatus.RUNNING, null));
    }

    @Test
    void shouldRefuseAWaitOverTheLimitWith503AndRetryAfter() {
        longPolls.await(job, LONG, reads);
        longPolls.await(UUID.randomUUID(), LONG, reads);

        assertThatThrownBy(() -> longPolls.await(job, LONG, reads)).isInstanceOfSatisfying(TooManyWaitsException.class,
                e -> {
                    assertThat(e.getStatusCode().value()).isEqualTo(503);
                    assertThat(e.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("1");
                    assertThat(e.getBody().getType()).isEqualTo(TooManyWaitsException.TYPE);
                    assertThat(e.getBody().getDetail()).contains("max-open-waits");
                });
        assertThat(longPolls.await(job, Duration.ZERO, reads).hasResult()).as("a poll without wait").isTrue();
        assertThat(meters.get(LongPolls.REFUSED).counter().count()).isOne();
    }

    @Test
    void shouldLetNoWaitBehindWhenTheFirstReadFails() {
        reads.row.set(null);

        assertThatThrownBy(() -> longPolls.await(job, LONG, reads)).isInstanceOf(IllegalStateException.class);
        assertThat(longPolls.openWaits()).isZero();
        assertThat(hub.jobsListenedTo()).isZero();
    }

    @Test
    void shouldAnswerOpenWaitsAndRefuseNewOnesWhenStopping() {
        DeferredResult<View> result = longPolls.await(job, LONG, reads);
        hub.publish(event(JobStatus.RUNNING, null));

        longPolls.stop();

        assertThat(result.getResult()).as("what it knew").isEqualTo(new View(JobStatus.RUNNING, null));
        assertThatThrownBy(() -> longPolls.await(job, LONG, reads)).isInstanceOf(TooManyWaitsException.class)
                .hasMessageContaining("stopping");
    }

    private EventsProperties properties(int maxOpenWaits) {
        return new EventsProperties(Duration.ofSeconds(60), maxOpenWaits, 10, Duration.ofSeconds(15),
                Duration.ofMinutes(30), 100, Duration.ofSeconds(30), 1, Duration.ofSeconds(1));
    }

    private JobEvent event(JobStatus status, String answer) {
        return new JobEvent(job, "f", status, JobSource.LLM, null, answer, null, null, Instant.now());
    }

    /** The job as a test shows it. */
    private record View(JobStatus status, String answer) {
    }

    /** The job's row, changed by the test; each read counted. */
    private static final class Reads implements LongPolls.JobReads<View> {

        final AtomicReference<View> row = new AtomicReference<>(new View(JobStatus.QUEUED, null));
        final AtomicInteger count = new AtomicInteger();

        @Override
        public View read() {
            count.incrementAndGet();
            View now = row.get();
            if (now == null) {
                throw new IllegalStateException("PostgreSQL is away");
            }
            return now;
        }

        @Override
        public boolean ended(View job) {
            return job.status().isTerminal();
        }

        @Override
        public View withEvent(View job, JobEvent event) {
            return job.status().isTerminal() ? job : new View(event.status(), event.answer());
        }
    }
}
