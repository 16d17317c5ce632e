package io.askflow.core.webhook;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Webhook settings and the address guard, for the roles that check or deliver webhooks (api and pipeline). */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(WebhookProperties.class)
public class WebhookConfiguration {

    @Bean
    ReceiverAddresses receiverAddresses(WebhookProperties properties) {
        return properties.receiverAddresses();
    }
}
