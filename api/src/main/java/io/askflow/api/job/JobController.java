package io.askflow.api.job;

import io.askflow.api.auth.AdminKeyRequiredException;
import io.askflow.api.auth.Caller;
import io.askflow.api.events.EventId;
import io.askflow.api.events.JobEventStreams;
import io.askflow.api.events.LongPolls;
import io.askflow.api.idempotency.IdempotencyKey;
import io.askflow.api.idempotency.IdempotentRequests;
import io.askflow.core.job.JobEvent;
import io.askflow.core.job.JobStatus;
import io.askflow.core.job.JobSubmitted;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.responses.ApiResponses;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.async.DeferredResult;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * Submit a question as a job; poll the job for its answer, at once or as a long-poll ({@code ?wait=30s}), or follow
 * its events as a stream ({@code /events}). Long-polls and streams hold no thread while they wait
 * ({@code io.askflow.api.events}).
 */
@RestController
@RequestMapping("/v1/jobs")
@Tag(name = "jobs", description = "Questions submitted as jobs, answered asynchronously")
@SecurityRequirement(name = "bearer")
public class JobController {

    /** The most jobs a page of the list holds. */
    static final int MAX_PAGE = 100;
    /** The jobs a page holds when the caller does not say. */
    static final int DEFAULT_PAGE = 20;

    private final SubmitJob submitJob;
    private final IdempotentSubmit idempotentSubmit;
    private final JobQueries queries;
    private final LongPolls longPolls;
    private final JobEventStreams streams;

    public JobController(SubmitJob submitJob, IdempotentSubmit idempotentSubmit, JobQueries queries,
                         LongPolls longPolls, JobEventStreams streams) {
        this.submitJob = submitJob;
        this.idempotentSubmit = idempotentSubmit;
        this.queries = queries;
        this.longPolls = longPolls;
        this.streams = streams;
    }

    @PostMapping
    @Operation(summary = "Submit a question",
            description = "Answers 202 with the queued job and its Location at once; the answer comes later. "
                    + "When the answer is already cached and the job's cache mode is USE, answers 200 with the "
                    + "COMPLETED job (source CACHE) instead, also with its Location; either way the job is stored "
                    + "and can be polled. With an Idempotency-Key, a retry of the same job gets the first job's id "
                    + "and status code back (the job as it is now) for 24 h, and nothing is submitted twice. "
                    + "400 for an invalid request or key, 409 while a request with the key is in flight, 413 for a "
                    + "body over the server's limit, 422 for a key used with another job, 429 over the tenant's rate "
                    + "limit or queue quota, 503 with Retry-After when the job could not be made durable in time.")
    @ApiResponses({
            @ApiResponse(responseCode = "200", description = "Answered from the cache at once: status COMPLETED, "
                    + "source CACHE, the answer", content = @Content(schema = @Schema(implementation = JobView.class))),
            @ApiResponse(responseCode = "202", description = "Accepted: status QUEUED; poll the Location for the answer",
                    content = @Content(schema = @Schema(implementation = JobView.class))),
            @ApiResponse(responseCode = "400", description = "Invalid request, or an Idempotency-Key that is not 1 to "
                    + "255 printable ASCII characters (problem+json)",
                    content = @Content(mediaType = "application/problem+json")),
            @ApiResponse(responseCode = "409", description = "A request with this Idempotency-Key is in flight: send "
                    + "it again after Retry-After, it is then answered as the first one (problem+json)",
                    content = @Content(mediaType = "application/problem+json")),
            @ApiResponse(responseCode = "413", description = "Body over the server's limit (problem+json)",
                    content = @Content(mediaType = "application/problem+json")),
            @ApiResponse(responseCode = "422", description = "This Idempotency-Key was used with another job: use a new "
                    + "key for this one (problem+json)", content = @Content(mediaType = "application/problem+json")),
            @ApiResponse(responseCode = "429", description = "Over the tenant's rate limit (type rate-limited; the "
                    + "RateLimit headers say what is left) or queue quota (type queue-quota-exceeded: as many jobs "
                    + "QUEUED or RUNNING as the tenant may have); nothing was stored: retry after Retry-After "
                    + "(problem+json)", content = @Content(mediaType = "application/problem+json")),
            @ApiResponse(responseCode = "503", description = "Not accepted: retry after Retry-After (problem+json). "
                    + "Without a jobId nothing was stored. With a jobId Kafka took the job, or may have taken it: "
                    + "it is then answered under that id (poll it), and a submit again costs no second run",
                    content = @Content(mediaType = "application/problem+json"))})
    public ResponseEntity<JobView> submit(@RequestBody SubmitJobRequest body,
                                          @Parameter(description = "Makes the submit safe to retry (IETF httpapi "
                                                  + "idempotency-key draft): 1 to 255 printable ASCII characters, "
                                                  + "a Structured Fields string or bare, e.g. a UUID; remembered per "
                                                  + "tenant for askflow.api.idempotency.ttl (24 h)",
                                                  example = "\"8e03978e-40d5-43e8-bc93-6894a57f9324\"")
                                          @RequestHeader(name = IdempotencyKey.HEADER, required = false)
                                          String idempotencyKey,
                                          HttpServletRequest request) {
        NewJob newJob = body.toNewJob();
        Caller caller = Caller.of(request);
        if (idempotencyKey == null) {
            JobView job = JobView.accepted(submitJob.submit(newJob, caller.tenant()));
            HttpStatus status = job.status() == JobStatus.COMPLETED ? HttpStatus.OK : HttpStatus.ACCEPTED;
            return ResponseEntity.status(status).location(URI.create(JobLinks.self(job.id()))).body(job);
        }
        IdempotencyKey key = IdempotencyKey.parse(idempotencyKey);
        IdempotentRequests.Outcome<JobSubmitted> outcome =
                idempotentSubmit.submit(newJob, caller.tenant(), key);
        // a replay answers the first job as it is now: its row, read again (ADR 12)
        JobView job = outcome.isReplay() ? find(outcome.id(), caller) : JobView.accepted(outcome.created());
        return ResponseEntity.status(outcome.statusCode()).location(URI.create(JobLinks.self(job.id()))).body(job);
    }

    @GetMapping("/{id}")
    @Operation(summary = "Get a job",
            description = "Status, answer or error, the run's progress and steps. With wait (a long-poll), answers as "
                    + "soon as the job is COMPLETED or FAILED, or when the wait ends, with the job as it is then; no "
                    + "thread is held meanwhile. 400 for a malformed id or wait, 404 for an unknown id, 503 with "
                    + "Retry-After when this instance holds its limit of open waits.")
    @ApiResponses({
            @ApiResponse(responseCode = "200", description = "The job",
                    content = @Content(schema = @Schema(implementation = JobView.class))),
            @ApiResponse(responseCode = "400", description = "Malformed id or wait (problem+json)",
                    content = @Content(mediaType = "application/problem+json")),
            @ApiResponse(responseCode = "404", description = "No job has this id (problem+json)",
                    content = @Content(mediaType = "application/problem+json")),
            @ApiResponse(responseCode = "503", description = "PostgreSQL not answering, or this instance holds its "
                    + "limit of open waits: retry after Retry-After (problem+json)",
                    content = @Content(mediaType = "application/problem+json"))})
    public DeferredResult<JobView> get(@PathVariable("id") String id,
                                       @Parameter(description = "Long-poll: wait at most this long for the job to end"
                                               + " (30s, 500ms, 1m, 30 for seconds, or ISO-8601 such as PT30S); "
                                               + "longer waits are cut to askflow.api.events.max-wait (60 s); 0 or "
                                               + "absent: answer at once", example = "30s")
                                       @RequestParam(name = "wait", required = false) String wait,
                                       HttpServletRequest request) {
        UUID jobId = PathIds.parse(id, "job");
        Caller caller = Caller.of(request);
        if (wait == null) {
            DeferredResult<JobView> now = new DeferredResult<>();
            now.setResult(find(jobId, caller));
            return now;
        }
        Duration duration = waitOf(wait);
        if (!caller.admin() && !queries.exists(jobId, caller.tenant())) {
            throw new JobNotFoundException(jobId); // another tenant's job: a 404 at once, as for no job, no wait
        }
        return longPolls.await(jobId, duration, new LongPolls.JobReads<>() {
            @Override
            public JobView read() {
                return find(jobId, caller);
            }

            @Override
            public boolean ended(JobView job) {
                return job.status().isTerminal();
            }

            @Override
            public JobView withEvent(JobView job, JobEvent event) {
                return job.withEvent(event);
            }
        });
    }

    @GetMapping(value = "/{id}/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    @Operation(summary = "Stream a job's events",
            description = "Server-sent events: event status (id QUEUED, RUNNING, COMPLETED or FAILED; data: the job "
                    + "event as on the topic askflow.job-events, with the answer or the error at the end) and event "
                    + "progress (id progress-<k>: k steps of the run done; data: runId, stepsDone, stepsTotal, "
                    + "currentStep, at). What happened already is sent first, then what comes, in that order and once; "
                    + "the stream ends after COMPLETED or FAILED. A client that reconnects with Last-Event-ID gets "
                    + "what came after that event. A comment line comes every 15 s. 204 when Last-Event-ID is "
                    + "COMPLETED or FAILED (nothing more will come: an EventSource stops reconnecting).")
    @ApiResponses({
            @ApiResponse(responseCode = "200", description = "The stream",
                    content = @Content(mediaType = MediaType.TEXT_EVENT_STREAM_VALUE,
                            schema = @Schema(type = "string", example = "id:QUEUED\nevent:status\ndata:{\"jobId\": ...}"))),
            @ApiResponse(responseCode = "204", description = "Last-Event-ID was the job's last event: nothing more comes",
                    content = @Content),
            @ApiResponse(responseCode = "400", description = "Malformed id or Last-Event-ID (problem+json)",
                    content = @Content(mediaType = "application/problem+json")),
            @ApiResponse(responseCode = "404", description = "No job has this id (problem+json)",
                    content = @Content(mediaType = "application/problem+json")),
            @ApiResponse(responseCode = "503", description = "PostgreSQL not answering, or this instance holds its "
                    + "limit of open streams: retry after Retry-After (problem+json)",
                    content = @Content(mediaType = "application/problem+json"))})
    public ResponseEntity<SseEmitter> events(@PathVariable("id") String id,
                                             @Parameter(description = "The id of the last event received, to resume "
                                                     + "after it", example = "RUNNING")
                                             @RequestHeader(name = "Last-Event-ID", required = false) String lastEventId,
                                             HttpServletRequest request) {
        UUID jobId = PathIds.parse(id, "job");
        EventId after = lastEventId == null || lastEventId.isBlank() ? null : lastEventIdOf(lastEventId);
        Caller caller = Caller.of(request);
        if (!caller.admin() && !queries.exists(jobId, caller.tenant())) {
            throw new JobNotFoundException(jobId);
        }
        if (after != null && after.isTerminal()) {
            if (!streams.exists(jobId)) {
                throw new JobNotFoundException(jobId);
            }
            return ResponseEntity.noContent().build();
        }
        return ResponseEntity.ok(streams.open(jobId, after).orElseThrow(() -> new JobNotFoundException(jobId)));
    }

    @GetMapping
    @Operation(summary = "List jobs",
            description = "The caller's jobs, newest first, a page at a time: pass the answer's nextCursor as cursor for"
                    + " the next page (absent on the last). Each job is a summary: follow links.self for its answer"
                    + " and steps. Filters: status, chain, q (text in the question), from and to (submitted). An"
                    + " admin key may list another tenant's with tenant, or every tenant's with tenant=*. 400 for a limit outside 1 to"
                    + " 100, an unknown status or a cursor not of this list; 403 for tenant with a tenant's key.")
    @ApiResponses({
            @ApiResponse(responseCode = "200", description = "A page",
                    content = @Content(schema = @Schema(implementation = JobPage.class))),
            @ApiResponse(responseCode = "400", description = "Invalid parameter (problem+json)",
                    content = @Content(mediaType = "application/problem+json"))})
    public JobPage list(@Parameter(description = "Jobs per page, 1 to 100", example = "20")
                        @RequestParam(name = "limit", required = false) Integer limit,
                        @Parameter(description = "The nextCursor of the previous page")
                        @RequestParam(name = "cursor", required = false) String cursor,
                        @Parameter(description = "Only jobs in this status", example = "COMPLETED")
                        @RequestParam(name = "status", required = false) String status,
                        @Parameter(description = "Only jobs of this chain", example = "answer")
                        @RequestParam(name = "chain", required = false) String chain,
                        @Parameter(description = "Only jobs whose question contains this (ignoring case)",
                                example = "kafka")
                        @RequestParam(name = "q", required = false) String text,
                        @Parameter(description = "Only jobs submitted at or after this instant (ISO-8601)",
                                example = "2026-12-05T06:00:00Z")
                        @RequestParam(name = "from", required = false) String from,
                        @Parameter(description = "Only jobs submitted before this instant (ISO-8601)")
                        @RequestParam(name = "to", required = false) String to,
                        @Parameter(description = "Admins: the tenant whose jobs to list, or * for every tenant's;"
                                + " default the caller's")
                        @RequestParam(name = "tenant", required = false) String tenant,
                        HttpServletRequest request) {
        Caller caller = Caller.of(request);
        if (tenant != null && !tenant.equals(caller.tenant()) && !caller.admin()) {
            throw new AdminKeyRequiredException("another tenant's jobs");
        }
        int size = limit == null ? DEFAULT_PAGE : limit;
        if (size < 1 || size > MAX_PAGE) {
            throw new InvalidJobRequestException(List.of(new InvalidJobRequestException.Violation("limit",
                    "must be from 1 to " + MAX_PAGE + ", was " + size)));
        }
        JobFilter filter = new JobFilter(statusOf(status), blankToNull(chain), blankToNull(text),
                instantOf("from", from), instantOf("to", to));
        return queries.list(tenant == null ? caller.tenant() : tenant,
                cursor == null || cursor.isBlank() ? null : JobCursor.decode(cursor), filter, size);
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }

    private static Instant instantOf(String field, String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(text.strip());
        } catch (DateTimeParseException e) {
            throw new InvalidJobRequestException(List.of(new InvalidJobRequestException.Violation(field,
                    "must be an instant as 2026-12-05T06:00:00Z, was \"" + text + "\"")));
        }
    }

    private static JobStatus statusOf(String status) {
        if (status == null || status.isBlank()) {
            return null;
        }
        try {
            return JobStatus.valueOf(status);
        } catch (IllegalArgumentException e) {
            throw new InvalidJobRequestException(List.of(new InvalidJobRequestException.Violation("status",
                    "must be one of " + Arrays.toString(JobStatus.values()) + ", was " + status)));
        }
    }

    /** The job, when the caller may see it: an admin any, a tenant its own; another tenant's is a 404 like none. */
    private JobView find(UUID jobId, Caller caller) {
        return (caller.admin() ? queries.find(jobId) : queries.find(jobId, caller.tenant()))
                .orElseThrow(() -> new JobNotFoundException(jobId));
    }

    private Duration waitOf(String wait) {
        try {
            return longPolls.parseWait(wait);
        } catch (IllegalArgumentException e) {
            throw new InvalidJobRequestException(List.of(new InvalidJobRequestException.Violation("wait", e.getMessage())));
        }
    }

    private EventId lastEventIdOf(String lastEventId) {
        try {
            return streams.parseLastEventId(lastEventId);
        } catch (IllegalArgumentException e) {
            throw new InvalidJobRequestException(List.of(
                    new InvalidJobRequestException.Violation("Last-Event-ID", e.getMessage())));
        }
    }

}
