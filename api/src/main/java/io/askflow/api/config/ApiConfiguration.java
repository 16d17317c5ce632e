package io.askflow.api.config;

import io.askflow.core.cache.AnswerCacheConfiguration;
import io.askflow.core.cache.CacheProperties;
import io.askflow.core.cache.GuardedAnswerCache;
import io.askflow.core.cache.RedisAnswerCache;
import io.askflow.core.chain.ChainsConfiguration;
import io.askflow.core.store.StoreConfiguration;
import io.askflow.core.store.WebhookStoreConfiguration;
import io.askflow.core.job.JobSubmitted;
import io.askflow.core.topic.Topics;
import io.askflow.core.topic.TopicsConfiguration;
import io.askflow.core.webhook.WebhookConfiguration;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.jackson.autoconfigure.JsonFactoryBuilderCustomizer;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.kafka.support.ProducerListener;

import tools.jackson.core.StreamReadConstraints;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.type.LogicalType;

import java.time.Clock;

/**
 * Wiring of the API: the jobs producer with the topic registry's serdes, the chain catalog, the answer cache
 * (read by the fast path), the webhook settings, address guard and stores (endpoints, deliveries) and time.
 */
@Configuration(proxyBeanMethods = false)
@Import({TopicsConfiguration.class, ChainsConfiguration.class, AnswerCacheConfiguration.class, StoreConfiguration.class,
        WebhookConfiguration.class, WebhookStoreConfiguration.class})
public class ApiConfiguration {

    /** A bean of its own so that the context closes its producer (and Spring Boot's default factory backs off). */
    @Bean
    ProducerFactory<String, JobSubmitted> jobsProducerFactory(KafkaProperties kafka) {
        return new DefaultKafkaProducerFactory<>(kafka.buildProducerProperties(),
                Topics.JOBS.keySerde().serializer(), Topics.JOBS.valueSerde().serializer());
    }

    @Bean
    KafkaTemplate<String, JobSubmitted> jobsKafkaTemplate(ProducerFactory<String, JobSubmitted> jobsProducerFactory) {
        KafkaTemplate<String, JobSubmitted> template = new KafkaTemplate<>(jobsProducerFactory);
        // not the default listener, which logs a failed send at ERROR with the whole job (the question, the
        // caller's metadata): JobPublisher turns the failure into a 503, and the problem handler logs it
        template.setProducerListener(new ProducerListener<>() { });
        return template;
    }

    /** Strict request bodies: a number is not a string, a string is not a number. */
    @Bean
    JsonMapperBuilderCustomizer strictScalars() {
        return builder -> builder
                .withCoercionConfig(LogicalType.Textual, config -> config
                        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
                .withCoercionConfig(LogicalType.Integer, config -> config
                        .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail));
    }

    /** The deepest a request body may nest objects and arrays: more than a job needs, far less than a stack. */
    public static final int MAX_NESTING_DEPTH = 64;

    /** The most characters of a number in a request body: any double or long fits, a 10^6-digit one does not. */
    public static final int MAX_NUMBER_LENGTH = 100;

    /**
     * Bounds on what the JSON reader takes, whatever the body: nesting (a {@code [[[[...} body would cost a deep
     * stack), numbers (parsing a huge one is quadratic) and strings, which cannot be longer than
     * {@code askflow.api.max-body-bytes} anyway (the body itself is bounded by {@code BodySizeLimit}). Past any
     * of them the body is refused with a 400.
     */
    @Bean
    JsonFactoryBuilderCustomizer readLimits(ApiProperties properties) {
        int maxString = (int) Math.min(Integer.MAX_VALUE, properties.maxBodyBytes());
        StreamReadConstraints constraints = StreamReadConstraints.builder()
                .maxNestingDepth(MAX_NESTING_DEPTH)
                .maxNumberLength(MAX_NUMBER_LENGTH)
                .maxStringLength(maxString)
                .build();
        return builder -> builder.streamReadConstraints(constraints);
    }

    /** The answer cache as the fast path reads it: misses, never errors, when Redis is down or slow. */
    @Bean
    GuardedAnswerCache guardedAnswerCache(RedisAnswerCache redis, CacheProperties cache, MeterRegistry registry) {
        return new GuardedAnswerCache(redis, cache.retryInterval(), registry);
    }

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
