package io.askflow.pipeline.config;

import io.askflow.core.job.JobEvent;
import io.askflow.core.store.DeliveryStore;
import io.askflow.core.store.WebhookEndpointStore;
import io.askflow.core.store.WebhookStoreConfiguration;
import io.askflow.core.topic.Topics;
import io.askflow.core.webhook.ReceiverAddresses;
import io.askflow.core.webhook.WebhookConfiguration;
import io.askflow.core.webhook.WebhookProperties;
import io.askflow.pipeline.webhook.DeliveryDispatcher;
import io.askflow.pipeline.webhook.DeliveryPlanner;
import io.askflow.pipeline.webhook.DispatcherProperties;
import io.askflow.pipeline.webhook.WebhookDispatch;
import io.askflow.pipeline.webhook.WebhookMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.support.serializer.ErrorHandlingDeserializer;

import javax.sql.DataSource;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

/**
 * Webhook deliveries: a batch listener container on {@code askflow.job-events} in its own consumer group
 * ({@code askflow.webhooks.dispatcher.group-id}), {@code read_committed} from the earliest offset, values read through
 * an {@link ErrorHandlingDeserializer}, AckMode BATCH (offsets committed after the deliveries' rows), errors handled
 * by the planning error policy; and the {@link DeliveryDispatcher} that sends due deliveries (docs/adr/0008).
 * Off with {@code askflow.webhooks.dispatcher.enabled=false}.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(DispatcherProperties.class)
@Import({WebhookConfiguration.class, WebhookStoreConfiguration.class})
@ConditionalOnBooleanProperty(name = "askflow.webhooks.dispatcher.enabled", matchIfMissing = true)
class WebhookDispatchConfiguration {

    @Bean
    WebhookMetrics webhookMetrics(MeterRegistry registry, DeliveryStore deliveries) {
        return new WebhookMetrics(registry, deliveries);
    }

    @Bean
    WebhookDispatch webhookDispatch(DispatcherProperties properties, WebhookProperties webhooks,
                                    ReceiverAddresses receiverAddresses, JdbcTemplate jdbc, DataSource dataSource,
                                    DeliveryStore deliveries, WebhookEndpointStore endpoints, WebhookMetrics metrics) {
        return new WebhookDispatch(properties, receiverAddresses, webhooks.signingSecret(), jdbc, dataSource,
                deliveries, endpoints, metrics, Clock.systemUTC());
    }

    @Bean
    DeliveryDispatcher deliveryDispatcher(WebhookDispatch dispatch) {
        return dispatch.dispatcher();
    }

    @Bean
    ConcurrentMessageListenerContainer<String, JobEvent> webhookPlannerContainer(WebhookDispatch dispatch,
                                                                                 DispatcherProperties properties,
                                                                                 ConsumerFactory<?, ?> boot) {
        DeliveryPlanner planner = dispatch.planner();
        Map<String, Object> config = new HashMap<>(boot.getConfigurationProperties());
        config.putIfAbsent(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"); // job events are written in transactions
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, properties.batchSize());
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        ConcurrentKafkaListenerContainerFactory<String, JobEvent> factory = new ConcurrentKafkaListenerContainerFactory<>();
        factory.setConsumerFactory(new DefaultKafkaConsumerFactory<>(config,
                new ErrorHandlingDeserializer<>(new StringDeserializer()).keyDeserializer(true),
                new ErrorHandlingDeserializer<>(Topics.JOB_EVENTS.valueSerde().deserializer())));
        factory.setBatchListener(true);
        factory.setCommonErrorHandler(dispatch.errorHandler());
        factory.getContainerProperties().setAckMode(ContainerProperties.AckMode.BATCH);
        ConcurrentMessageListenerContainer<String, JobEvent> container = factory.createContainer(Topics.JOB_EVENTS.name());
        container.getContainerProperties().setGroupId(properties.groupId());
        container.getContainerProperties().setMessageListener(planner);
        return container;
    }
}
