package io.askflow.workers.run;

import io.askflow.core.run.RunProgress;
import io.askflow.core.run.RunResult;
import io.askflow.core.topic.Topic;
import io.askflow.core.topic.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.support.SendResult;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Publishes what the workers produce, keyed by fingerprint, through the topic registry (the producer's
 * serializers are the registry's serdes). Results wait for Kafka's acknowledgement; progress does not:
 * a lost progress record costs a poller one "step 2 of 3", nothing more.
 */
public final class RunPublisher {

    private static final Logger log = LoggerFactory.getLogger(RunPublisher.class);

    private final KafkaOperations<Object, Object> kafka;
    private final Duration publishTimeout;

    public RunPublisher(KafkaOperations<Object, Object> kafka, Duration publishTimeout) {
        this.kafka = kafka;
        this.publishTimeout = publishTimeout;
    }

    /** Sends a progress record without waiting; a failure is logged, never thrown. */
    public void publishProgress(RunProgress progress) {
        try {
            send(Topics.RUN_PROGRESS, progress.fingerprint(), progress).whenComplete((sent, failure) -> {
                if (failure != null) {
                    log.warn("run {} fingerprint {}: progress {} of {} not published: {}", progress.runId(),
                            progress.fingerprint(), progress.stepsDone(), progress.stepsTotal(), failure.toString());
                }
            });
        } catch (RuntimeException e) {
            log.warn("run {} fingerprint {}: progress {} of {} not published: {}", progress.runId(),
                    progress.fingerprint(), progress.stepsDone(), progress.stepsTotal(), e.toString());
        }
    }

    /**
     * Sends a result and waits until Kafka acknowledges it (acks=all, idempotent producer).
     *
     * @throws ResultNotPublishedException when it is not acknowledged within the publish timeout
     */
    public void publishResult(RunResult result) {
        try {
            send(Topics.RUN_RESULTS, result.fingerprint(), result).get(publishTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ResultNotPublishedException(result.runId(), result.fingerprint(), e);
        } catch (ExecutionException e) {
            throw new ResultNotPublishedException(result.runId(), result.fingerprint(), e.getCause());
        } catch (TimeoutException | RuntimeException e) {
            throw new ResultNotPublishedException(result.runId(), result.fingerprint(), e);
        }
    }

    private <K, V> CompletableFuture<SendResult<Object, Object>> send(Topic<K, V> topic, K key, V value) {
        return kafka.send(topic.name(), key, value);
    }
}
