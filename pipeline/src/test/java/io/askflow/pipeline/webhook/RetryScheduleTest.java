package io.askflow.pipeline.webhook;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.random.RandomGenerator;

import static io.askflow.pipeline.support.Messages.T0;
import static org.assertj.core.api.Assertions.assertThat;

class RetryScheduleTest {

    private final RetrySchedule schedule = RetrySchedule.of(DispatcherProperties.defaults());

    @Test
    void shouldFollowTheStandardWebhooksScheduleWithinItsJitter() {
        List<Duration> pauses = DispatcherProperties.defaults().schedule();
        for (int made = 1; made < pauses.size(); made++) {
            Duration pause = Duration.between(T0, schedule.next(made, null, T0).orElseThrow());
            long expected = pauses.get(made).toMillis();
            assertThat(pause.toMillis()).as("after attempt %d", made).isBetween((long) (expected * 0.8),
                    (long) (expected * 1.2));
        }
        assertThat(schedule.next(10, null, T0)).as("out of attempts after the tenth").isEmpty();
        assertThat(schedule.attempts()).isEqualTo(10);
    }

    @Test
    void shouldSpreadDeliveriesThatFailedTogether() {
        assertThat(java.util.stream.IntStream.range(0, 50).mapToObj(i -> schedule.next(2, null, T0).orElseThrow())
                .distinct().count()).isGreaterThan(40);
    }

    @Test
    void shouldWaitForTheReceiversRetryAfterUpToItsCap() {
        RetrySchedule exact = new RetrySchedule(List.of(Duration.ZERO, Duration.ofSeconds(5)), 0, Duration.ofHours(1),
                RandomGenerator.getDefault());

        assertThat(exact.next(1, Duration.ofSeconds(120), T0)).contains(T0.plusSeconds(120));
        assertThat(exact.next(1, Duration.ofSeconds(1), T0)).as("sooner than the schedule").contains(T0.plusSeconds(5));
        assertThat(exact.next(1, Duration.ofDays(2), T0)).contains(T0.plus(Duration.ofHours(1)));
    }

    @Test
    void shouldReadRetryAfterInSecondsOrAsADate() {
        Instant now = Instant.parse("2026-01-01T10:00:00Z");
        assertThat(WebhookSender.retryAfter("30", now)).contains(Duration.ofSeconds(30));
        assertThat(WebhookSender.retryAfter("Thu, 01 Jan 2026 10:02:00 GMT", now)).contains(Duration.ofMinutes(2));
        assertThat(WebhookSender.retryAfter("soon", now)).isEmpty();
    }

    @Test
    void shouldNameEachEventAndReceiverOnceAndForAll() {
        java.util.UUID job = java.util.UUID.randomUUID();
        java.util.UUID endpoint = java.util.UUID.randomUUID();
        String id = DeliveryIds.forEndpoint(job, io.askflow.core.job.JobEventType.JOB_COMPLETED, endpoint);

        assertThat(id).startsWith("msg_").hasSize(36)
                .isEqualTo(DeliveryIds.forEndpoint(job, io.askflow.core.job.JobEventType.JOB_COMPLETED, endpoint))
                .isNotEqualTo(DeliveryIds.forEndpoint(job, io.askflow.core.job.JobEventType.JOB_FAILED, endpoint))
                .isNotEqualTo(DeliveryIds.forJobWebhook(job, io.askflow.core.job.JobEventType.JOB_COMPLETED));
    }
}
