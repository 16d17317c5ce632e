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
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.kafka.support.ProducerListener;

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
