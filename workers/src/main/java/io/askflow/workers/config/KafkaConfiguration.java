package io.askflow.workers.config;

import io.askflow.core.run.RunRequest;
import io.askflow.core.run.RunProgress;
import io.askflow.core.run.RunResult;
import io.askflow.core.topic.Topics;
import io.askflow.workers.chain.ChainExecutor;
import io.askflow.workers.ollama.OllamaHosts;
import io.askflow.workers.run.ConsumerMetrics;
import io.askflow.workers.run.DeadLetters;
import io.askflow.workers.run.RecentResults;
import io.askflow.workers.run.RunConsumer;
import io.askflow.workers.run.RunPublisher;
import io.askflow.workers.run.RunHandler;
import io.askflow.workers.run.TaskExpiry;
import io.askflow.workers.run.TenantWeights;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Serializer;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.ProducerListener;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.support.serializer.DelegatingByTypeSerializer;
import org.springframework.kafka.support.serializer.ErrorHandlingDeserializer;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The Kafka side of the workers.
 *
 * <ul>
 *   <li>Producer: idempotent, {@code acks=all}, one request in flight; keys and values are written with the topic registry's serdes,
 *       chosen by type, so one producer serves results, progress and the dead-letter topic.</li>
 *   <li>Consumer of {@code askflow.tasks}: a {@link RunConsumer} (one polling thread and a runner thread per
 *       task; the tasks running a chain are bounded by the Ollama slots, those only publishing their result are
 *       not; up to {@code askflow.workers.read-ahead} more wait in memory for a tenant-fair pick); group
 *       {@code askflow-workers}, auto-commit off, at most 500 records per poll, the cooperative sticky
 *       assignor, {@link ErrorHandlingDeserializer} around the registry's deserializers, and
 *       {@code isolation.level=read_committed}: the pipeline writes tasks in exactly-once transactions, and a
 *       task of an aborted transaction must not cost a GPU run.</li>
 *   <li>Offsets: committed per partition, only up to the first task whose result Kafka has not acknowledged.</li>
 *   <li>Error policy ({@link RunHandler}): unreadable or invalid records go to {@code askflow.tasks.dlt} at
 *       once, never retried; a result Kafka does not acknowledge is published again 4 times with back-off 1, 2,
 *       4, 8 s, then its task goes to the dead-letter topic, so no partition blocks.</li>
 * </ul>
 */
@Configuration(proxyBeanMethods = false)
public class KafkaConfiguration {

    /** Kafka's default {@code max.poll.records}, the most one poll brings when the read-ahead is larger. */
    private static final int MAX_POLL_RECORDS = 500;

    @Bean
    ProducerFactory<Object, Object> askflowProducerFactory(KafkaProperties kafka, KafkaConnectionDetails connection) {
        Map<String, Object> config = new LinkedHashMap<>(kafka.buildProducerProperties());
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, connection.getProducer().getBootstrapServers());
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        // one request in flight per broker: after a broker restart an idempotent producer with several batches in
        // flight was seen retrying OUT_OF_ORDER_SEQUENCE_NUMBER for minutes (results held back, runs not answered);
        // with one, a refused first batch lets the producer bump its epoch and start its sequence again. A worker
        // sends a few records per run, so the one-at-a-time cost is not felt.
        config.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
        return new DefaultKafkaProducerFactory<>(config, keySerializer(), valueSerializer());
    }

    @Bean
    KafkaTemplate<Object, Object> askflowKafkaTemplate(ProducerFactory<Object, Object> askflowProducerFactory) {
        KafkaTemplate<Object, Object> template = new KafkaTemplate<>(askflowProducerFactory);
        // not the default listener, which logs a failed send at ERROR with the whole record (answers, prompts):
        // RunPublisher and DeadLetters handle and log their failures themselves
        template.setProducerListener(new ProducerListener<>() { });
        return template;
    }

    @Bean
    ConsumerFactory<String, RunRequest> agentTaskConsumerFactory(KafkaProperties kafka,
                                                                KafkaConnectionDetails connection,
                                                                WorkersProperties workers) {
        Map<String, Object> config = new LinkedHashMap<>(kafka.buildConsumerProperties());
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, connection.getConsumer().getBootstrapServers());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, workers.groupId());
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.putIfAbsent(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        // a poll brings at most what the read-ahead may hold (1 without read-ahead): what does not fit is sought back
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, Math.max(1, Math.min(MAX_POLL_RECORDS,
                workers.readAhead())));
        config.put(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, (int) workers.maxPollInterval().toMillis());
        config.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, CooperativeStickyAssignor.class.getName());
        return new DefaultKafkaConsumerFactory<>(config,
                () -> new ErrorHandlingDeserializer<>(Topics.RUNS.keySerde().deserializer()),
                () -> new ErrorHandlingDeserializer<>(Topics.RUNS.valueSerde().deserializer()));
    }

    @Bean
    RunPublisher taskPublisher(KafkaTemplate<Object, Object> askflowKafkaTemplate, WorkersProperties workers) {
        return new RunPublisher(askflowKafkaTemplate, workers.publishTimeout());
    }

    @Bean
    DeadLetters deadLetters(KafkaTemplate<Object, Object> askflowKafkaTemplate) {
        return new DeadLetters(new DeadLetterPublishingRecoverer(askflowKafkaTemplate,
                (record, failure) -> new TopicPartition(Topics.RUNS_DEAD_LETTER.name(), -1)));
    }

    @Bean
    RunHandler taskRunner(ChainExecutor executor, RunPublisher publisher, DeadLetters deadLetters,
                          WorkersProperties workers, MeterRegistry registry) {
        return new RunHandler(executor, publisher, new RecentResults(workers.recentResults()), deadLetters,
                new TaskExpiry(workers.maxTaskAge(), registry), workers.workerId());
    }

    @Bean
    ConsumerMetrics consumerMetrics(MeterRegistry registry) {
        return new ConsumerMetrics(registry);
    }

    @Bean
    RunConsumer taskConsumer(ConsumerFactory<String, RunRequest> agentTaskConsumerFactory, RunHandler taskRunner,
                              OllamaHosts hosts, ConsumerMetrics consumerMetrics, WorkersProperties workers) {
        RunConsumer consumer = new RunConsumer(
                () -> agentTaskConsumerFactory.createConsumer(workers.groupId(), workers.workerId()),
                Topics.RUNS.name(), taskRunner, hosts.totalSlots(), workers.readAhead(),
                new TenantWeights(workers.tenantWeights()), consumerMetrics);
        consumerMetrics.watch(consumer);
        return consumer;
    }

    private static Serializer<Object> keySerializer() {
        return new DelegatingByTypeSerializer(Map.of(
                String.class, Topics.RUNS.keySerde().serializer(),
                byte[].class, Topics.RUNS_DEAD_LETTER.keySerde().serializer()));
    }

    private static Serializer<Object> valueSerializer() {
        return new DelegatingByTypeSerializer(Map.of(
                byte[].class, Topics.RUNS_DEAD_LETTER.valueSerde().serializer(),
                RunRequest.class, Topics.RUNS.valueSerde().serializer(),
                RunResult.class, Topics.RUN_RESULTS.valueSerde().serializer(),
                RunProgress.class, Topics.RUN_PROGRESS.valueSerde().serializer()));
    }
}
