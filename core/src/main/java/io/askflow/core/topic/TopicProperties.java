package io.askflow.core.topic;

import jakarta.validation.constraints.Min;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.util.Map;

/**
 * How Askflow's topics (and Kafka Streams' internal topics) are created at start-up ({@code askflow.topics.*}).
 *
 * <p>The defaults are a production cluster's: three copies of every partition, and a write acknowledged only once
 * two of them have it ({@code acks=all} with {@code min.insync.replicas=2}), so losing one broker loses no accepted
 * job. Fewer copies are refused at start-up unless {@code allow-unreplicated} says the cluster is a single broker on
 * purpose (development, tests): an accepted job must not live on one disk by accident.
 *
 * @param partitions         partitions of every topic; jobs, tasks and results must agree, since the pipeline joins
 *                           them by fingerprint (default 6)
 * @param replicationFactor  copies of every partition (default 3)
 * @param minInsyncReplicas  copies that must have a write before it is acknowledged (default 2)
 * @param allowUnreplicated  allow a replication factor or min in-sync replicas below 2 (default false)
 */
@Validated
@ConfigurationProperties("askflow.topics")
public record TopicProperties(@DefaultValue("6") @Min(1) int partitions,
                              @DefaultValue("3") @Min(1) short replicationFactor,
                              @DefaultValue("2") @Min(1) int minInsyncReplicas,
                              @DefaultValue("false") boolean allowUnreplicated) {

    public TopicProperties {
        if (minInsyncReplicas > replicationFactor) {
            throw new IllegalArgumentException("askflow.topics.min-insync-replicas (" + minInsyncReplicas
                    + ") must not exceed askflow.topics.replication-factor (" + replicationFactor
                    + "): no write could be acknowledged");
        }
        if ((replicationFactor < 2 || minInsyncReplicas < 2) && !allowUnreplicated) {
            throw new IllegalArgumentException("askflow.topics.replication-factor is " + replicationFactor
                    + " and min-insync-replicas " + minInsyncReplicas + ": the loss of one broker would lose "
                    + "accepted jobs. Use 3 and 2 (the defaults) on a cluster of three brokers or more, or set "
                    + "askflow.topics.allow-unreplicated=true for a single-broker development or test cluster");
        }
    }

    /** A single-broker cluster's topics, for development and tests. */
    public static TopicProperties singleBroker(int partitions) {
        return new TopicProperties(partitions, (short) 1, 1, true);
    }

    /** A topic named {@code name} with these settings. */
    public NewTopic newTopic(String name) {
        return new NewTopic(name, partitions, replicationFactor).configs(topicConfigs());
    }

    /** The topic-level configuration every topic gets: {@code min.insync.replicas}. */
    public Map<String, String> topicConfigs() {
        return Map.of("min.insync.replicas", Integer.toString(minInsyncReplicas));
    }
}
