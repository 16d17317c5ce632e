package io.askflow.bench;

import io.askflow.core.chain.ChainCatalog;
import io.askflow.core.job.JobRequest;
import io.askflow.core.run.RunRequest;
import io.askflow.core.topic.Topics;
import io.askflow.simulator.OllamaSimulator;
import io.askflow.simulator.SimulatorConfig;
import io.askflow.testing.kafka.EmbeddedKafkaPart;
import io.askflow.testing.kafka.KafkaLogging;
import io.askflow.testing.redis.EmbeddedRedisPart;
import io.askflow.workers.WorkersApplication;
import io.askflow.workers.run.RunConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * One measured run: a fresh embedded Kafka (and Redis for the checkpoints), {@code hosts} Ollama simulators with
 * {@code slots} slots, no queue (a call beyond the slots gets a 503 at once) and a fixed latency, and
 * {@code workers} worker Spring contexts in this JVM, each knowing every host with its share of the slots.
 * Once every task partition is assigned, a warm-up batch (two tasks per slot) runs unmeasured; then the tasks
 * are sent, spread evenly over the partitions, and the clock runs from the first send to the last result read.
 * The simulators' counters cover both batches.
 *
 * @param workers     worker contexts
 * @param hosts       simulated Ollama hosts
 * @param slots       slots of each host (its OLLAMA_NUM_PARALLEL); a multiple of {@code workers}
 * @param latencyMs   fixed time each call holds its slot
 * @param tasks       tasks to send
 * @param chain       the chain every task runs
 * @param partitions  partitions of the task topics
 * @param checkpoints whether the workers record checkpoints in an embedded Redis
 */
record WorkerScenario(int workers, int hosts, int slots, int latencyMs, int tasks, String chain, int partitions,
                      boolean checkpoints) {

    private static final Duration ASSIGNMENT_WAIT = Duration.ofSeconds(60);
    private static final Duration SETTLED = Duration.ofSeconds(1);

    WorkerScenario {
        if (slots % workers != 0) {
            throw new IllegalArgumentException("--slots " + slots + " cannot be shared evenly by " + workers
                    + " workers: use a multiple of " + workers);
        }
    }

    /** The steps of one task's chain. */
    int steps() {
        return ChainCatalog.fromClasspath().find(chain)
                .orElseThrow(() -> new IllegalArgumentException("unknown chain " + chain)).steps().size();
    }

    /** Chains per second the hosts allow at most. */
    double ceiling() {
        return hosts * slots * 1000.0 / latencyMs / steps();
    }

    ScenarioResult run() throws InterruptedException {
        KafkaLogging.quiet();
        try (EmbeddedKafkaPart kafka = EmbeddedKafkaPart.start();
             EmbeddedRedisPart redis = checkpoints ? EmbeddedRedisPart.start() : null) {
            List<OllamaSimulator> simulators = IntStream.range(0, hosts).mapToObj(i -> OllamaSimulator.start(
                    SimulatorConfig.defaults().withSlots(slots).withQueue(0).withLatencyMillis(latencyMs)
                            .withAnswerTokens(8))).toList();
            List<ConfigurableApplicationContext> contexts = new ArrayList<>();
            try {
                for (int i = 0; i < workers; i++) {
                    contexts.add(startWorker(i, kafka.bootstrapServers(), redis, simulators));
                }
                awaitAssignment(contexts);
                return measure(kafka.bootstrapServers(), simulators);
            } finally {
                contexts.forEach(ConfigurableApplicationContext::close);
                simulators.forEach(OllamaSimulator::close);
            }
        }
    }

    private ScenarioResult measure(String bootstrapServers, List<OllamaSimulator> simulators) {
        try (KafkaProducer<String, RunRequest> producer = producer(bootstrapServers);
             ResultWatcher results = new ResultWatcher(bootstrapServers)) {
            List<RunRequest> warmUp = tasksToSend(2 * hosts * slots);
            send(producer, warmUp);
            results.awaitAll(runIds(warmUp), Duration.ofSeconds(120));
            List<RunRequest> measured = tasksToSend(tasks);
            long start = System.nanoTime();
            send(producer, measured);
            long last = results.awaitAll(runIds(measured),
                    Duration.ofSeconds(120L + 10L * tasks * latencyMs * steps() / 1000 / slots));
            return new ScenarioResult(workers, hosts, tasks, (last - start) / 1e9, ceiling(),
                    simulators.stream().map(simulator -> simulator.stats().maxInFlight()).toList(),
                    simulators.stream().mapToLong(simulator -> simulator.stats().busyRejections()).sum(),
                    results.failed());
        }
    }

    private ConfigurableApplicationContext startWorker(int index, String bootstrapServers, EmbeddedRedisPart redis,
                                                       List<OllamaSimulator> simulators) {
        List<String> args = new ArrayList<>(List.of(
                "--spring.kafka.bootstrap-servers=" + bootstrapServers,
                "--askflow.workers.worker-id=bench-worker-" + (index + 1),
                "--askflow.topics.partitions=" + partitions,
                "--askflow.topics.replication-factor=1",
                "--askflow.topics.min-insync-replicas=1",
                "--askflow.topics.allow-unreplicated=true",
                "--askflow.workers.checkpoints.enabled=" + checkpoints,
                "--spring.main.banner-mode=off",
                "--logging.level.root=WARN",
                "--logging.level.io.askflow=WARN"));
        if (redis != null) {
            args.add("--askflow.redis.url=redis://" + redis.host() + ":" + redis.port());
        }
        for (int host = 0; host < simulators.size(); host++) {
            args.add("--askflow.ollama.hosts[" + host + "].url=" + simulators.get(host).baseUrl());
            args.add("--askflow.ollama.hosts[" + host + "].slots=" + slots / workers);
        }
        return new SpringApplicationBuilder(WorkersApplication.class).web(WebApplicationType.NONE)
                .logStartupInfo(false).run(args.toArray(String[]::new));
    }

    /**
     * Waits until the group is settled: every partition assigned, every worker holding its share, and nothing
     * moving for a second (the cooperative assignor moves partitions in two rounds).
     */
    private void awaitAssignment(List<ConfigurableApplicationContext> contexts) throws InterruptedException {
        long giveUpAt = System.nanoTime() + ASSIGNMENT_WAIT.toNanos();
        List<Integer> settled = List.of();
        long settledSince = System.nanoTime();
        while (settled.size() != contexts.size() || System.nanoTime() - settledSince < SETTLED.toNanos()) {
            if (System.nanoTime() - giveUpAt > 0) {
                throw new IllegalStateException("the task partitions were not shared out within " + ASSIGNMENT_WAIT);
            }
            Thread.sleep(50);
            List<Integer> shares = contexts.stream()
                    .map(context -> context.getBean(RunConsumer.class).assignedPartitions()).toList();
            boolean complete = shares.stream().mapToInt(Integer::intValue).sum() == partitions
                    && shares.stream().allMatch(share -> share > 0);
            if (!complete || !shares.equals(settled)) {
                settled = complete ? shares : List.of();
                settledSince = System.nanoTime();
            }
        }
    }

    private List<RunRequest> tasksToSend(int count) {
        String version = ChainCatalog.fromClasspath().find(chain).orElseThrow().version();
        return IntStream.range(0, count).mapToObj(i -> new RunRequest(UUID.randomUUID(), "bench-" + UUID.randomUUID(),
                new JobRequest("Benchmark question " + i + "?", null, chain, version, Map.of()), UUID.randomUUID(), 1,
                Instant.now())).toList();
    }

    private static Set<UUID> runIds(List<RunRequest> sent) {
        return sent.stream().map(RunRequest::runId).collect(Collectors.toSet());
    }

    /** A producer that already knows where the task partitions are, so that sending starts at once. */
    private static KafkaProducer<String, RunRequest> producer(String bootstrapServers) {
        KafkaProducer<String, RunRequest> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers, ProducerConfig.LINGER_MS_CONFIG, 5),
                Topics.RUNS.keySerde().serializer(), Topics.RUNS.valueSerde().serializer());
        producer.partitionsFor(Topics.RUNS.name());
        return producer;
    }

    /** Sends task i to partition i mod partitions, so that every worker gets the same share. */
    private void send(KafkaProducer<String, RunRequest> producer, List<RunRequest> sent) {
        for (int i = 0; i < sent.size(); i++) {
            producer.send(new ProducerRecord<>(Topics.RUNS.name(), i % partitions, sent.get(i).fingerprint(),
                    sent.get(i)));
        }
        producer.flush();
    }
}
