package io.askflow.api.job;

import io.askflow.core.cache.CachedAnswer;
import io.askflow.core.error.JobError;
import io.askflow.core.job.JobEvent;
import io.askflow.core.job.JobLifecycle;
import io.askflow.core.job.JobRequest;
import io.askflow.core.job.JobSource;
import io.askflow.core.job.JobStatus;
import io.askflow.core.job.JobSubmitted;
import io.askflow.core.job.JobWebhook;
import io.askflow.core.step.TokenUsage;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A job as the API shows it.
 *
 * @param id          the job's id
 * @param status      QUEUED, RUNNING, COMPLETED or FAILED
 * @param source      where the answer comes from: LLM, CACHE or COALESCED (waits on an identical job's run)
 * @param question    the question as submitted
 * @param model       the model asked for, if any
 * @param chain       the chain that answers
 * @param chainVersion the chain's content version
 * @param fingerprint the question's fingerprint
 * @param answer      the answer, when COMPLETED
 * @param error       why it failed, when FAILED
 * @param run         the chain run answering it, with its progress
 * @param tokens      token totals of that run
 * @param steps       the run's finished steps
 * @param metadata    the caller's data
 * @param webhook     the job's own webhook, if it has one
 * @param submittedAt when the job was accepted
 * @param updatedAt   when it last changed
 * @param completedAt when it ended
 * @param links       related URLs
 */
public record JobView(UUID id, JobStatus status, JobSource source, String question, String model, String chain,
                      String chainVersion, String fingerprint, String answer, JobError error, RunView run,
                      TokenUsage tokens, List<StepView> steps, Map<String, Object> metadata, WebhookView webhook,
                      Instant submittedAt, Instant updatedAt, Instant completedAt, Map<String, String> links) {

    /** The error as callers may see it ({@link JobError#forCallers()}): no host, no exception text. */
    public JobView {
        error = error == null ? null : error.forCallers();
    }

    /**
     * The job just accepted, as a poll of it shows it, built from what was stored rather than read back: once the
     * job is stored and published the caller must get its id, whatever PostgreSQL does next. A job answered from
     * the cache names its run by id only; a poll adds that run's progress and steps.
     */
    public static JobView accepted(JobSubmitted job) {
        JobRequest request = job.request();
        CachedAnswer cached = job.answeredFromCache();
        WebhookView webhook = WebhookView.of(job.webhook());
        if (cached == null) {
            return new JobView(job.jobId(), JobStatus.QUEUED, null, request.question(), request.model(),
                    request.chain(), request.chainVersion(), job.fingerprint(), null, null, null, null, List.of(),
                    job.metadata(), webhook, job.submittedAt(), job.submittedAt(), null, JobLinks.of(job.jobId()));
        }
        return new JobView(job.jobId(), JobStatus.COMPLETED, JobSource.CACHE, request.question(), request.model(),
                request.chain(), request.chainVersion(), job.fingerprint(), cached.answer(), null,
                new RunView(cached.runId(), null, null, null, null), cached.tokens(), List.of(), job.metadata(),
                webhook, job.submittedAt(), job.submittedAt(), job.submittedAt(), JobLinks.of(job.jobId()));
    }

    /** This job with these finished steps. */
    public JobView withSteps(List<StepView> finished) {
        return new JobView(id, status, source, question, model, chain, chainVersion, fingerprint, answer, error, run,
                tokens, finished, metadata, webhook, submittedAt, updatedAt, completedAt, links);
    }

    /**
     * A job's own webhook (its deliveries are at {@code /v1/jobs/{id}/deliveries}).
     *
     * @param url    the receiver
     * @param events the events delivered, by wire name, in lifecycle order
     */
    public record WebhookView(String url, List<String> events) {

        /** The view of {@code webhook}, or {@code null} for none. */
        public static WebhookView of(JobWebhook webhook) {
            return webhook == null ? null : new WebhookView(webhook.url(), ReceiverRules.wireNames(webhook.events()));
        }
    }

    /**
     * This job with what a newer event says laid over it (status, source, run, answer or error, tokens, times), for
     * a long-poll woken by the event before the sinks wrote it; unchanged when the lifecycle does not allow the move.
     */
    public JobView withEvent(JobEvent event) {
        if (status.isTerminal() || event.status() == status || !JobLifecycle.isAllowed(status, event.status())) {
            return this;
        }
        RunView eventRun = event.runId() != null && (run == null || !event.runId().equals(run.id()))
                ? new RunView(event.runId(), null, null, null, null) : run;
        return new JobView(id, event.status(), event.source() != null ? event.source() : source, question, model,
                chain, chainVersion, fingerprint, event.answer() != null ? event.answer() : answer,
                event.error() != null ? event.error() : error, eventRun, event.tokens() != null ? event.tokens() : tokens,
                steps, metadata, webhook, submittedAt, event.at() != null ? event.at() : updatedAt,
                event.status().isTerminal() ? event.at() : completedAt, links);
    }

    /**
     * The chain run behind a job.
     *
     * @param id          the run's id
     * @param status      the run's status
     * @param stepsDone   finished steps
     * @param stepsTotal  steps in the chain, once a worker has started it
     * @param currentStep the step now running
     */
    public record RunView(UUID id, String status, Integer stepsDone, Integer stepsTotal, String currentStep) {
    }

    /**
     * One finished step of the run.
     *
     * @param index      position in the chain
     * @param name       the chain task
     * @param agent      the agent's role
     * @param model      the model that answered
     * @param host       the Ollama host that answered
     * @param output     the step's output
     * @param tokens     its token counts
     * @param durationMs how long it took
     */
    public record StepView(int index, String name, String agent, String model, String host, String output,
                           TokenUsage tokens, long durationMs) {
    }
}
