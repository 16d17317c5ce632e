package io.askflow.pipeline.config;

import io.askflow.core.job.JobEvent;
import io.askflow.core.job.JobSubmitted;
import io.askflow.core.store.JobStore;
import io.askflow.core.store.StoreConfiguration;
import io.askflow.core.run.RunProgress;
import io.askflow.core.run.RunResult;
import io.askflow.core.topic.Topic;
import io.askflow.core.topic.Topics;
import io.askflow.pipeline.sink.JobEventsSink;
import io.askflow.pipeline.sink.JobsSink;
import io.askflow.pipeline.sink.RunsSink;
import io.askflow.pipeline.sink.SinkErrorPolicy;
import io.askflow.pipeline.sink.SinkListener;
import io.askflow.pipeline.sink.SinkMetrics;
import io.askflow.pipeline.sink.UsageMetrics;
import io.askflow.pipeline.sink.SinkProperties;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.support.serializer.ErrorHandlingDeserializer;
import org.springframework.transaction.support.TransactionTemplate;

import javax.sql.DataSource;
import java.util.HashMap;
import java.util.Map;

/**
 * The PostgreSQL sinks: one batch listener container per topic, each in its own consumer group
 * ({@code <group-id>.<sink>}), reading {@code read_committed} from the earliest offset, values read
 * through an {@link ErrorHandlingDeserializer} (an unreadable record arrives as {@code null} and is
 * skipped, never retried), AckMode BATCH (offsets committed after the listener returned, that is
 * after the batch's transaction committed), errors handled by {@link SinkErrorPolicy}.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SinkProperties.class)
@Import(StoreConfiguration.class)
@ConditionalOnBooleanProperty(name = "askflow.pipeline.sink.enabled", matchIfMissing = true)
class SinkConfiguration {

    private final SinkProperties properties;
    private final Map<String, Object> consumerConfig;
    private final SinkErrorPolicy errorPolicy;

    SinkConfiguration(SinkProperties properties, ConsumerFactory<?, ?> bootConsumerFactory, SinkMetrics metrics) {
        this.properties = properties;
        this.consumerConfig = consumerConfig(bootConsumerFactory.getConfigurationProperties(), properties);
        this.errorPolicy = new SinkErrorPolicy(properties, metrics);
    }

    private static Map<String, Object> consumerConfig(Map<String, Object> boot, SinkProperties properties) {
        Map<String, Object> config = new HashMap<>(boot);
        config.putIfAbsent(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        // the Streams app writes job events in transactions: never read aborted ones
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, properties.batchSize());
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        return config;
    }

    @Bean
    static SinkMetrics sinkMetrics(MeterRegistry registry) {
        return new SinkMetrics(registry);
    }

    @Bean
    TransactionTemplate sinkTransactions(DataSource dataSource) {
        return new TransactionTemplate(new JdbcTransactionManager(dataSource));
    }

    @Bean
    JobsSink jobsSink(JobStore store, TransactionTemplate sinkTransactions, SinkMetrics metrics) {
        return new JobsSink(store, sinkTransactions, metrics);
    }

    @Bean
    JobEventsSink jobEventsSink(JobStore store, TransactionTemplate sinkTransactions, SinkMetrics metrics) {
        return new JobEventsSink(store, sinkTransactions, metrics);
    }

    @Bean
    RunsSink runsSink(JdbcTemplate jdbc, TransactionTemplate sinkTransactions, SinkMetrics metrics,
                      MeterRegistry registry) {
        return new RunsSink(jdbc, sinkTransactions, metrics, new UsageMetrics(registry));
    }

    @Bean
    ConcurrentMessageListenerContainer<String, JobSubmitted> jobsSinkContainer(JobsSink sink) {
        return container(Topics.JOBS, new SinkListener<>("jobs", sink::write));
    }

    @Bean
    ConcurrentMessageListenerContainer<String, JobEvent> jobEventsSinkContainer(JobEventsSink sink) {
        return container(Topics.JOB_EVENTS, new SinkListener<>("job-events", sink::write));
    }

    @Bean
    ConcurrentMessageListenerContainer<String, RunProgress> taskProgressSinkContainer(RunsSink sink) {
        return container(Topics.RUN_PROGRESS, new SinkListener<>("task-progress", sink::writeProgress));
    }

    @Bean
    ConcurrentMessageListenerContainer<String, RunResult> taskResultsSinkContainer(RunsSink sink) {
        return container(Topics.RUN_RESULTS, new SinkListener<>("task-results", sink::writeResults));
    }

    private <V> ConcurrentMessageListenerContainer<String, V> container(Topic<String, V> topic,
                                                                        SinkListener<V> listener) {
        ConcurrentKafkaListenerContainerFactory<String, V> factory = new ConcurrentKafkaListenerContainerFactory<>();
        factory.setConsumerFactory(new DefaultKafkaConsumerFactory<>(consumerConfig,
                new ErrorHandlingDeserializer<>(new StringDeserializer()).keyDeserializer(true),
                new ErrorHandlingDeserializer<>(topic.valueSerde().deserializer())));
        factory.setBatchListener(true);
        factory.setConcurrency(properties.concurrency());
        factory.setCommonErrorHandler(errorPolicy.errorHandler(listener.sink()));
        factory.getContainerProperties().setAckMode(ContainerProperties.AckMode.BATCH);
        ConcurrentMessageListenerContainer<String, V> container = factory.createContainer(topic.name());
        container.getContainerProperties().setGroupId(properties.groupId() + "." + listener.sink());
        container.getContainerProperties().setMessageListener(listener);
        return container;
    }
}
