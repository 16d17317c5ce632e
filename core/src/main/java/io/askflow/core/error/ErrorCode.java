package io.askflow.core.error;

import java.util.Locale;

/**
 * Askflow's error catalog: every failure a caller can see, in one place. A code is stable and machine-readable;
 * it says whether trying again may succeed and what the caller or operator can do about it.
 *
 * <p>Two kinds share the catalog. {@link Kind#JOB} codes end a job FAILED: they are stored as
 * {@link JobError#type()} and published with the job's events (the topology, the workers and the sinks build
 * them from here). {@link Kind#REQUEST} codes answer an HTTP request as {@code application/problem+json}:
 * {@link #httpStatus()}, {@link #title()} and {@link #problemType()} come from here.
 */
public enum ErrorCode {

    /** 404 from Ollama: the model is not pulled on the host. */
    OLLAMA_MODEL_NOT_FOUND(Kind.JOB, false, 0, "Model not found",
            "pull the model on every Ollama host (ollama pull <model>) or submit the job with another model"),
    /** 503 "server busy": the host's queue is full. */
    OLLAMA_BUSY(Kind.JOB, true, 0, "Ollama busy",
            "the Ollama hosts are overloaded: add hosts, lower askflow.ollama.slots to what the host really serves"
                    + " (OLLAMA_NUM_PARALLEL), or retry later"),
    /** Connection refused or reset: the host is down or unreachable. */
    OLLAMA_UNAVAILABLE(Kind.JOB, true, 0, "Ollama unavailable",
            "check that Ollama runs and that askflow.ollama.url / askflow.ollama.hosts point at it"),
    /** No answer within the request timeout. */
    OLLAMA_TIMEOUT(Kind.JOB, true, 0, "Ollama timed out",
            "the model answers too slowly: raise askflow.ollama.request-timeout, lower num_predict or use a smaller"
                    + " model"),
    /** 500 or an unreadable answer: the model runner failed. */
    OLLAMA_SERVER_ERROR(Kind.JOB, true, 0, "Ollama server error",
            "look at the Ollama server's log; the model may not fit in memory"),
    /** 400, 401 and other refusals of the request itself: the same request fails again. */
    OLLAMA_REJECTED(Kind.JOB, false, 0, "Ollama refused the request",
            "check the job's options and model name, and the Ollama host's authentication"),
    /** A step's last attempt was cut off at the step deadline. */
    STEP_DEADLINE_EXCEEDED(Kind.JOB, true, 0, "Step deadline exceeded",
            "raise askflow.ollama.deadline (one step) or askflow.workers.chain-deadline (one run), lower num_predict"
                    + " or use a smaller model"),
    /** The chain deadline passed before the next step could start, or cut a step off. */
    CHAIN_DEADLINE_EXCEEDED(Kind.JOB, true, 0, "Chain deadline exceeded",
            "raise askflow.workers.chain-deadline, lower num_predict or use a shorter chain"),
    /** No result came for a run after its last dispatch: the pipeline gave it up. */
    RUN_DEADLINE_EXCEEDED(Kind.JOB, true, 0, "Run deadline exceeded",
            "check that workers run and consume askflow.tasks; submit the job again"),
    /** The run names a chain this worker does not have. */
    CHAIN_NOT_FOUND(Kind.JOB, false, 0, "Chain not found",
            "give the API and the workers the same chain files"),
    /** The run names another version of a chain than the worker's. */
    CHAIN_VERSION_MISMATCH(Kind.JOB, false, 0, "Chain version mismatch",
            "give the API and the workers the same chain files, then submit again"),
    /** A failure inside the worker itself: a bug. */
    WORKER_ERROR(Kind.JOB, false, 0, "Worker error",
            "this is a bug in the Askflow worker, its log has the stack trace"),
    /** The pipeline's stream processor threw on the job's record: a bug; the record went to a dead-letter topic. */
    PIPELINE_ERROR(Kind.JOB, false, 0, "Pipeline error",
            "report it: the pipeline could not process the job; its record is in <dlt>"),
    /** The sweeper ended a job that had not changed for longer than its bound: a stalled role or a lost record. */
    JOB_TIMED_OUT(Kind.JOB, true, 0, "Job not answered in time",
            "the job waited longer than askflow.sweeper.max-age without an answer: submit it again; if many jobs end"
                    + " so, look for a stalled role (consumer lag, <dlt>)"),
    /** The job's question already had the most jobs waiting for one run (askflow.pipeline.coalescing.max-waiters). */
    TOO_MANY_WAITERS(Kind.JOB, true, 0, "Too many jobs wait for this question",
            "submit it again in a few seconds: its answer will then come from the cache"),
    /** The sweeper ended a job whose run failed while the job's own event was lost. */
    RUN_ENDED_WITHOUT_JOB(Kind.JOB, true, 0, "Run ended without this job",
            "the run answering the job ended but the job missed its event: submit it again"),
    /** The run waited for a worker longer than askflow.workers.max-task-age: it was answered without being run. */
    RUN_EXPIRED(Kind.JOB, true, 0, "Run expired before it started",
            "the workers are behind a backlog: submit the job again later; operators add workers or Ollama slots"),

    /** The request breaks a rule: every violation is listed. */
    INVALID_REQUEST(Kind.REQUEST, false, 400, "Invalid request", "fix the fields listed in errors and send again"),
    /** The body is not the JSON the endpoint takes. */
    UNREADABLE_BODY(Kind.REQUEST, false, 400, "Unreadable request body",
            "send a JSON object such as {\"question\": \"What is Kafka?\"}"),
    /** The body is larger than {@code askflow.api.max-body-bytes}. */
    BODY_TOO_LARGE(Kind.REQUEST, false, 413, "Request body too large", "send a smaller body"),
    /** No job has this id. */
    JOB_NOT_FOUND(Kind.REQUEST, false, 404, "Job not found",
            "check the id from the submit answer's Location header"),
    /** No registered webhook endpoint has this id (never registered, or deleted). */
    WEBHOOK_ENDPOINT_NOT_FOUND(Kind.REQUEST, false, 404, "Webhook endpoint not found",
            "take the id from the registration's answer or from GET /v1/webhooks/endpoints; a deleted endpoint is gone"),
    /** The job has no webhook delivery with this id. */
    DELIVERY_NOT_FOUND(Kind.REQUEST, false, 404, "Delivery not found",
            "take the id from the job's deliveries: GET /v1/jobs/<job id>/deliveries"),
    /** No resource at this path. */
    NO_SUCH_PATH(Kind.REQUEST, false, 404, "No such path", "the API's paths are described at /v3/api-docs"),
    /** The path does not take this method. */
    METHOD_NOT_ALLOWED(Kind.REQUEST, false, 405, "Method not allowed",
            "use a method the Allow header lists; the API's paths and methods are described at /v3/api-docs"),
    /** The response cannot be given in a type the Accept header allows. */
    NOT_ACCEPTABLE(Kind.REQUEST, false, 406, "Not acceptable",
            "accept application/json (and application/problem+json for errors)"),
    /** The body is not JSON. */
    UNSUPPORTED_MEDIA_TYPE(Kind.REQUEST, false, 415, "Unsupported media type",
            "send the body as JSON with Content-Type: application/json"),
    /** Kafka or PostgreSQL could not take the job in time. */
    NOT_ACCEPTED(Kind.REQUEST, true, 503, "Job not accepted", "submit again after the Retry-After delay"),
    /** This API instance holds as many open long-polls or event streams as it may, or is stopping. */
    TOO_MANY_WAITS(Kind.REQUEST, true, 503, "Too many open waits",
            "poll without wait, or wait again after the Retry-After delay (another instance may take it)"),
    /** PostgreSQL does not answer a read. */
    STORE_UNAVAILABLE(Kind.REQUEST, true, 503, "Job store unavailable", "retry after the Retry-After delay"),
    /** Anything unforeseen: a fault of the server. */
    INTERNAL_ERROR(Kind.REQUEST, true, 500, "Internal error", "retry, and report it if it persists"),
    /** The tenant sent more requests than its rate limit lets through (a token bucket shared by every instance). */
    RATE_LIMITED(Kind.REQUEST, true, 429, "Rate limit exceeded",
            "send again after the Retry-After delay; the RateLimit header says what is left, RateLimit-Policy the limit"),
    /** The tenant has as many jobs QUEUED or RUNNING as it may: nothing of this job was stored. */
    QUEUE_QUOTA_EXCEEDED(Kind.REQUEST, true, 429, "Too many queued jobs",
            "wait until some of your queued or running jobs end, then submit again after the Retry-After delay"),
    /** Another request with the same Idempotency-Key is being processed. */
    IDEMPOTENCY_KEY_IN_FLIGHT(Kind.REQUEST, true, 409, "A request with this Idempotency-Key is in flight",
            "send the same request again once the first one is answered: it is then answered as the first was"),
    /** The Idempotency-Key was used with another request body. */
    IDEMPOTENCY_KEY_REUSED(Kind.REQUEST, false, 422, "Idempotency-Key already used",
            "an Idempotency-Key belongs to one request body: send this one with a new key"),
    /** No API key, a malformed one, or one that is unknown or revoked. */
    UNAUTHENTICATED(Kind.REQUEST, false, 401, "Unauthenticated",
            "send Authorization: Bearer <API key>, a key an admin created (POST /v1/admin/keys) and did not revoke"),
    /** The endpoint is for admin keys only. */
    ADMIN_KEY_REQUIRED(Kind.REQUEST, false, 403, "Admin key required",
            "call the admin API with an admin key (created with \"admin\": true, or askflow.security.bootstrap-admin-key)"),
    /** No tenant has this id. */
    TENANT_NOT_FOUND(Kind.REQUEST, false, 404, "Tenant not found",
            "take the id from GET /v1/admin/tenants, or create the tenant first"),
    /** A tenant with this id exists already. */
    TENANT_EXISTS(Kind.REQUEST, false, 409, "Tenant exists", "choose another id, or change the tenant with PATCH"),
    /** No API key has this id. */
    API_KEY_NOT_FOUND(Kind.REQUEST, false, 404, "API key not found",
            "take the id from GET /v1/admin/keys?tenant=<tenant>"),
    /** More jobs are queued over all tenants than askflow.api.overload.max-queued: nothing of this job was stored. */
    OVERLOADED(Kind.REQUEST, true, 503, "Service overloaded",
            "submit again after the Retry-After delay, the estimated wait for the queued jobs to start"),
    /** No file of the caller's tenant has this id. */
    FILE_NOT_FOUND(Kind.REQUEST, false, 404, "File not found", "take the id from POST /v1/files or GET /v1/files"),
    /** An upload over the file size or line limit. */
    FILE_TOO_LARGE(Kind.REQUEST, false, 413, "File too large",
            "split the file: askflow.api.batches.max-file-bytes and max-lines are the limits"),
    /** A file a batch reads cannot be deleted. */
    FILE_IN_USE(Kind.REQUEST, false, 409, "File in use", "a batch reads this file: it stays while the batch exists"),
    /** No batch of the caller's tenant has this id. */
    BATCH_NOT_FOUND(Kind.REQUEST, false, 404, "Batch not found",
            "take the id from POST /v1/batches or GET /v1/batches"),
    /** The batch has ended (completed, failed, expired or cancelled): it cannot be cancelled. */
    BATCH_ENDED(Kind.REQUEST, false, 409, "Batch ended", "nothing to cancel: read its output and error files");

    /** Where a code is used. */
    public enum Kind {
        /** Ends a job FAILED; stored with the job. */
        JOB,
        /** Answers an HTTP request as problem+json. */
        REQUEST
    }

    /** The base of every {@link #problemType()}. */
    public static final String PROBLEM_TYPES = "https://askflow.dev/problems/";

    private final Kind kind;
    private final boolean retryable;
    private final int httpStatus;
    private final String title;
    private final String advice;

    ErrorCode(Kind kind, boolean retryable, int httpStatus, String title, String advice) {
        this.kind = kind;
        this.retryable = retryable;
        this.httpStatus = httpStatus;
        this.title = title;
        this.advice = advice;
    }

    /** Whether it ends a job or answers a request. */
    public Kind kind() {
        return kind;
    }

    /**
     * Whether trying again may succeed: for a call to Ollama, whether the activity retries it (with back-off, within
     * its attempts and deadlines); for a job, whether submitting it again may succeed; for a request, whether the
     * same request may succeed later.
     */
    public boolean retryable() {
        return retryable;
    }

    /** The HTTP status of a {@link Kind#REQUEST} code's problem answer; 0 for {@link Kind#JOB} codes. */
    public int httpStatus() {
        return httpStatus;
    }

    /** A short, fixed summary for people: a problem's title. */
    public String title() {
        return title;
    }

    /**
     * What the caller or operator can do about it; {@code <model>} stands for the model where one is named,
     * {@code <dlt>} for the dead-letter topic.
     */
    public String advice() {
        return advice;
    }

    /** The problem type URI: {@value #PROBLEM_TYPES} and the code in lower case with hyphens. */
    public String problemType() {
        return PROBLEM_TYPES + name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** A {@link JobError} of this code. */
    public JobError error(String message, int attempts) {
        if (kind != Kind.JOB) {
            throw new IllegalStateException(this + " answers requests; it does not end jobs");
        }
        return new JobError(name(), message, attempts);
    }
}
