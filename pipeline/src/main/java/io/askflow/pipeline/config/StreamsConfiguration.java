package io.askflow.pipeline.config;

import io.askflow.core.cache.AnswerCache;
import io.askflow.core.cache.CacheProperties;
import io.askflow.core.topic.TopicProperties;
import io.askflow.pipeline.dedup.AnswerTopology;
import io.askflow.pipeline.dedup.CoalescingProperties;
import io.askflow.pipeline.dedup.RunProperties;
import io.askflow.pipeline.streams.KafkaStreamsHealthIndicator;
import io.askflow.pipeline.streams.StreamsProperties;
import io.askflow.pipeline.streams.ThreadReplacements;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;
import org.apache.kafka.streams.errors.LogAndContinueProcessingExceptionHandler;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.annotation.EnableKafkaStreams;
import org.springframework.kafka.annotation.KafkaStreamsDefaultConfiguration;
import org.springframework.kafka.config.KafkaStreamsConfiguration;
import org.springframework.kafka.config.StreamsBuilderFactoryBean;
import org.springframework.kafka.config.StreamsBuilderFactoryBeanConfigurer;
import org.springframework.kafka.core.KafkaAdmin;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * The Kafka Streams app: its configuration, the answer topology on spring-kafka's
 * {@link StreamsBuilderFactoryBean} (which starts it after {@code KafkaAdmin} has created the topics
 * and closes it at shutdown) and its health.
 */
@Configuration(proxyBeanMethods = false)
@EnableKafkaStreams
@EnableConfigurationProperties({StreamsProperties.class, RunProperties.class, CoalescingProperties.class})
class StreamsConfiguration {

    private static final Logger log = LoggerFactory.getLogger(StreamsConfiguration.class);

    /**
     * The Streams producers' {@code transaction.timeout.ms} unless configured (Kafka Streams' own default is
     * 10 s): the fan-out to all waiters of a run is one transaction (pipeline README, "Fan-out and the
     * transaction timeout"). Brokers allow up to {@code transaction.max.timeout.ms}, 15 min by default.
     */
    static final Duration TRANSACTION_TIMEOUT = Duration.ofSeconds(30);

    @Bean
    StreamsStateDirectory streamsStateDirectory(StreamsProperties streams, KafkaProperties kafka) {
        Object springStateDir = kafka.buildStreamsProperties().get(StreamsConfig.STATE_DIR_CONFIG);
        if (streams.stateDir() != null) {
            return StreamsStateDirectory.configured(streams.stateDir());
        }
        return springStateDir != null ? StreamsStateDirectory.configured(Path.of(springStateDir.toString()))
                : StreamsStateDirectory.createTemporary();
    }

    @Bean(name = KafkaStreamsDefaultConfiguration.DEFAULT_STREAMS_CONFIG_BEAN_NAME)
    KafkaStreamsConfiguration defaultKafkaStreamsConfig(KafkaProperties kafka, KafkaConnectionDetails connection,
                                                        StreamsProperties streams, TopicProperties topics,
                                                        StreamsStateDirectory stateDirectory) {
        Map<String, Object> config = new HashMap<>(kafka.buildStreamsProperties());
        config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, connection.getStreams().getBootstrapServers());
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, streams.applicationId());
        config.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, streams.processingGuarantee());
        config.put(StreamsConfig.STATE_DIR_CONFIG, stateDirectory.path().toString());
        config.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, streams.numStreamThreads());
        config.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, (int) topics.replicationFactor());
        // changelogs and repartition topics keep a store's state: as safe as the topics themselves
        topics.topicConfigs().forEach((name, value) -> config.put(StreamsConfig.topicPrefix(name), value));
        config.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, LogAndContinueExceptionHandler.class);
        // the answer processor dead-letters its own failures (and fails the job); this catches anything else a
        // processor node throws: the raw record goes to the dead-letter topic and the stream moves on
        config.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, LogAndContinueProcessingExceptionHandler.class);
        // a producer-prefixed value, if configured, wins over this one in Kafka Streams
        config.putIfAbsent(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, Math.toIntExact(TRANSACTION_TIMEOUT.toMillis()));
        config.put(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, streams.deadLetterTopic());
        return new KafkaStreamsConfiguration(config);
    }

    /** The dead letter topic of the Streams app, created like the others. */
    @Bean
    KafkaAdmin.NewTopics streamsDeadLetterTopic(StreamsProperties streams, TopicProperties topics) {
        return new KafkaAdmin.NewTopics(topics.newTopic(streams.deadLetterTopic()));
    }

    @Bean
    ThreadReplacements streamThreadReplacements(StreamsProperties streams) {
        return new ThreadReplacements(streams.maxThreadReplacements(), streams.threadReplacementWindow(),
                Clock.systemUTC());
    }

    @Bean
    StreamsBuilderFactoryBeanConfigurer pipelineStreamsConfigurer(StreamsProperties streams,
                                                                  ThreadReplacements replacements) {
        return factoryBean -> {
            factoryBean.setCloseTimeout(Math.toIntExact(streams.closeTimeout().toSeconds()));
            factoryBean.setLeaveGroupOnClose(streams.leaveGroupOnClose());
            factoryBean.setStateListener((newState, oldState) ->
                    log.info("Kafka Streams {} went from {} to {}", streams.applicationId(), oldState, newState));
            factoryBean.setStreamsUncaughtExceptionHandler(e -> {
                log.error("Kafka Streams {} stream thread failed, response {}", streams.applicationId(),
                        streams.onUncaughtException(), e);
                if (streams.onUncaughtException() == StreamThreadExceptionResponse.REPLACE_THREAD) {
                    replacements.replaced();
                }
                return streams.onUncaughtException();
            });
        };
    }

    @Bean
    AnswerTopology answerTopology(StreamsBuilder builder, AnswerCache cache, CacheProperties cacheProperties,
                                  RunProperties runProperties, CoalescingProperties coalescing,
                                  MeterRegistry registry, StreamsProperties streams) {
        AnswerTopology topology = new AnswerTopology(cache, cacheProperties, runProperties, coalescing, registry,
                streams.storeType(), streams.deadLetterTopic());
        topology.build(builder);
        return topology;
    }

    @Bean
    KafkaStreamsHealthIndicator kafkaStreamsHealthIndicator(StreamsBuilderFactoryBean factoryBean,
                                                            StreamsProperties streams,
                                                            ThreadReplacements replacements) {
        return new KafkaStreamsHealthIndicator(factoryBean::getKafkaStreams, streams.applicationId(), replacements);
    }
}
