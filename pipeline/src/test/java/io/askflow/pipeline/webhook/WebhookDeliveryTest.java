package io.askflow.pipeline.webhook;

import com.zaxxer.hikari.HikariDataSource;
import io.askflow.core.job.JobEvent;
import io.askflow.core.job.JobEventType;
import io.askflow.core.job.JobSource;
import io.askflow.core.job.JobSubmitted;
import io.askflow.core.job.JobWebhook;
import io.askflow.core.json.Json;
import io.askflow.core.store.Dated;
import io.askflow.core.store.DeliveryStore;
import io.askflow.core.store.DeliveryStore.DeliveryStatus;
import io.askflow.core.store.DeliveryStore.DeliveryView;
import io.askflow.core.store.JobStore;
import io.askflow.core.store.WebhookEndpointStore;
import io.askflow.core.store.WebhookEndpointStore.Endpoint;
import io.askflow.core.tenant.Tenants;
import io.askflow.core.topic.Topics;
import io.askflow.core.webhook.Cidr;
import io.askflow.core.webhook.ReceiverAddresses;
import io.askflow.core.webhook.WebhookSigner;
import io.askflow.pipeline.support.Messages;
import io.askflow.pipeline.support.Records;
import io.askflow.pipeline.support.TestDatabase;
import io.askflow.pipeline.webhook.TestReceiver.Answer;
import io.askflow.testing.Infrastructures;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static io.askflow.pipeline.support.Messages.TOKENS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The dispatcher on real parts: PostgreSQL, a real HTTP receiver on 127.0.0.1, signatures checked by the reference
 * Standard Webhooks library. Job events are handed to the listener directly (the broker test reads them from Kafka).
 */
class WebhookDeliveryTest {

    private static final String JOB_SECRET = WebhookSigner.newSecret();
    private static final Duration AWAIT = Duration.ofSeconds(15);
    private static final List<Duration> FAST = List.of(Duration.ZERO, Duration.ofMillis(100), Duration.ofMillis(100),
            Duration.ofMillis(100), Duration.ofMillis(100));

    private static TestDatabase db;
    private static HikariDataSource pool;
    private static JdbcTemplate jdbc;
    private static JobStore jobs;
    private static DeliveryStore deliveries;
    private static WebhookEndpointStore endpoints;

    /** Names only this test knows: the system resolver cannot answer them, so a second look-up would fail. */
    private static final Map<String, String> DNS = Map.of("receiver.test", "127.0.0.1",
            "hooks.internal.test", "10.0.0.5", "metadata.internal.test", "169.254.169.254");
    private final AtomicInteger lookups = new AtomicInteger();
    private final ReceiverAddresses guard = new ReceiverAddresses(List.of(Cidr.parse("127.0.0.0/8")), host -> {
        lookups.incrementAndGet();
        String address = DNS.get(host);
        if (address == null) {
            throw new UnknownHostException(host);
        }
        return new InetAddress[] {InetAddress.getByName(address)};
    });

    private final TestReceiver receiver = TestReceiver.start();
    private final List<WebhookDispatch> started = Collections.synchronizedList(new ArrayList<>());

    @BeforeAll
    static void database() {
        db = TestDatabase.create("pipeline_webhook_delivery");
        pool = new HikariDataSource();
        pool.setJdbcUrl(db.url());
        pool.setUsername(Infrastructures.shared().jdbcUsername());
        pool.setPassword(Infrastructures.shared().jdbcPassword());
        pool.setMaximumPoolSize(8);
        jdbc = new JdbcTemplate(pool);
        jobs = new JobStore(jdbc);
        deliveries = new DeliveryStore(jdbc);
        endpoints = new WebhookEndpointStore(jdbc);
    }

    @AfterAll
    static void dropDatabase() {
        pool.close();
        db.close();
    }

    @AfterEach
    void stop() {
        receiver.close(); // first: a hanging answer ends, so that no dispatcher waits for it
        started.forEach(dispatch -> dispatch.dispatcher().close());
        jdbc.update("delete from webhook_deliveries");
        jdbc.update("delete from webhook_endpoints");
    }

    @Test
    void shouldSignEveryDeliverySoThatTheReferenceVerifierAcceptsIt() throws Exception {
        Endpoint endpoint = endpoints.create(receiver.url("/registered"), Set.of(JobEventType.JOB_COMPLETED), null,
                Instant.now());
        Endpoint rotated = endpoints.rotate(endpoint.id(), Duration.ofHours(1), Instant.now()).orElseThrow();
        WebhookDispatch dispatch = dispatch(DispatcherProperties.defaults());
        JobSubmitted job = completed(receiver.url("/own"));

        dispatch.planner().onMessage(events(job));

        await().atMost(AWAIT).until(() -> receiver.received().size() == 2);
        TestReceiver.Received own = receiver.received("/own").get(0);
        own.verify(JOB_SECRET);
        TestReceiver.Received registered = receiver.received("/registered").get(0);
        registered.verify(rotated.secret());
        registered.verify(endpoint.secret()); // the old secret still signs during the grace period
        assertThat(registered.header("webhook-signature").split(" ")).hasSize(2);
        assertThat(own.id()).isEqualTo(DeliveryIds.forJobWebhook(job.jobId(), JobEventType.JOB_COMPLETED))
                .isNotEqualTo(registered.id());
        assertThat(Long.parseLong(own.header("webhook-timestamp"))).isCloseTo(Instant.now().getEpochSecond(),
                org.assertj.core.data.Offset.offset(60L));
        assertThat(own.header("content-type")).isEqualTo("application/json");
        JsonNode body = Json.MAPPER.readTree(own.body());
        assertThat(body.get("type").asString()).isEqualTo("job.completed");
        assertThat(body.get("timestamp").asString()).isEqualTo("2026-01-01T10:00:05Z");
        JsonNode data = body.get("data").get("job");
        assertThat(data.get("id").asString()).isEqualTo(job.jobId().toString());
        assertThat(data.get("status").asString()).isEqualTo("COMPLETED");
        assertThat(data.get("answer").asString()).isEqualTo("A log.");
        assertThat(data.get("tokens").get("completionTokens").asLong()).isEqualTo(34);
        assertThat(data.get("metadata").get("caller").asString()).isEqualTo("test");
        assertThat(registered.body()).isEqualTo(own.body());
        awaitStatus(job.jobId(), DeliveryStatus.DELIVERED, DeliveryStatus.DELIVERED);
    }

    @Test
    void shouldTellAnEndpointOfItsOwnTenantsJobsOnly() {
        endpoints.create("tenant-a", receiver.url("/a"), Set.of(JobEventType.JOB_COMPLETED), null, Instant.now());
        endpoints.create("tenant-b", receiver.url("/b"), Set.of(JobEventType.JOB_COMPLETED), null, Instant.now());
        WebhookDispatch dispatch = dispatch(DispatcherProperties.defaults());
        JobSubmitted ofA = completed(null, "tenant-a");

        dispatch.planner().onMessage(events(ofA));

        await().atMost(AWAIT).until(() -> receiver.received("/a").size() == 1);
        assertThat(jdbc.queryForList("select url from webhook_deliveries where job_id = ?", String.class, ofA.jobId()))
                .containsExactly(receiver.url("/a"));
        assertThat(receiver.received("/b")).isEmpty();
    }

    @Test
    void shouldConnectToTheCheckedAddressWithoutASecondLookUp() {
        WebhookDispatch dispatch = dispatch(DispatcherProperties.defaults());
        String url = "http://receiver.test:" + receiver.port() + "/named";
        JobSubmitted job = completed(url);

        dispatch.planner().onMessage(events(job));

        await().atMost(AWAIT).until(() -> receiver.received("/named").size() == 1);
        assertThat(receiver.received("/named").get(0).header("host")).isEqualTo("receiver.test:" + receiver.port());
        assertThat(lookups).hasValue(1);
        awaitStatus(job.jobId(), DeliveryStatus.DELIVERED);
    }

    @Test
    void shouldDeliverOnceWithTheSameIdAfterAReceiverFailedThreeTimes() {
        receiver.answer("/flaky", n -> n <= 3 ? Answer.status(n == 1 ? 500 : n == 2 ? 502 : 503) : Answer.status(200));
        WebhookDispatch dispatch = dispatch(DispatcherProperties.defaults().withSchedule(FAST));
        JobSubmitted job = completed(receiver.url("/flaky"));

        dispatch.planner().onMessage(events(job));
        dispatch.planner().onMessage(events(job)); // read twice: nothing more

        DeliveryView view = awaitStatus(job.jobId(), DeliveryStatus.DELIVERED).get(0);
        await().during(Duration.ofMillis(500)).atMost(AWAIT).until(() -> receiver.received("/flaky").size() == 4);
        assertThat(receiver.received("/flaky")).extracting(TestReceiver.Received::id).containsOnly(view.id());
        assertThat(view.attempts()).extracting(DeliveryStore.AttemptView::statusCode).containsExactly(500, 502, 503,
                200);
        assertThat(view.attempts()).extracting(DeliveryStore.AttemptView::attempt).containsExactly(1, 2, 3, 4);
        assertThat(view.attemptCount()).isEqualTo(4);
    }

    @Test
    void shouldFailADeliveryOutOfAttemptsAndRedeliverIt() {
        receiver.answer("/down", n -> n <= 5 ? Answer.status(500) : Answer.status(204));
        WebhookDispatch dispatch = dispatch(DispatcherProperties.defaults().withSchedule(FAST));
        JobSubmitted job = completed(receiver.url("/down"));

        dispatch.planner().onMessage(events(job));

        DeliveryView failed = awaitStatus(job.jobId(), DeliveryStatus.FAILED).get(0);
        assertThat(failed.attempts()).hasSize(5);
        assertThat(failed.lastError()).isEqualTo("500 Internal Server Error");
        deliveries.redeliver(job.jobId(), failed.id(), Instant.now());
        dispatch.dispatcher().wake();
        assertThat(awaitStatus(job.jobId(), DeliveryStatus.DELIVERED).get(0).attempts()).hasSize(6);
    }

    @Test
    void shouldDisableAnEndpointThatAnswersGone() {
        receiver.answer("/gone", n -> Answer.status(410));
        Endpoint endpoint = endpoints.create(receiver.url("/gone"), Set.of(JobEventType.JOB_COMPLETED), null,
                Instant.now());
        WebhookDispatch dispatch = dispatch(DispatcherProperties.defaults().withSchedule(FAST));
        JobSubmitted job = completed(null);

        dispatch.planner().onMessage(events(job));

        DeliveryView view = awaitStatus(job.jobId(), DeliveryStatus.FAILED).get(0);
        assertThat(view.attempts()).hasSize(1);
        assertThat(view.lastStatusCode()).isEqualTo(410);
        Endpoint disabled = endpoints.find(endpoint.id()).orElseThrow();
        assertThat(disabled.active()).isFalse();
        assertThat(disabled.disabledReason()).contains("410 Gone");
        JobSubmitted next = completed(null);
        dispatch.planner().onMessage(events(next));
        assertThat(deliveries.forJob(next.jobId())).isEmpty();
        assertThat(receiver.received("/gone")).hasSize(1);
    }

    @Test
    void shouldNeverFollowARedirect() {
        receiver.answer("/moved", n -> new Answer(302, Map.of("Location", receiver.url("/target")), false));
        WebhookDispatch dispatch = dispatch(DispatcherProperties.defaults().withSchedule(List.of(Duration.ZERO,
                Duration.ofMillis(100))));
        JobSubmitted job = completed(receiver.url("/moved"));

        dispatch.planner().onMessage(events(job));

        DeliveryView view = awaitStatus(job.jobId(), DeliveryStatus.FAILED).get(0);
        assertThat(view.attempts()).extracting(DeliveryStore.AttemptView::statusCode).containsExactly(302, 302);
        assertThat(view.lastError()).contains("302").contains("never followed").contains("/target");
        assertThat(receiver.received("/target")).isEmpty();
    }

    @Test
    void shouldFailAtOnceAHostThatResolvesToAPrivateAddress() {
        WebhookDispatch dispatch = dispatch(DispatcherProperties.defaults().withSchedule(FAST));
        JobSubmitted toPrivate = completed("https://hooks.internal.test/hook");
        JobSubmitted toMetadata = completed("http://metadata.internal.test/latest/meta-data/");

        dispatch.planner().onMessage(events(toPrivate, toMetadata));

        DeliveryView refused = awaitStatus(toPrivate.jobId(), DeliveryStatus.FAILED).get(0);
        assertThat(refused.attempts()).hasSize(1);
        assertThat(refused.lastStatusCode()).isNull();
        assertThat(refused.lastError()).contains("resolves to 10.0.0.5").contains("private");
        assertThat(awaitStatus(toMetadata.jobId(), DeliveryStatus.FAILED).get(0).lastError())
                .contains("169.254.169.254").contains("link-local");
    }

    @Test
    void shouldSendARetryScheduledBeforeTheDispatcherRestarted() {
        receiver.answer("/restart", n -> n == 1 ? Answer.status(503) : Answer.status(200));
        DispatcherProperties properties = DispatcherProperties.defaults().withSchedule(List.of(Duration.ZERO,
                Duration.ofMillis(1500))).withPollInterval(Duration.ofMillis(200));
        WebhookDispatch first = dispatch(properties);
        JobSubmitted job = completed(receiver.url("/restart"));
        first.planner().onMessage(events(job));
        await().atMost(AWAIT).until(() -> deliveries.forJob(job.jobId()).get(0).attempts().size() == 1);

        first.dispatcher().close();
        assertThat(deliveries.forJob(job.jobId()).get(0).status()).isEqualTo(DeliveryStatus.PENDING);
        WebhookDispatch second = dispatch(properties);

        DeliveryView view = awaitStatus(job.jobId(), DeliveryStatus.DELIVERED).get(0);
        assertThat(view.attempts()).extracting(DeliveryStore.AttemptView::statusCode).containsExactly(503, 200);
        assertThat(receiver.received("/restart")).extracting(TestReceiver.Received::id).containsOnly(view.id())
                .hasSize(2);
        assertThat(second.dispatcher().isRunning()).isTrue();
    }

    @Test
    void shouldKeepDeliveringToOthersWhileOneReceiverHangs() {
        receiver.answer("/hang", n -> Answer.hanging());
        WebhookDispatch dispatch = dispatch(DispatcherProperties.defaults().withConcurrency(8, 2)
                .withTimeout(Duration.ofSeconds(5), Duration.ofSeconds(10)));
        List<JobSubmitted> hanging = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            hanging.add(completed(receiver.url("/hang")));
        }
        dispatch.planner().onMessage(events(hanging.toArray(JobSubmitted[]::new)));
        await().atMost(AWAIT).until(() -> receiver.received("/hang").size() == 2);
        List<JobSubmitted> others = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            others.add(completed("http://receiver.test:" + receiver.port() + "/fast"));
        }

        Instant sent = Instant.now();
        dispatch.planner().onMessage(events(others.toArray(JobSubmitted[]::new)));

        await().atMost(Duration.ofSeconds(4)).until(() -> receiver.received("/fast").size() == 20);
        assertThat(Duration.between(sent, Instant.now())).as("not behind the hanging attempts' 5 s timeout")
                .isLessThan(Duration.ofSeconds(4));
        assertThat(receiver.received("/hang")).as("at most 2 at once to the hanging receiver").hasSize(2);
    }

    @Test
    void shouldWaitForTheJobRowToShowTheEvent() {
        WebhookDispatch dispatch = dispatch(DispatcherProperties.defaults());
        JobSubmitted job = Messages.job("q " + UUID.randomUUID()).withWebhook(new JobWebhook(receiver.url("/late"),
                null));
        jobs.insert(List.of(new Dated<>(job, Messages.T0)));
        JobEvent done = completedEvent(job);
        // the job events sink writes the row a little after the listener read the event
        CompletableFuture.runAsync(() -> jobs.apply(List.of(new Dated<>(done, done.at()))),
                CompletableFuture.delayedExecutor(200, TimeUnit.MILLISECONDS));

        dispatch.planner().onMessage(Records.batch(Topics.JOB_EVENTS.name(), done));

        awaitStatus(job.jobId(), DeliveryStatus.DELIVERED);
        assertThatThrownBy(() -> dispatch.planner().onMessage(Records.batch(Topics.JOB_EVENTS.name(),
                completedEvent(Messages.job("no row"))))).isInstanceOf(PlanningFailure.RowBehind.class);
    }

    private WebhookDispatch dispatch(DispatcherProperties properties) {
        WebhookDispatch dispatch = new WebhookDispatch(properties, guard, JOB_SECRET, jdbc, pool, deliveries,
                endpoints, new WebhookMetrics(new SimpleMeterRegistry(), deliveries), Clock.systemUTC());
        started.add(dispatch);
        dispatch.dispatcher().start();
        return dispatch;
    }

    /** A COMPLETED job with its own webhook to {@code url} ({@code null}: none), its row written as the sink would. */
    private static JobSubmitted completed(String url) {
        return completed(url, Tenants.DEFAULT);
    }

    private static JobSubmitted completed(String url, String tenant) {
        JobSubmitted job = Messages.job("q " + UUID.randomUUID()).ownedBy(tenant);
        if (url != null) {
            job = job.withWebhook(new JobWebhook(url, Set.of(JobEventType.JOB_COMPLETED)));
        }
        jobs.insert(List.of(new Dated<>(job, Messages.T0)));
        JobEvent done = completedEvent(job);
        jobs.apply(List.of(new Dated<>(done, done.at())));
        return job;
    }

    private static JobEvent completedEvent(JobSubmitted job) {
        return JobEvent.completed(job.jobId(), job.fingerprint(), JobSource.LLM, UUID.randomUUID(), "A log.", TOKENS,
                Messages.T0.plusSeconds(5));
    }

    private static List<org.apache.kafka.clients.consumer.ConsumerRecord<String, JobEvent>> events(
            JobSubmitted... completedJobs) {
        return Records.batch(Topics.JOB_EVENTS.name(), java.util.Arrays.stream(completedJobs)
                .map(WebhookDeliveryTest::completedEvent).toArray(JobEvent[]::new));
    }

    private static List<DeliveryView> awaitStatus(UUID jobId, DeliveryStatus... statuses) {
        return await().atMost(AWAIT).until(() -> deliveries.forJob(jobId), views -> views.size() == statuses.length
                && views.stream().map(DeliveryView::status).toList().equals(List.of(statuses)));
    }
}
