package io.askflow.core.store;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The webhook stores, for the roles that register endpoints and read deliveries (api) or deliver (pipeline):
 * {@link WebhookEndpointStore} and {@link DeliveryStore}, the one writers of their tables.
 */
@Configuration(proxyBeanMethods = false)
public class WebhookStoreConfiguration {

    @Bean
    WebhookEndpointStore webhookEndpointStore(JdbcTemplate jdbc) {
        return new WebhookEndpointStore(jdbc);
    }

    @Bean
    DeliveryStore deliveryStore(JdbcTemplate jdbc) {
        return new DeliveryStore(jdbc);
    }
}
