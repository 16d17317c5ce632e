package io.askflow.workers.support;

import io.askflow.core.run.RunRequest;
import io.askflow.core.run.RunResult;
import io.askflow.core.topic.Topics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.awaitility.Awaitility.await;

/** Sends tasks to {@code askflow.tasks} and reads what comes back on {@code askflow.task-results}. */
public final class RunTraffic implements AutoCloseable {

    private final KafkaProducer<String, byte[]> producer;
    private final TopicReader<String, RunResult> results;

    public RunTraffic(String bootstrapServers) {
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.LINGER_MS_CONFIG, 1), new StringSerializer(), new ByteArraySerializer());
        results = new TopicReader<>(bootstrapServers, Topics.RUN_RESULTS);
    }

    /** Sends tasks keyed by their fingerprints and waits until Kafka has them. */
    public void send(Collection<RunRequest> tasks) {
        tasks.forEach(task -> producer.send(new ProducerRecord<>(Topics.RUNS.name(), task.fingerprint(),
                Topics.RUNS.valueSerde().serializer().serialize(Topics.RUNS.name(), task))));
        producer.flush();
    }

    public void send(RunRequest task) {
        send(List.of(task));
    }

    /** Sends a raw record, e.g. one that cannot be read. */
    public void sendRaw(String key, byte[] value) throws Exception {
        producer.send(new ProducerRecord<>(Topics.RUNS.name(), key, value)).get(10, TimeUnit.SECONDS);
    }

    /** Waits for the result of {@code task}. */
    public RunResult awaitResult(RunRequest task, Duration atMost) {
        return awaitResults(List.of(task), atMost).get(task.runId()).get(0);
    }

    /** Waits until every task has a result; all results seen so far, by run id. */
    public Map<UUID, List<RunResult>> awaitResults(Collection<RunRequest> tasks, Duration atMost) {
        Set<UUID> runs = tasks.stream().map(RunRequest::runId).collect(Collectors.toSet());
        return await().atMost(atMost).pollInterval(Duration.ofMillis(200))
                .until(() -> resultsOf(runs), byRun -> byRun.keySet().containsAll(runs));
    }

    /** The results seen so far of {@code runs}, after one more poll. */
    public Map<UUID, List<RunResult>> resultsOf(Set<UUID> runs) {
        return results.poll().stream().map(ConsumerRecord::value).filter(result -> runs.contains(result.runId()))
                .collect(Collectors.groupingBy(RunResult::runId));
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
        results.close();
    }
}
