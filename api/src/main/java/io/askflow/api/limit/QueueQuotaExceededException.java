package io.askflow.api.limit;

/** A tenant has as many jobs QUEUED or RUNNING as it may: the job was refused and nothing of it stored (a 429). */
public class QueueQuotaExceededException extends RuntimeException {

    private final String tenant;
    private final int maxQueuedJobs;

    public QueueQuotaExceededException(String tenant, int maxQueuedJobs) {
        super("tenant " + tenant + " has " + maxQueuedJobs + " jobs queued or running, as many as it may;"
                + " nothing was stored");
        this.tenant = tenant;
        this.maxQueuedJobs = maxQueuedJobs;
    }

    public String tenant() {
        return tenant;
    }

    public int maxQueuedJobs() {
        return maxQueuedJobs;
    }
}
