package io.askflow.api.job;

import io.askflow.api.config.ApiProperties;
import io.askflow.core.job.JobSubmitted;
import io.askflow.core.topic.Topics;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Publishes accepted jobs to {@code askflow.jobs}, waiting a bounded time for the broker's acknowledgement. */
@Component
public class JobPublisher {

    private final KafkaTemplate<String, JobSubmitted> kafka;
    private final ApiProperties properties;

    public JobPublisher(KafkaTemplate<String, JobSubmitted> jobsKafkaTemplate, ApiProperties properties) {
        this.kafka = jobsKafkaTemplate;
        this.properties = properties;
    }

    /**
     * Returns once every in-sync replica has the job; throws {@link JobNotAcceptedException} otherwise, naming
     * the job, which Kafka may have written all the same.
     */
    public void publish(JobSubmitted job) {
        try {
            kafka.send(Topics.JOBS.name(), job.fingerprint(), job)
                    .get(properties.publishTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw JobNotAcceptedException.unacknowledged(job.jobId(), "interrupted while publishing the job", e);
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            // a record that reached the broker before its acknowledgement was lost is there all the same
            throw JobNotAcceptedException.unacknowledged(job.jobId(), "Kafka did not acknowledge the job within "
                    + properties.publishTimeout().toMillis() + " ms", e);
        }
    }
}
