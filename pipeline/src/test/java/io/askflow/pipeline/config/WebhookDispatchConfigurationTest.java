package io.askflow.pipeline.config;

import com.sun.net.httpserver.HttpServer;
import io.askflow.core.job.JobEvent;
import io.askflow.core.job.JobEventType;
import io.askflow.core.job.JobSource;
import io.askflow.core.job.JobSubmitted;
import io.askflow.core.job.JobWebhook;
import io.askflow.core.store.Dated;
import io.askflow.core.store.DeliveryStore;
import io.askflow.core.store.DeliveryStore.DeliveryStatus;
import io.askflow.core.store.JobStore;
import io.askflow.core.topic.Topics;
import io.askflow.core.topic.TopicsConfiguration;
import io.askflow.core.webhook.WebhookSigner;
import io.askflow.pipeline.support.Messages;
import io.askflow.pipeline.support.TestDatabase;
import io.askflow.pipeline.webhook.DeliveryDispatcher;
import io.askflow.pipeline.webhook.WebhookMetrics;
import io.askflow.testing.Infrastructure;
import io.askflow.testing.Infrastructures;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The webhook wiring on real Kafka and PostgreSQL with a real receiver: job events read from
 * {@code askflow.job-events} become signed deliveries, each job's exactly once.
 */
class WebhookDispatchConfigurationTest {

    /**
     * Its own Kafka (and the shared PostgreSQL's database of its own): the thousand job events it publishes name
     * jobs no other test's database has, and would hold the job events sink of a later test on the shared broker
     * waiting for their rows.
     */
    private static final Infrastructure infra = Infrastructures.start();
    private static final String SECRET = WebhookSigner.newSecret();
    private static final int JOBS = 1_000;
    private static final Pattern JOB_ID = Pattern.compile("\"data\":\\{\"job\":\\{\"id\":\"([0-9a-f-]{36})\"");

    private static TestDatabase db;
    private static HttpServer receiver;
    private static ExecutorService receiverThreads;
    private static final Map<String, AtomicInteger> BY_WEBHOOK_ID = new ConcurrentHashMap<>();
    private static final Map<String, AtomicInteger> BY_JOB = new ConcurrentHashMap<>();
    private static final AtomicInteger BAD_SIGNATURES = new AtomicInteger();

    @BeforeAll
    static void start() throws IOException {
        db = TestDatabase.create("pipeline_webhook_dispatch");
        receiverThreads = Executors.newFixedThreadPool(16);
        receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 200);
        receiver.setExecutor(receiverThreads);
        receiver.createContext("/hooks", exchange -> {
            try (exchange; InputStream in = exchange.getRequestBody()) {
                String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                try {
                    new com.standardwebhooks.Webhook(SECRET).verify(body, exchange.getRequestHeaders());
                } catch (Exception e) {
                    BAD_SIGNATURES.incrementAndGet();
                }
                BY_WEBHOOK_ID.computeIfAbsent(exchange.getRequestHeaders().getFirst("webhook-id"),
                        id -> new AtomicInteger()).incrementAndGet();
                Matcher job = JOB_ID.matcher(body);
                BY_JOB.computeIfAbsent(job.find() ? job.group(1) : "?", id -> new AtomicInteger()).incrementAndGet();
                exchange.sendResponseHeaders(204, -1);
            }
        });
        receiver.start();
    }

    @AfterAll
    static void stop() {
        receiver.stop(0);
        receiverThreads.shutdownNow();
        db.close();
        infra.close();
    }

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(KafkaAutoConfiguration.class, DataSourceAutoConfiguration.class,
                    JdbcTemplateAutoConfiguration.class))
            .withUserConfiguration(TopicsConfiguration.class, WebhookDispatchConfiguration.class)
            .withBean(MeterRegistry.class, SimpleMeterRegistry::new)
            .withPropertyValues("spring.kafka.bootstrap-servers=" + infra.kafkaBootstrapServers(),
                    "spring.kafka.consumer.auto-offset-reset=latest",
                    "spring.datasource.url=" + db.url(), "spring.datasource.username=" + infra.jdbcUsername(),
                    "spring.datasource.password=" + infra.jdbcPassword(), "askflow.topics.partitions=2",
                    "askflow.topics.replication-factor=1", "askflow.topics.min-insync-replicas=1",
                    "askflow.topics.allow-unreplicated=true",
                    "askflow.webhooks.allowed-networks=127.0.0.0/8", "askflow.webhooks.signing-secret=" + SECRET,
                    "askflow.webhooks.dispatcher.group-id=webhooks-test-" + UUID.randomUUID(),
                    "askflow.webhooks.dispatcher.concurrency=16",
                    "askflow.webhooks.dispatcher.per-receiver-concurrency=8");

    @Test
    void shouldDeliverEveryJobsWebhookExactlyOnceFromTheJobEventsTopic() {
        runner.run(context -> {
            assertThat(context).hasNotFailed().hasSingleBean(DeliveryDispatcher.class);
            @SuppressWarnings("unchecked")
            ConcurrentMessageListenerContainer<String, JobEvent> container =
                    context.getBean("webhookPlannerContainer", ConcurrentMessageListenerContainer.class);
            await().atMost(Duration.ofSeconds(30)).until(() -> !container.getAssignedPartitions().isEmpty());
            JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
            JobStore jobs = new JobStore(jdbc);
            String url = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hooks";
            List<JobEvent> events = queuedJobs(jobs, url);

            try (KafkaProducer<String, JobEvent> producer = producer()) {
                events.forEach(event -> producer.send(new ProducerRecord<>(Topics.JOB_EVENTS.name(),
                        event.jobId().toString(), event)));
            }
            // the job events sink writes the rows meanwhile: the listener waits for each row to show its event
            jobs.apply(events.stream().map(event -> new Dated<>(event, event.at())).toList());

            await().atMost(Duration.ofSeconds(30)).until(() -> BY_JOB.size() >= JOBS);
            DeliveryStore deliveries = context.getBean(DeliveryStore.class);
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> deliveries.countByStatus().get(DeliveryStatus.DELIVERED) == JOBS);
            assertThat(BY_JOB).hasSize(JOBS).allSatisfy((job, count) -> assertThat(count).as(job).hasValue(1));
            assertThat(BY_WEBHOOK_ID).hasSize(JOBS).allSatisfy((id, count) -> assertThat(count).as(id).hasValue(1));
            assertThat(BAD_SIGNATURES).hasValue(0);
            assertThat(deliveries.countByStatus()).containsEntry(DeliveryStatus.PENDING, 0L)
                    .containsEntry(DeliveryStatus.FAILED, 0L);
            MeterRegistry registry = context.getBean(MeterRegistry.class);
            assertThat(registry.get(WebhookMetrics.DELIVERIES).tag("outcome", "delivered").counter().count())
                    .isEqualTo(JOBS);
            assertThat(registry.get(WebhookMetrics.PENDING).gauge().value()).isZero();
        });
    }

    /** Jobs with a webhook, their rows QUEUED, and the COMPLETED event of each. */
    private static List<JobEvent> queuedJobs(JobStore jobs, String url) {
        List<Dated<JobSubmitted>> submitted = new ArrayList<>();
        List<JobEvent> events = new ArrayList<>();
        for (int i = 0; i < JOBS; i++) {
            JobSubmitted job = Messages.job("question " + i + " " + UUID.randomUUID())
                    .withWebhook(new JobWebhook(url, Set.of(JobEventType.JOB_COMPLETED)));
            submitted.add(new Dated<>(job, Messages.T0));
            events.add(JobEvent.completed(job.jobId(), job.fingerprint(), JobSource.LLM, UUID.randomUUID(),
                    "answer " + i, Messages.TOKENS, Messages.T0.plusSeconds(5)));
        }
        jobs.insert(submitted);
        return events;
    }

    private static KafkaProducer<String, JobEvent> producer() {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.kafkaBootstrapServers(),
                ProducerConfig.LINGER_MS_CONFIG, 5), new StringSerializer(), Topics.JOB_EVENTS.valueSerde().serializer());
    }
}
