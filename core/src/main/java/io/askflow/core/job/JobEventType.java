package io.askflow.core.job;

import java.util.Arrays;
import java.util.Optional;

/**
 * A job's status changes as the world outside sees them ({@code job.running}, {@code job.completed},
 * {@code job.failed}): the events a webhook receiver subscribes to, and a delivery's {@code type}.
 */
public enum JobEventType {

    /** A worker started the run that answers the job. */
    JOB_RUNNING("job.running", JobStatus.RUNNING),
    /** The job is answered. */
    JOB_COMPLETED("job.completed", JobStatus.COMPLETED),
    /** The job ended without an answer. */
    JOB_FAILED("job.failed", JobStatus.FAILED);

    private final String wireName;
    private final JobStatus status;

    JobEventType(String wireName, JobStatus status) {
        this.wireName = wireName;
        this.status = status;
    }

    /** The name in a delivery's {@code type} field and in a subscription's {@code events}, e.g. {@code job.completed}. */
    public String wireName() {
        return wireName;
    }

    /** The job status this event reports. */
    public JobStatus status() {
        return status;
    }

    /** The event of a job status, or empty for a status no receiver is told of (QUEUED). */
    public static Optional<JobEventType> of(JobStatus status) {
        return Arrays.stream(values()).filter(type -> type.status == status).findFirst();
    }

    /** The event named {@code wireName}, or empty when there is none. */
    public static Optional<JobEventType> named(String wireName) {
        return Arrays.stream(values()).filter(type -> type.wireName.equals(wireName)).findFirst();
    }
}
