package io.askflow.bench;

import com.sun.net.httpserver.HttpServer;
import com.zaxxer.hikari.HikariDataSource;
import io.askflow.core.job.JobEvent;
import io.askflow.core.job.JobEventType;
import io.askflow.core.job.JobRequest;
import io.askflow.core.job.JobSource;
import io.askflow.core.job.JobSubmitted;
import io.askflow.core.job.JobWebhook;
import io.askflow.core.step.TokenUsage;
import io.askflow.core.store.Dated;
import io.askflow.core.store.DeliveryStore;
import io.askflow.core.store.DeliveryStore.DeliveryStatus;
import io.askflow.core.store.DeliveryStore.NewDelivery;
import io.askflow.core.store.JobStore;
import io.askflow.core.store.WebhookEndpointStore;
import io.askflow.core.topic.Topics;
import io.askflow.core.webhook.Cidr;
import io.askflow.core.webhook.ReceiverAddresses;
import io.askflow.core.webhook.WebhookSigner;
import io.askflow.pipeline.PipelineApplication;
import io.askflow.pipeline.webhook.DeliveryIds;
import io.askflow.pipeline.webhook.DispatcherProperties;
import io.askflow.pipeline.webhook.WebhookDispatch;
import io.askflow.pipeline.webhook.WebhookMetrics;
import io.askflow.testing.Infrastructure;
import io.askflow.testing.Infrastructures;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.flywaydb.core.Flyway;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.listener.MessageListenerContainer;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Webhook deliveries to a local receiver (a JDK HTTP server on 127.0.0.1 answering 204 at once), on embedded
 * Kafka and PostgreSQL in this JVM.
 *
 * <ol>
 *   <li>Throughput: {@code --deliveries} deliveries are written PENDING, then one dispatcher sends them; deliveries
 *       per second from its start to the last one recorded DELIVERED, once with the default bound of 4 attempts at
 *       once per receiver and once with {@code --per-receiver} (16).</li>
 *   <li>Latency: the whole pipeline ({@code PipelineApplication}: its job events sink and the webhook listener and
 *       dispatcher) is started; {@code --rate} jobs per second for {@code --seconds} seconds get their COMPLETED job
 *       event published on {@code askflow.job-events} (their rows were written QUEUED before, as the api does); the
 *       time from each publication to its webhook's arrival at the receiver, p50 and p99, after
 *       {@code --warmup-seconds} (5) of the same load that are not counted. This includes the job
 *       events sink writing the row (the listener waits for it), not the Streams transaction that publishes a real
 *       event (up to its 100 ms commit interval under exactly-once).</li>
 * </ol>
 * Exits with 1 when a delivery is missing or arrived twice.
 *
 * <pre>
 * mvn -q install -DskipTests
 * java -cp "infra/bench/target/askflow-bench.jar:infra/bench/target/lib/*" io.askflow.bench.WebhookDeliveryBenchmark \
 *     --deliveries 5000 --per-receiver 16 --rate 100 --seconds 30
 * </pre>
 */
public final class WebhookDeliveryBenchmark {

    private static final Pattern JOB_ID = Pattern.compile("\"job\":\\{\"id\":\"([0-9a-f-]{36})\"");
    private static final String ANSWER = "A log is an append-only, totally ordered sequence of records. ".repeat(8);

    private WebhookDeliveryBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        BenchArguments options = BenchArguments.parse("WebhookDeliveryBenchmark", args, BenchArguments.defaults(
                "deliveries", "5000", "per-receiver", "16", "rate", "100", "seconds", "30", "warmup-seconds", "5"));
        System.out.printf(Locale.ROOT, "WebhookDeliveryBenchmark %s%nmachine: %d cores, Java %s, load average %.2f%n",
                options.describe(), Runtime.getRuntime().availableProcessors(), Runtime.version(),
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        boolean complete;
        try (Infrastructure infra = Infrastructures.start(); Receiver receiver = Receiver.start()) {
            complete = throughput(infra, receiver, options.positive("deliveries"), 4, "throughput_default");
            complete &= throughput(infra, receiver, options.positive("deliveries"), options.positive("per-receiver"),
                    "throughput_wide");
            complete &= latency(infra, receiver, options.positive("rate"), options.positive("seconds"),
                    options.positive("warmup-seconds"));
        }
        System.exit(complete ? 0 : 1);
    }

    private static boolean throughput(Infrastructure infra, Receiver receiver, int count, int perReceiver,
                                      String database) throws InterruptedException {
        receiver.reset();
        String url = infra.createDatabase(database);
        try (HikariDataSource pool = pool(infra, url)) {
            Flyway.configure().dataSource(pool).locations("classpath:db/migration").load().migrate();
            JdbcTemplate jdbc = new JdbcTemplate(pool);
            DeliveryStore deliveries = new DeliveryStore(jdbc);
            pending(jdbc, deliveries, receiver.url(), count);
            DispatcherProperties properties = DispatcherProperties.defaults().withConcurrency(32, perReceiver);
            WebhookDispatch dispatch = new WebhookDispatch(properties, localOnly(), WebhookSigner.newSecret(), jdbc,
                    pool, deliveries, new WebhookEndpointStore(jdbc), new WebhookMetrics(new SimpleMeterRegistry(),
                    deliveries), Clock.systemUTC());
            long start = System.nanoTime();
            dispatch.dispatcher().start();
            while (deliveries.countByStatus().get(DeliveryStatus.DELIVERED) < count) {
                Thread.sleep(20);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            dispatch.dispatcher().stop();
            System.out.printf(Locale.ROOT, "throughput, %2d per receiver: %d deliveries in %.2f s = %.0f deliveries/s;"
                    + " received %d, twice %d%n", perReceiver, count, seconds, count / seconds, receiver.arrived(),
                    receiver.duplicates());
            return receiver.arrived() == count && receiver.duplicates() == 0;
        }
    }

    /** {@code count} jobs and one PENDING delivery of each, with a payload of the size a real one has. */
    private static void pending(JdbcTemplate jdbc, DeliveryStore deliveries, String url, int count) {
        JobStore jobs = new JobStore(jdbc);
        List<Dated<JobSubmitted>> submitted = new ArrayList<>();
        List<NewDelivery> planned = new ArrayList<>();
        Instant now = Instant.now();
        for (int i = 0; i < count; i++) {
            JobSubmitted job = job(i, url);
            submitted.add(new Dated<>(job, now));
            String payload = "{\"type\":\"job.completed\",\"timestamp\":\"" + now + "\",\"data\":{\"job\":{\"id\":\""
                    + job.jobId() + "\",\"status\":\"COMPLETED\",\"answer\":\"" + ANSWER + "\"}}}";
            planned.add(new NewDelivery(DeliveryIds.forJobWebhook(job.jobId(), JobEventType.JOB_COMPLETED),
                    job.jobId(), null, url, JobEventType.JOB_COMPLETED, payload, now));
        }
        jobs.insert(submitted);
        deliveries.create(planned);
    }

    private static boolean latency(Infrastructure infra, Receiver receiver, int rate, int seconds, int warmup)
            throws Exception {
        receiver.reset();
        int measured = rate * seconds;
        int count = rate * (warmup + seconds);
        String database = infra.createDatabase("webhook_latency");
        try (ConfigurableApplicationContext pipeline = pipeline(infra, database)) {
            awaitAssigned(pipeline, "webhookPlannerContainer");
            awaitAssigned(pipeline, "jobEventsSinkContainer");
            JobStore jobs = pipeline.getBean(JobStore.class);
            List<JobSubmitted> submitted = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                submitted.add(job(i, receiver.url()));
            }
            Instant before = Instant.now();
            jobs.insert(submitted.stream().map(job -> new Dated<>(job, before)).toList());
            Map<String, Long> published = publish(infra, submitted, rate);
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            while (receiver.arrived() < count && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            long[] latencies = submitted.subList(count - measured, count).stream().map(job -> job.jobId().toString())
                    .filter(id -> receiver.arrival(id) != null).mapToLong(id -> receiver.arrival(id) - published.get(id))
                    .sorted().toArray();
            System.out.printf(Locale.ROOT, "latency at %d jobs/s for %d s after %d s of warm-up: %d jobs measured,"
                    + " received %d of %d, twice %d; COMPLETED to arrival p50 %.1f ms, p99 %.1f ms, max %.1f ms%n", rate,
                    seconds, warmup, measured, receiver.arrived(), count, receiver.duplicates(),
                    percentile(latencies, 0.50), percentile(latencies, 0.99),
                    latencies.length == 0 ? Double.NaN : latencies[latencies.length - 1] / 1e6);
            breakdown(pipeline.getBean(JdbcTemplate.class), count - measured);
            return receiver.arrived() == count && receiver.duplicates() == 0;
        }
    }

    /** Where the time goes: from the event to its delivery row (listener), and from the row to its first attempt. */
    private static void breakdown(JdbcTemplate jdbc, int warmupJobs) {
        jdbc.query("""
                select percentile_cont(0.5) within group (order by planned), percentile_cont(0.99) within group (order by planned),
                       percentile_cont(0.5) within group (order by sent), percentile_cont(0.99) within group (order by sent)
                from (select extract(epoch from d.created_at - j.completed_at) * 1000 as planned,
                             extract(epoch from a.at - d.created_at) * 1000 as sent
                      from webhook_deliveries d join jobs j on j.id = d.job_id
                      join webhook_attempts a on a.delivery_id = d.id and a.attempt = 1
                      order by j.completed_at offset ?) as lags
                """, rs -> {
                    System.out.printf(Locale.ROOT, "  event to delivery row (listener): p50 %.1f ms, p99 %.1f ms;"
                            + " row to first attempt (dispatcher): p50 %.1f ms, p99 %.1f ms%n", rs.getDouble(1),
                            rs.getDouble(2), rs.getDouble(3), rs.getDouble(4));
                }, warmupJobs);
    }

    /** Publishes each job's COMPLETED event at {@code rate} per second; returns each job's publication time. */
    private static Map<String, Long> publish(Infrastructure infra, List<JobSubmitted> jobs, int rate)
            throws InterruptedException {
        Map<String, Long> published = new HashMap<>();
        long interval = 1_000_000_000L / rate;
        long start = System.nanoTime();
        try (KafkaProducer<String, JobEvent> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.kafkaBootstrapServers(), ProducerConfig.LINGER_MS_CONFIG,
                0), new StringSerializer(), Topics.JOB_EVENTS.valueSerde().serializer())) {
            for (int i = 0; i < jobs.size(); i++) {
                long due = start + i * interval;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                }
                JobSubmitted job = jobs.get(i);
                published.put(job.jobId().toString(), System.nanoTime());
                producer.send(new ProducerRecord<>(Topics.JOB_EVENTS.name(), job.jobId().toString(),
                        JobEvent.completed(job.jobId(), job.fingerprint(), JobSource.LLM, UUID.randomUUID(), ANSWER,
                                new TokenUsage(120, 340), Instant.now())));
            }
        }
        return published;
    }

    private static ConfigurableApplicationContext pipeline(Infrastructure infra, String jdbcUrl) {
        Map<String, Object> properties = new HashMap<>(infra.springProperties());
        properties.put("spring.datasource.url", jdbcUrl);
        properties.put("server.port", 0);
        properties.put("askflow.webhooks.allowed-networks", "127.0.0.0/8");
        properties.put("askflow.webhooks.signing-secret", WebhookSigner.newSecret());
        properties.put("askflow.pipeline.streams.application-id", "webhook-bench-" + UUID.randomUUID());
        properties.put("logging.level.root", "WARN");
        String[] arguments = properties.entrySet().stream().map(p -> "--" + p.getKey() + "=" + p.getValue())
                .toArray(String[]::new);
        return new SpringApplicationBuilder(PipelineApplication.class).logStartupInfo(false)
                .registerShutdownHook(false).run(arguments);
    }

    private static void awaitAssigned(ConfigurableApplicationContext context, String container)
            throws InterruptedException {
        MessageListenerContainer listener = context.getBean(container, MessageListenerContainer.class);
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (listener.getAssignedPartitions() == null || listener.getAssignedPartitions().isEmpty()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(container + " got no partition within 60 s");
            }
            Thread.sleep(50);
        }
    }

    private static JobSubmitted job(int i, String url) {
        JobRequest request = new JobRequest("Benchmark question " + i + " " + UUID.randomUUID(), "llama3.2", "answer",
                "1", Map.of());
        return new JobSubmitted(UUID.randomUUID(), UUID.randomUUID().toString().replace("-", "").repeat(2), request,
                null, Map.of("bench", "webhooks"), Instant.now())
                .withWebhook(new JobWebhook(url, java.util.Set.of(JobEventType.JOB_COMPLETED)));
    }

    private static ReceiverAddresses localOnly() {
        return new ReceiverAddresses(List.of(Cidr.parse("127.0.0.0/8")), ReceiverAddresses.Resolver.SYSTEM);
    }

    private static HikariDataSource pool(Infrastructure infra, String url) {
        HikariDataSource pool = new HikariDataSource();
        pool.setJdbcUrl(url);
        pool.setUsername(infra.jdbcUsername());
        pool.setPassword(infra.jdbcPassword());
        pool.setMaximumPoolSize(16);
        return pool;
    }

    private static double percentile(long[] sortedNanos, double share) {
        if (sortedNanos.length == 0) {
            return Double.NaN;
        }
        int index = (int) Math.ceil(share * sortedNanos.length) - 1;
        return sortedNanos[Math.max(0, Math.min(index, sortedNanos.length - 1))] / 1e6;
    }

    /** The local receiver: answers 204 at once and notes when each job's webhook first arrived. */
    private static final class Receiver implements AutoCloseable {

        private final HttpServer server;
        private final ExecutorService threads = Executors.newFixedThreadPool(64);
        private final Map<String, Long> arrivals = new ConcurrentHashMap<>();
        private final AtomicInteger duplicates = new AtomicInteger();

        private Receiver() throws IOException {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 512);
            server.setExecutor(threads);
            server.createContext("/hooks", exchange -> {
                try (exchange; InputStream in = exchange.getRequestBody()) {
                    long now = System.nanoTime();
                    Matcher job = JOB_ID.matcher(new String(in.readAllBytes(), StandardCharsets.UTF_8));
                    if (job.find() && arrivals.putIfAbsent(job.group(1), now) != null) {
                        duplicates.incrementAndGet();
                    }
                    exchange.sendResponseHeaders(204, -1);
                }
            });
            server.start();
        }

        static Receiver start() throws IOException {
            return new Receiver();
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort() + "/hooks";
        }

        void reset() {
            arrivals.clear();
            duplicates.set(0);
        }

        int arrived() {
            return arrivals.size();
        }

        int duplicates() {
            return duplicates.get();
        }

        Long arrival(String jobId) {
            return arrivals.get(jobId);
        }

        @Override
        public void close() {
            server.stop(0);
            threads.shutdownNow();
        }
    }
}
