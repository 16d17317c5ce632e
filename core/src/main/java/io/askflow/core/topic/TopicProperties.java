package io.askflow.core.topic;

import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How Askflow's topics are created at start-up ({@code askflow.topics.*}).
 *
 * @param partitions        partitions of every topic; jobs, tasks and results must agree, since
 *                          the pipeline joins them by fingerprint (default 6)
 * @param replicationFactor copies of every partition (default 1, for a single broker; use 3 in production)
 */
@Validated
@ConfigurationProperties("askflow.topics")
public record TopicProperties(@DefaultValue("6") @Min(1) int partitions,
                              @DefaultValue("1") @Min(1) short replicationFactor) {
}
