package io.askflow.pipeline.webhook;

import io.askflow.core.job.JobEventType;
import io.askflow.core.job.JobSubmitted;
import io.askflow.core.store.Dated;
import io.askflow.core.store.DeliveryStore;
import io.askflow.core.store.DeliveryStore.Attempt;
import io.askflow.core.store.DeliveryStore.Delivery;
import io.askflow.core.store.DeliveryStore.DeliveryOutcome;
import io.askflow.core.store.DeliveryStore.DeliveryStatus;
import io.askflow.core.store.DeliveryStore.DeliveryView;
import io.askflow.core.store.DeliveryStore.NewDelivery;
import io.askflow.core.store.JobStore;
import io.askflow.pipeline.support.Messages;
import io.askflow.pipeline.support.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

import static io.askflow.pipeline.support.Messages.T0;
import static org.assertj.core.api.Assertions.assertThat;

class DeliveryStoreTest {

    private static final Duration LEASE = Duration.ofMinutes(1);

    private static TestDatabase db;
    private static DeliveryStore store;
    private static JobStore jobs;

    @BeforeAll
    static void database() {
        db = TestDatabase.create("pipeline_webhook_deliveries");
        store = new DeliveryStore(db.jdbc());
        jobs = new JobStore(db.jdbc());
    }

    @AfterAll
    static void dropDatabase() {
        db.close();
    }

    @BeforeEach
    void empty() {
        db.jdbc().update("delete from webhook_deliveries");
    }

    @Test
    void shouldCreateEachDeliveryOnce() {
        UUID job = job();
        NewDelivery delivery = delivery("msg_1", job, "https://a.example.com/hook");

        store.create(List.of(delivery));
        store.create(List.of(delivery, delivery("msg_2", job, "https://a.example.com/hook")));

        assertThat(store.forJob(job)).extracting(DeliveryView::id).containsExactly("msg_1", "msg_2");
        assertThat(store.forJob(job).get(0)).satisfies(view -> {
            assertThat(view.status()).isEqualTo(DeliveryStatus.PENDING);
            assertThat(view.nextAttemptAt()).isEqualTo(T0);
            assertThat(view.attempts()).isEmpty();
        });
        assertThat(store.countPending()).isEqualTo(2);
    }

    @Test
    void shouldClaimOnlyDueDeliveriesAndGiveBackAClaimWhoseLeaseRanOut() {
        UUID job = job();
        store.create(List.of(delivery("msg_due", job, "https://a.example.com/"),
                new NewDelivery("msg_later", job, null, "https://a.example.com/", JobEventType.JOB_COMPLETED, "{}",
                        T0.plusSeconds(60))));

        List<Delivery> claimed = store.claimDue(10, T0.plusSeconds(1), LEASE);

        assertThat(claimed).extracting(Delivery::id).containsExactly("msg_due");
        assertThat(claimed.get(0)).satisfies(d -> {
            assertThat(d.receiver()).isEqualTo("a.example.com:443");
            assertThat(d.nextAttempt()).isEqualTo(1);
            assertThat(d.payload()).isEqualTo("{}");
        });
        assertThat(store.claimDue(10, T0.plusSeconds(2), LEASE)).isEmpty();
        assertThat(store.claimDue(10, T0.plusSeconds(1).plus(LEASE), LEASE)).extracting(Delivery::id)
                .containsExactlyInAnyOrder("msg_due", "msg_later");
    }

    @Test
    void shouldNeverHandOneDeliveryToTwoConcurrentClaims() {
        UUID job = job();
        store.create(IntStream.range(0, 200).mapToObj(i -> delivery("msg_c" + i, job, "https://h" + i % 7
                + ".example.com/")).toList());
        List<String> claimed = Collections.synchronizedList(new ArrayList<>());

        CompletableFuture.allOf(IntStream.range(0, 4).mapToObj(i -> CompletableFuture.runAsync(() -> {
            List<Delivery> batch;
            do {
                batch = store.claimDue(7, T0.plusSeconds(1), LEASE);
                batch.forEach(d -> claimed.add(d.id()));
            } while (!batch.isEmpty());
        })).toArray(CompletableFuture[]::new)).join();

        assertThat(claimed).hasSize(200).doesNotHaveDuplicates();
    }

    @Test
    void shouldLetReceiversTakeTurnsAndSkipBusyOnes() {
        UUID job = job();
        List<NewDelivery> deliveries = new ArrayList<>();
        IntStream.range(0, 10).forEach(i -> deliveries.add(delivery("msg_slow" + i, job, "http://slow.example.com/")));
        deliveries.add(delivery("msg_fast0", job, "http://fast.example.com:8080/"));
        deliveries.add(delivery("msg_fast1", job, "http://fast.example.com:8080/x"));
        store.create(deliveries);

        assertThat(store.claimDue(4, 2, Map.of(), T0, LEASE)).extracting(Delivery::id)
                .containsExactlyInAnyOrder("msg_slow0", "msg_slow1", "msg_fast0", "msg_fast1");
        store.release(List.of("msg_slow0", "msg_slow1", "msg_fast0", "msg_fast1"));
        assertThat(store.claimDue(10, 3, Map.of("slow.example.com:80", 3, "fast.example.com:8080", 2), T0, LEASE))
                .as("no free slot for slow, one for fast").extracting(Delivery::id).containsExactly("msg_fast0");
        assertThat(store.claimDue(10, 3, Map.of("slow.example.com:80", 1), T0, LEASE)).extracting(Delivery::id)
                .containsExactlyInAnyOrder("msg_slow0", "msg_slow1", "msg_fast1");
    }

    @Test
    void shouldRecordAttemptsAndMoveTheDeliveryOn() {
        UUID job = job();
        store.create(List.of(delivery("msg_r", job, "https://a.example.com/")));
        Delivery first = store.claimDue(1, T0, LEASE).get(0);
        Instant retryAt = T0.plusSeconds(5);

        assertThat(store.recordAttempt(first.id(), new Attempt(first.nextAttempt(), T0, 503, 12, "503 Service"
                + " Unavailable"), DeliveryOutcome.retryAt(retryAt))).isTrue();
        assertThat(store.recordAttempt(first.id(), new Attempt(1, T0, 200, 3, null), DeliveryOutcome.delivered()))
                .as("a second attempt 1, from a claim whose lease ran out").isFalse();
        assertThat(store.claimDue(1, T0.plusSeconds(4), LEASE)).isEmpty();
        Delivery second = store.claimDue(1, retryAt, LEASE).get(0);
        assertThat(second.nextAttempt()).isEqualTo(2);
        assertThat(store.recordAttempt(second.id(), new Attempt(2, retryAt, 204, 7, null),
                DeliveryOutcome.delivered())).isTrue();

        DeliveryView view = store.forJob(job).get(0);
        assertThat(view.status()).isEqualTo(DeliveryStatus.DELIVERED);
        assertThat(view.deliveredAt()).isEqualTo(retryAt);
        assertThat(view.nextAttemptAt()).isNull();
        assertThat(view.lastStatusCode()).isEqualTo(204);
        assertThat(view.lastError()).isNull();
        assertThat(view.attempts()).extracting(DeliveryStore.AttemptView::statusCode).containsExactly(503, 204);
        assertThat(view.attempts().get(0).error()).isEqualTo("503 Service Unavailable");
        assertThat(store.countByStatus()).containsEntry(DeliveryStatus.DELIVERED, 1L)
                .containsEntry(DeliveryStatus.PENDING, 0L).containsEntry(DeliveryStatus.FAILED, 0L);
    }

    @Test
    void shouldRedeliverAFailedDeliveryWithItsScheduleStartedOver() {
        UUID job = job();
        store.create(List.of(delivery("msg_f", job, "https://a.example.com/")));
        Delivery claimed = store.claimDue(1, T0, LEASE).get(0);
        store.recordAttempt(claimed.id(), new Attempt(1, T0, 410, 5, "410 Gone"), DeliveryOutcome.failed());
        Instant later = T0.plusSeconds(3600);

        DeliveryView redelivered = store.redeliver(job, "msg_f", later).orElseThrow();

        assertThat(redelivered.status()).isEqualTo(DeliveryStatus.PENDING);
        assertThat(redelivered.nextAttemptAt()).isEqualTo(later);
        assertThat(redelivered.attempts()).hasSize(1);
        Delivery again = store.claimDue(1, later, LEASE).get(0);
        assertThat(again.id()).isEqualTo("msg_f");
        assertThat(again.nextAttempt()).isEqualTo(2);
        assertThat(again.scheduleAttempts()).isZero();
        assertThat(store.redeliver(job(), "msg_f", later)).as("another job's delivery").isEmpty();
        assertThat(store.redeliver(job, "msg_unknown", later)).isEmpty();
    }

    @Test
    void shouldFailAPendingDeliveryWithItsReason() {
        UUID job = job();
        store.create(List.of(delivery("msg_x", job, "https://a.example.com/")));

        assertThat(store.fail("msg_x", "the endpoint is disabled", T0)).isTrue();

        assertThat(store.forJob(job).get(0)).satisfies(view -> {
            assertThat(view.status()).isEqualTo(DeliveryStatus.FAILED);
            assertThat(view.lastError()).isEqualTo("the endpoint is disabled");
        });
        assertThat(store.claimDue(1, T0.plusSeconds(1), LEASE)).isEmpty();
    }

    @Test
    void shouldKeyReceiversByHostAndPort() {
        assertThat(DeliveryStore.receiver("https://Hooks.Example.com/a?b")).isEqualTo("hooks.example.com:443");
        assertThat(DeliveryStore.receiver("http://127.0.0.1:8080/")).isEqualTo("127.0.0.1:8080");
        assertThat(DeliveryStore.receiver("http://[::1]/")).isEqualTo("[::1]:80");
    }

    private static NewDelivery delivery(String id, UUID job, String url) {
        return new NewDelivery(id, job, null, url, JobEventType.JOB_COMPLETED, "{}", T0);
    }

    private static UUID job() {
        JobSubmitted job = Messages.job("q " + UUID.randomUUID());
        jobs.insert(List.of(new Dated<>(job, T0)));
        return job.jobId();
    }
}
