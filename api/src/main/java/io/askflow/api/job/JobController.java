package io.askflow.api.job;

import io.askflow.core.job.JobStatus;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.responses.ApiResponses;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.util.UUID;

/** Submit a question as a job; poll the job for its answer. */
@RestController
@RequestMapping("/v1/jobs")
@Tag(name = "jobs", description = "Questions submitted as jobs, answered asynchronously")
public class JobController {

    private final SubmitJob submitJob;
    private final JobQueries queries;

    public JobController(SubmitJob submitJob, JobQueries queries) {
        this.submitJob = submitJob;
        this.queries = queries;
    }

    @PostMapping
    @Operation(summary = "Submit a question",
            description = "Answers 202 with the queued job and its Location at once; the answer comes later. "
                    + "When the answer is already cached and the job's cache mode is USE, answers 200 with the "
                    + "COMPLETED job (source CACHE) instead, also with its Location; either way the job is stored "
                    + "and can be polled. 400 for an invalid request, 413 for a body over the server's limit, 503 "
                    + "with Retry-After when the job could not be made durable in time.")
    @ApiResponses({
            @ApiResponse(responseCode = "200", description = "Answered from the cache at once: status COMPLETED, "
                    + "source CACHE, the answer", content = @Content(schema = @Schema(implementation = JobView.class))),
            @ApiResponse(responseCode = "202", description = "Accepted: status QUEUED; poll the Location for the answer",
                    content = @Content(schema = @Schema(implementation = JobView.class))),
            @ApiResponse(responseCode = "400", description = "Invalid request (problem+json)",
                    content = @Content(mediaType = "application/problem+json")),
            @ApiResponse(responseCode = "413", description = "Body over the server's limit (problem+json)",
                    content = @Content(mediaType = "application/problem+json")),
            @ApiResponse(responseCode = "503", description = "Not accepted: retry after Retry-After (problem+json). "
                    + "Without a jobId nothing was stored. With a jobId Kafka took the job, or may have taken it: "
                    + "it is then answered under that id (poll it), and a submit again costs no second run",
                    content = @Content(mediaType = "application/problem+json"))})
    public ResponseEntity<JobView> submit(@RequestBody SubmitJobRequest body) {
        JobView job = JobView.accepted(submitJob.submit(body.toNewJob()));
        HttpStatus status = job.status() == JobStatus.COMPLETED ? HttpStatus.OK : HttpStatus.ACCEPTED;
        return ResponseEntity.status(status).location(URI.create(JobLinks.self(job.id()))).body(job);
    }

    @GetMapping("/{id}")
    @Operation(summary = "Get a job",
            description = "Status, answer or error, the run's progress and steps. 400 for a malformed id, 404 for an unknown one.")
    public JobView get(@PathVariable("id") String id) {
        UUID jobId = JobIdParser.parse(id);
        return queries.find(jobId).orElseThrow(() -> new JobNotFoundException(jobId));
    }

    /** Parses a job id from a path, with a message that says what a job id looks like. */
    static final class JobIdParser {

        private JobIdParser() {
        }

        static UUID parse(String id) {
            try {
                if (id.length() == 36) {
                    return UUID.fromString(id);
                }
            } catch (IllegalArgumentException e) {
                // reported below
            }
            throw new InvalidJobRequestException(java.util.List.of(new InvalidJobRequestException.Violation("id",
                    "\"" + id + "\" is not a job id; a job id is a UUID such as 0192f0c4-7c1e-7a3b-9c2d-1f2e3d4c5b6a")));
        }
    }
}
