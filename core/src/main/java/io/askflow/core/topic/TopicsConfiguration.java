package io.askflow.core.topic;

import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaAdmin;

/** Declares every topic of {@link Topics} so that Spring's {@link KafkaAdmin} creates the missing ones at start-up. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(TopicProperties.class)
public class TopicsConfiguration {

    @Bean
    KafkaAdmin.NewTopics askflowTopics(TopicProperties properties) {
        return new KafkaAdmin.NewTopics(Topics.ALL.stream()
                .map(topic -> properties.newTopic(topic.name()))
                .toArray(NewTopic[]::new));
    }
}
