package io.askflow.api.job;

import io.askflow.api.config.WebSliceConfiguration;
import io.askflow.api.events.JobEventStreams;
import io.askflow.api.events.LongPolls;
import io.askflow.api.job.InvalidJobRequestException.Violation;
import io.askflow.api.problem.ProblemHandler;
import io.askflow.api.web.BodySizeLimit;
import io.askflow.core.cache.CachedAnswer;
import io.askflow.core.error.JobError;
import io.askflow.core.fingerprint.Fingerprint;
import io.askflow.core.job.CachePolicy;
import io.askflow.core.job.JobRequest;
import io.askflow.core.job.JobEventType;
import io.askflow.core.job.JobSource;
import io.askflow.core.job.JobStatus;
import io.askflow.core.job.JobSubmitted;
import io.askflow.core.job.JobWebhook;
import io.askflow.core.step.TokenUsage;
import org.assertj.core.api.AbstractStringAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mockito.ArgumentCaptor;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;
import org.springframework.transaction.CannotCreateTransactionException;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.willThrow;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;

/**
 * The REST front door alone (a web slice): the controller with its problem handler, body size limit, the
 * application's JSON settings ({@code io/askflow/api/application.yaml} and the strict scalars of
 * {@link WebSliceConfiguration}) and its properties; the submit command and the queries are mocks, so every answer
 * and every problem+json the API gives is checked here without Kafka, Redis or PostgreSQL. What only the real
 * infrastructure shows (a job stored and published before the answer, nothing stored on a 400, the 503s of a lost
 * Kafka or PostgreSQL) stays in {@link JobSubmissionTest}, {@link RejectedSubmitTest} and the *UnavailableTests.
 */
@WebMvcTest(JobController.class)
@Import({ProblemHandler.class, BodySizeLimit.class, WebSliceConfiguration.class})
class JobControllerTest {

    private static final String PROBLEMS = "https://askflow.dev/problems/";
    private static final UUID ID = UUID.fromString("0192f0c4-7c1e-7a3b-9c2d-1f2e3d4c5b6a");
    private static final Instant SUBMITTED_AT = Instant.parse("2026-01-01T10:00:00Z");

    @Autowired
    MockMvcTester mvc;

    @MockitoBean
    SubmitJob submitJob;

    @MockitoBean
    IdempotentSubmit idempotentSubmit; // on PostgreSQL: io.askflow.api.idempotency.IdempotencyKeyApiTest

    @MockitoBean
    JobQueries queries;

    @MockitoBean
    LongPolls longPolls; // long-polls and streams: io.askflow.api.events.LongPollAndStreamTest

    @MockitoBean
    JobEventStreams streams;

    // submit: accepted

    @Test
    void shouldAccept202WithTheLocationOfAQueuedJob() {
        given(submitJob.submit(any(), any())).willReturn(queued(Map.of("user", "u1")));

        MvcTestResult result = post("{\"question\": \"What is Kafka?\", \"metadata\": {\"user\": \"u1\"}}");

        assertThat(result).hasStatus(202).hasContentType(MediaType.APPLICATION_JSON)
                .headers().hasValue("Location", "/v1/jobs/" + ID);
        assertThat(result).bodyJson().isLenientlyEqualTo("""
                {"id": "%s", "status": "QUEUED", "question": "What is Kafka?", "chain": "answer",
                 "chainVersion": "v1", "steps": [], "metadata": {"user": "u1"},
                 "submittedAt": "2026-01-01T10:00:00Z", "links": {"self": "/v1/jobs/%s"}}""".formatted(ID, ID));
        assertThat(result).bodyJson().doesNotHavePath("$.answer").doesNotHavePath("$.source")
                .as("nulls are left out").doesNotHavePath("$.completedAt");
    }

    @Test
    void shouldHandTheSubmitCommandEveryFieldOfTheBody() {
        given(submitJob.submit(any(), any())).willReturn(queued(Map.of()));

        post("""
                {"question": "q", "model": "qwen2.5", "chain": "research", "options": {"temperature": 0.5, "seed": 7},
                 "cache": {"mode": "REFRESH", "ttlSeconds": 600}, "metadata": {"tags": ["a", 1.5]},
                 "webhook": {"url": "https://hooks.example.com/a", "events": ["job.running", "job.failed"]}}""");

        ArgumentCaptor<NewJob> job = ArgumentCaptor.forClass(NewJob.class);
        verify(submitJob).submit(job.capture(), any());
        assertThat(job.getValue()).isEqualTo(new NewJob("q", "qwen2.5", "research", Map.of("temperature", 0.5, "seed", 7),
                CachePolicy.Mode.REFRESH, 600, Map.of("tags", List.of("a", 1.5)),
                new NewJob.Webhook("https://hooks.example.com/a", List.of("job.running", "job.failed"))));
    }

    @Test
    void shouldShowTheWebhookOfAnAcceptedJob() {
        given(submitJob.submit(any(), any())).willReturn(queued(Map.of()).withWebhook(new JobWebhook(
                "https://hooks.example.com/a", Set.of(JobEventType.JOB_FAILED, JobEventType.JOB_RUNNING))));

        MvcTestResult result = post("{\"question\": \"q\", \"webhook\": {\"url\": \"https://hooks.example.com/a\"}}");

        assertThat(result).hasStatus(202).bodyJson().extractingPath("$.webhook").isEqualTo(Map.of(
                "url", "https://hooks.example.com/a", "events", List.of("job.running", "job.failed")));
    }

    @Test
    void shouldRefuseAWebhookToAPrivateAddressAndAnUnknownEventNamingBoth() {
        validatingSubmits();

        MvcTestResult result = post("""
                {"question": "q", "webhook": {"url": "http://10.0.0.7/hook", "events": ["job.completed", "job.done"]}}""");

        assertProblem(result, 400, "invalid-request", "Invalid request");
        assertThat(result).bodyJson().extractingPath("$.errors").isEqualTo(List.of(
                Map.of("field", "webhook.url", "message", "10.0.0.7 is a private address (10.0.0.0/8); webhooks go to"
                        + " public addresses only (allow a local receiver with askflow.webhooks.allowed-networks)"),
                Map.of("field", "webhook.events[1]", "message",
                        "unknown event \"job.done\"; known events: job.running, job.completed, job.failed")));
    }

    @Test
    void shouldRefuseWebhookEventsThatAreNotAList() {
        assertUnreadable(post("{\"question\": \"q\", \"webhook\": {\"url\": \"https://h.example.com/\","
                + " \"events\": \"job.completed\"}}"), "field \"webhook.events\" must be a JSON array");
        assertUnreadable(post("{\"question\": \"q\", \"webhook\": \"https://h.example.com/\"}"),
                "field \"webhook\" must be a JSON object");
        verifyNoInteractions(submitJob);
    }

    @Test
    void shouldAnswer200WithTheCompletedJobWhenTheCacheAnsweredIt() {
        UUID runId = UUID.randomUUID();
        given(submitJob.submit(any(), any())).willReturn(queued(Map.of())
                .answeredFrom(new CachedAnswer("An ordered log.", runId, new TokenUsage(7, 9), SUBMITTED_AT)));

        MvcTestResult result = post("{\"question\": \"What is Kafka?\"}");

        assertThat(result).hasStatus(200).headers().hasValue("Location", "/v1/jobs/" + ID);
        assertThat(result).bodyJson().isLenientlyEqualTo("""
                {"id": "%s", "status": "COMPLETED", "source": "CACHE", "answer": "An ordered log.",
                 "run": {"id": "%s"}, "tokens": {"promptTokens": 7, "completionTokens": 9},
                 "completedAt": "2026-01-01T10:00:00Z"}""".formatted(ID, runId));
    }

    // submit: unreadable bodies, refused before the submit command is called

    @Test
    void shouldRefuseABodyThatIsNotJson() {
        MvcTestResult result = post("{\"question\": ");

        assertProblem(result, 400, "unreadable-body", "Unreadable request body");
        detail(result).startsWith("the body is not valid JSON: ");
        verifyNoInteractions(submitJob);
    }

    @Test
    void shouldRefuseABodyThatIsNotAJsonObjectShowingOne() {
        for (String body : List.of("[\"What is Kafka?\"]", "\"What is Kafka?\"", "")) {
            MvcTestResult result = post(body);

            assertProblem(result, 400, "unreadable-body", "Unreadable request body");
            detail(result).as(body)
                    .isEqualTo("the body must be a JSON object such as {\"question\": \"What is Kafka?\"}");
        }
        verifyNoInteractions(submitJob);
    }

    @Test
    void shouldRefuseAnUnknownFieldListingTheKnownOnes() {
        MvcTestResult result = post("{\"question\": \"q\", \"colour\": \"red\"}");

        assertProblem(result, 400, "unreadable-body", "Unreadable request body");
        detail(result)
                .isEqualTo("unknown field \"colour\"; known fields: cache, chain, metadata, model, options, question,"
                        + " webhook");
        verifyNoInteractions(submitJob);
    }

    @Test
    void shouldRefuseAFieldOfTheWrongTypeNamingTheTypeItMustBe() {
        assertUnreadable(post("{\"question\": 1}"), "field \"question\" must be a string");
        assertUnreadable(post("{\"question\": true}"), "field \"question\" must be a string");
        assertUnreadable(post("{\"question\": \"q\", \"options\": \"hot\"}"), "field \"options\" must be a JSON object");
        assertUnreadable(post("{\"question\": \"q\", \"cache\": 600}"), "field \"cache\" must be a JSON object");
        verifyNoInteractions(submitJob);
    }

    @Test
    void shouldRefuseAnUnknownCacheModeListingTheModes() {
        assertUnreadable(post("{\"question\": \"q\", \"cache\": {\"mode\": \"SOMETIMES\"}}"),
                "field \"cache.mode\" must be one of [USE, REFRESH, BYPASS], was SOMETIMES");
        verifyNoInteractions(submitJob);
    }

    @Test
    void shouldSayATtlMustBeAWholeNumberInRange() {
        String expected = "field \"cache.ttlSeconds\" must be a whole number from -2147483648 to 2147483647";

        assertUnreadable(post("{\"question\": \"q\", \"cache\": {\"ttlSeconds\": 99999999999}}"), expected);
        assertUnreadable(post("{\"question\": \"q\", \"cache\": {\"ttlSeconds\": 1.5}}"), expected);
        assertUnreadable(post("{\"question\": \"q\", \"cache\": {\"ttlSeconds\": \"600\"}}"), expected);
        verifyNoInteractions(submitJob);
    }

    // submit: invalid jobs (from the mock, then from the real validator behind it)

    @Test
    void shouldRefuseAnInvalidJobWith400ListingEveryError() {
        willThrow(new InvalidJobRequestException(List.of(new Violation("question", "is required and must not be blank"),
                new Violation("cache.ttlSeconds", "must be a positive number of seconds, was 0"))))
                .given(submitJob).submit(any(), any());

        MvcTestResult result = post("{\"question\": \" \", \"cache\": {\"ttlSeconds\": 0}}");

        assertProblem(result, 400, "invalid-request", "Invalid request");
        detail(result).isEqualTo("question: is required and must not be blank; "
                + "cache.ttlSeconds: must be a positive number of seconds, was 0");
        assertThat(result).bodyJson().extractingPath("$.errors").isEqualTo(List.of(
                Map.of("field", "question", "message", "is required and must not be blank"),
                Map.of("field", "cache.ttlSeconds", "message", "must be a positive number of seconds, was 0")));
    }

    @Test
    void shouldRefuseANullOption() {
        validatingSubmits();

        assertInvalid(post("{\"question\": \"q\", \"options\": {\"stop\": null}}"),
                "options.stop", "must not be null; omit the option to use the model's default");
    }

    @Test
    void shouldRefuseAnInfiniteNumberInOptionsOrMetadata() {
        validatingSubmits();

        // 1e400 is read as Infinity, which JSON cannot write back and the fingerprint cannot read
        assertInvalid(post("{\"question\": \"q\", \"options\": {\"t\": 1e400}}"),
                "options.t", "must be a finite number, was Infinity");
        assertInvalid(post("{\"question\": \"q\", \"metadata\": {\"a\": [1, {\"b\": -1e400}]}}"),
                "metadata.a[1].b", "must be a finite number, was -Infinity");
    }

    @Test
    void shouldRefuseAnOptionOllamaCannotTake() {
        validatingSubmits();

        assertInvalid(post("{\"question\": \"q\", \"options\": {\"temperature\": \"hot\"}}"),
                "options.temperature", "must be a number, was \"hot\"");
        assertInvalid(post("{\"question\": \"q\", \"options\": {\"num_predict\": 1.5}}"),
                "options.num_predict", "must be a whole number, was 1.5");
        assertInvalid(post("{\"question\": \"q\", \"options\": {\"numPredict\": 10}}"),
                "options.numPredict", "is not an Ollama option name (lower case, digits and _)");
    }

    @Test
    void shouldRefuseANulCharacterWherePostgresCannotStoreIt() {
        validatingSubmits();
        String nul = "contains a NUL character (\\u0000), which cannot be stored: remove it";

        assertInvalid(post("{\"question\": \"a\\u0000b\"}"), "question", nul);
        assertInvalid(post("{\"question\": \"q\", \"model\": \"llama\\u0000\"}"), "model", nul);
        assertInvalid(post("{\"question\": \"q\", \"metadata\": {\"user\": \"u\\u0000\"}}"), "metadata.user", nul);
        assertInvalid(post("{\"question\": \"q\", \"metadata\": {\"k\\u0000\": 1}}"), "metadata", "has a key that " + nul);
        assertInvalid(post("{\"question\": \"q\", \"options\": {\"stop\": [\"\\u0000\"]}}"), "options.stop[0]", nul);
    }

    @Test
    void shouldRefuseMetadataAndOptionsOverTheirLimits() {
        validatingSubmits();
        String big = "x".repeat(16_000);
        String overTheLimit = "; the limit is 16000: keep large data elsewhere and pass a reference to it";

        assertInvalid(post("{\"question\": \"q\", \"metadata\": {\"blob\": \"" + big + "\"}}"), "metadata",
                "is 16011 characters long as JSON" + overTheLimit);
        assertInvalid(post("{\"question\": \"q\", \"options\": {\"stop\": [\"" + big + "\"]}}"), "options",
                "is 16013 characters long as JSON" + overTheLimit);
    }

    @Test
    void shouldRefuseAQuestionOverTheLimitWith400Not413() {
        validatingSubmits();

        assertInvalid(post("{\"question\": \"" + "q".repeat(16_001) + "\"}"), "question",
                "is 16001 characters long; the limit is 16000: shorten it or split it into several jobs");
    }

    // submit: too large

    @Test
    void shouldRefuseABodyOverTheLimitWith413BeforeReadingIt() {
        MvcTestResult result = post("{\"question\": \"" + "x".repeat(1_048_576) + "\"}");

        assertProblem(result, 413, "body-too-large", "Request body too large");
        detail(result).isEqualTo("the body is 1048592 bytes long; the limit is 1048576: shorten the"
                + " question, metadata or options, or split it into several jobs");
        verifyNoInteractions(submitJob);
    }

    @Test
    void shouldRefuseAChunkedBodyOverTheLimitWith413AsItIsRead() {
        validatingSubmits();

        MvcTestResult result = postChunked("{\"question\": \"" + "x".repeat(1_048_576) + "\"}");

        assertProblem(result, 413, "body-too-large", "Request body too large");
        detail(result).isEqualTo("the body is over 1048576 bytes long; the limit is 1048576: shorten the"
                + " question, metadata or options, or split it into several jobs");
        verifyNoInteractions(submitJob);
    }

    @Test
    void shouldTakeAChunkedBodyJustUnderTheLimit() {
        given(submitJob.submit(any(), any())).willReturn(queued(Map.of()));
        String envelope = "{\"question\": \"\"}";

        assertThat(postChunked("{\"question\": \"" + "x".repeat(1_048_575 - envelope.length()) + "\"}"))
                .hasStatus(202);
    }

    // submit: bounds of the JSON reader

    @Test
    void shouldRefuseABodyNestedDeeperThan64With400() {
        MvcTestResult result = post("{\"question\": \"q\", \"metadata\": {\"a\": " + "[".repeat(70) + "]".repeat(70) + "}}");

        assertProblem(result, 400, "unreadable-body", "Unreadable request body");
        detail(result).startsWith("the body is over a limit of the JSON reader: ").contains("nesting depth")
                .doesNotContain("StreamReadConstraints");
        verifyNoInteractions(submitJob);
    }

    @Test
    void shouldTakeMetadataNestedWithinTheLimit() {
        validatingSubmits();

        assertThat(post("{\"question\": \"q\", \"metadata\": {\"a\": " + "[".repeat(60) + "]".repeat(60) + "}}"))
                .hasStatus(202);
    }

    @Test
    void shouldRefuseANumberOfMoreThan100DigitsWith400() {
        MvcTestResult result = post("{\"question\": \"q\", \"metadata\": {\"n\": 1" + "0".repeat(200) + "}}");

        assertProblem(result, 400, "unreadable-body", "Unreadable request body");
        detail(result).startsWith("the body is over a limit of the JSON reader: ").contains("Number value length");
        verifyNoInteractions(submitJob);
    }

    @Test
    void shouldRefuseAnOptionOutOfItsRangeNamingTheRange() {
        validatingSubmits();

        assertInvalid(post("{\"question\": \"q\", \"options\": {\"num_ctx\": 100000000}}"), "options.num_ctx",
                "must be a whole number from 1 to 1048576, was 100000000");
    }

    @Test
    void shouldListAtMost50ViolationsAndCountTheRest() {
        validatingSubmits();
        StringBuilder options = new StringBuilder();
        for (int i = 0; i < 1000; i++) {
            options.append(i == 0 ? "" : ", ").append("\"O").append(i).append("\": 1");
        }

        MvcTestResult result = post("{\"question\": \"q\", \"options\": {" + options + "}}");

        assertProblem(result, 400, "invalid-request", "Invalid request");
        assertThat(result).bodyJson().extractingPath("$.errors.length()").isEqualTo(50);
        detail(result).endsWith("; and 950 more");
    }

    @Test
    void shouldTakeABodyOfExactlyTheLimit() {
        given(submitJob.submit(any(), any())).willReturn(queued(Map.of()));
        String envelope = "{\"question\": \"\"}";

        assertThat(post("{\"question\": \"" + "x".repeat(1_048_576 - envelope.length()) + "\"}")).hasStatus(202);
    }

    // submit: not accepted

    @Test
    void shouldAnswer503WithRetryAfterWhenNothingWasStored() {
        willThrow(new JobNotAcceptedException("PostgreSQL did not take the job", new RuntimeException("I/O error")))
                .given(submitJob).submit(any(), any());

        MvcTestResult result = post("{\"question\": \"q\"}");

        assertNotAccepted(result);
        detail(result).isEqualTo("PostgreSQL did not take the job; nothing was stored: submit again after"
                + " the Retry-After delay");
        assertThat(result).bodyJson().doesNotHavePath("$.jobId");
    }

    @Test
    void shouldAnswer503NamingTheJobKafkaMayHaveTaken() {
        willThrow(JobNotAcceptedException.unacknowledged(ID, "Kafka did not acknowledge the job within 5000 ms", null))
                .given(submitJob).submit(any(), any());

        MvcTestResult result = post("{\"question\": \"q\"}");

        assertNotAccepted(result);
        assertThat(result).bodyJson().extractingPath("$.jobId").asString().isEqualTo(ID.toString());
        detail(result).isEqualTo("Kafka did not acknowledge the job within 5000 ms; Kafka may have taken it"
                + " all the same, as " + ID + ": submit again after the Retry-After delay (a duplicate costs no second"
                + " run), or poll /v1/jobs/" + ID + " (404 while it was not taken)");
    }

    @Test
    void shouldAnswer503NamingTheJobThatWillStillRun() {
        willThrow(JobNotAcceptedException.publishedButNotStored(ID, new RuntimeException("commit failed")))
                .given(submitJob).submit(any(), any());

        MvcTestResult result = post("{\"question\": \"q\"}");

        assertNotAccepted(result);
        assertThat(result).bodyJson().extractingPath("$.jobId").asString().isEqualTo(ID.toString());
        detail(result).isEqualTo("Kafka took the job but PostgreSQL did not confirm it; the job will still"
                + " be answered as " + ID + ": poll /v1/jobs/" + ID + " after the Retry-After delay (404 until its row"
                + " is written), or submit again: a duplicate costs no second run");
    }

    // poll

    @Test
    void shouldNeverShowAnOllamaHostsUrlNorAnExceptionsTextInAJobsError() {
        JobView unavailable = new JobView(ID, JobStatus.FAILED, JobSource.LLM, "q", null, "answer", "v1", "f", null,
                new JobError("OLLAMA_UNAVAILABLE", "chain answer step 1 on http://gpu-7.internal:11434 failed:"
                        + " Connection refused to 10.0.3.7:11434", 3), null, null, List.of(), Map.of(), null,
                SUBMITTED_AT, SUBMITTED_AT, SUBMITTED_AT, JobLinks.of(ID));
        given(queries.find(ID)).willReturn(Optional.of(unavailable));

        MvcTestResult result = mvc.get().uri("/v1/jobs/" + ID).exchange();

        assertThat(result).hasStatusOk();
        assertThat(result).bodyJson().extractingPath("$.error.message").asString()
                .doesNotContain("gpu-7.internal", "10.0.3.7", "11434").contains("<host>");

        JobView bug = new JobView(ID, JobStatus.FAILED, JobSource.LLM, "q", null, "answer", "v1", "f", null,
                new JobError("WORKER_ERROR", "java.lang.IllegalStateException: SQL [select * from runs] failed", 1),
                null, null, List.of(), Map.of(), null, SUBMITTED_AT, SUBMITTED_AT, SUBMITTED_AT, JobLinks.of(ID));
        given(queries.find(ID)).willReturn(Optional.of(bug));

        MvcTestResult shown = mvc.get().uri("/v1/jobs/" + ID).exchange();

        assertThat(shown).bodyJson().extractingPath("$.error.message").asString()
                .doesNotContain("IllegalStateException", "select").startsWith("Worker error");
    }

    @Test
    void shouldAnswerAKnownJob() {
        UUID runId = UUID.randomUUID();
        JobView view = new JobView(ID, JobStatus.FAILED, JobSource.LLM, "What is Kafka?", null, "answer", "v1", "f",
                null, new JobError("OLLAMA_TIMEOUT", "no answer in 120 s", 3),
                new JobView.RunView(runId, "FAILED", 0, 1, "answer"), null, List.of(), Map.of("user", "u1"),
                new JobView.WebhookView("https://hooks.example.com/a", List.of("job.failed")),
                SUBMITTED_AT, SUBMITTED_AT.plusSeconds(400), SUBMITTED_AT.plusSeconds(400), JobLinks.of(ID));
        given(queries.find(ID)).willReturn(Optional.of(view));

        MvcTestResult result = mvc.get().uri("/v1/jobs/" + ID).exchange();

        assertThat(result).hasStatusOk().hasContentType(MediaType.APPLICATION_JSON);
        assertThat(result).bodyJson().isLenientlyEqualTo("""
                {"id": "%s", "status": "FAILED", "source": "LLM", "question": "What is Kafka?",
                 "error": {"type": "OLLAMA_TIMEOUT", "message": "no answer in 120 s", "attempts": 3},
                 "run": {"id": "%s", "status": "FAILED", "stepsDone": 0, "stepsTotal": 1, "currentStep": "answer"},
                 "metadata": {"user": "u1"}, "completedAt": "2026-01-01T10:06:40Z",
                 "webhook": {"url": "https://hooks.example.com/a", "events": ["job.failed"]},
                 "links": {"self": "/v1/jobs/%s"}}""".formatted(ID, runId, ID));
        assertThat(result).bodyJson().doesNotHavePath("$.answer").doesNotHavePath("$.model");
    }

    @Test
    void shouldAnswer404ForAnUnknownJob() {
        given(queries.find(ID)).willReturn(Optional.empty());

        MvcTestResult result = mvc.get().uri("/v1/jobs/" + ID).exchange();

        assertProblem(result, 404, "job-not-found", "Job not found");
        detail(result).isEqualTo("no job has the id " + ID
                + "; check the id from the submit answer's Location header");
    }

    @ParameterizedTest
    @ValueSource(strings = {"42", "1-2-3-4-5", "0192f0c4-7c1e-7a3b-9c2d-1f2e3d4c5b6", "0192f0c4-7c1e-7a3b-9c2d-1f2e3d4c5b6z",
            "0192f0c47c1e7a3b9c2d1f2e3d4c5b6a"})
    void shouldRefuseAMalformedJobIdShowingOne(String id) {
        MvcTestResult result = mvc.get().uri("/v1/jobs/{id}", id).exchange();

        assertProblem(result, 400, "invalid-request", "Invalid request");
        assertThat(result).bodyJson().extractingPath("$.errors[0].field").asString().isEqualTo("id");
        assertThat(result).bodyJson().extractingPath("$.errors[0].message").asString().isEqualTo("\"" + id
                + "\" is not a job id; a job id is a UUID such as 0192f0c4-7c1e-7a3b-9c2d-1f2e3d4c5b6a");
        verifyNoInteractions(queries);
    }

    @Test
    void shouldAnswer503WithRetryAfterWhenPostgresDoesNotAnswerAPoll() {
        for (RuntimeException failure : List.of(new DataAccessResourceFailureException("I/O error"),
                new CannotCreateTransactionException("no connection"))) {
            willThrow(failure).given(queries).find(ID);

            MvcTestResult result = mvc.get().uri("/v1/jobs/" + ID).exchange();

            assertProblem(result, 503, "store-unavailable", "Job store unavailable");
            assertThat(result).headers().hasValue("Retry-After", "5");
            detail(result).isEqualTo("PostgreSQL is not answering; retry after the Retry-After delay");
        }
    }

    // anything else

    @Test
    void shouldAnswerAnUnexpectedErrorWithA500ThatKeepsItsMessageToItself() {
        willThrow(new IllegalStateException("a bug with secrets in its message")).given(submitJob).submit(any(), any());
        given(queries.find(ID)).willThrow(new NullPointerException("secrets too"));

        for (MvcTestResult result : List.of(post("{\"question\": \"q\"}"), mvc.get().uri("/v1/jobs/" + ID).exchange())) {
            assertProblem(result, 500, "internal-error", "Internal error");
            detail(result)
                    .isEqualTo("an unexpected error on the server (logged there); retry, and report it if it persists");
            assertThat(result).bodyText().doesNotContain("secrets", "Exception");
        }
    }

    @Test
    void shouldAnswerWhatSpringMvcRefusesItselfWithAProblemToo() {
        MvcTestResult text = mvc.post().uri("/v1/jobs").contentType(MediaType.TEXT_PLAIN).content("What is Kafka?")
                .exchange();
        MvcTestResult put = mvc.put().uri("/v1/jobs/" + ID).contentType(MediaType.APPLICATION_JSON).content("{}")
                .exchange();

        // Spring MVC's own problems, in the catalog's words; the header says what is allowed too
        assertProblem(text, 415, "unsupported-media-type", "Unsupported media type");
        assertThat(text).headers().hasHeaderSatisfying("Accept", accept -> assertThat(accept).anySatisfy(
                value -> assertThat(value).contains("application/json")));
        detail(text).endsWith("send the body as JSON with Content-Type: application/json");
        assertProblem(put, 405, "method-not-allowed", "Method not allowed");
        assertThat(put).headers().hasValue("Allow", "GET");
        detail(put).contains("Allow header");
        verifyNoInteractions(submitJob, queries);
    }

    private MvcTestResult post(String json) {
        return mvc.post().uri("/v1/jobs").contentType(MediaType.APPLICATION_JSON).content(json).exchange();
    }

    /** A body sent chunked: no {@code Content-Length}, so only the bounded stream of BodySizeLimit can stop it. */
    private MvcTestResult postChunked(String json) {
        return mvc.post().uri("/v1/jobs").contentType(MediaType.APPLICATION_JSON).content(json)
                .with(ChunkedRequest::of).exchange();
    }

    /** Submits checked by the real validator (with the defaults of application.yaml), then accepted as queued. */
    private void validatingSubmits() {
        JobRequestValidator validator = TestValidators.defaults();
        given(submitJob.submit(any(), any())).willAnswer(call -> {
            NewJob job = call.getArgument(0);
            validator.toJobRequest(job);
            return queued(job.metadata());
        });
    }

    private static JobSubmitted queued(Map<String, Object> metadata) {
        JobRequest request = new JobRequest("What is Kafka?", null, "answer", "v1", Map.of());
        return new JobSubmitted(ID, Fingerprint.of(request), request, CachePolicy.DEFAULT, metadata, SUBMITTED_AT);
    }

    private static AbstractStringAssert<?> detail(MvcTestResult result) {
        return assertThat(result).bodyJson().extractingPath("$.detail").asString();
    }

    private static void assertProblem(MvcTestResult result, int status, String type, String title) {
        assertThat(result).hasStatus(status).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(result).bodyJson().extractingPath("$.type").asString().isEqualTo(PROBLEMS + type);
        assertThat(result).bodyJson().extractingPath("$.title").asString().isEqualTo(title);
        assertThat(result).bodyJson().extractingPath("$.status").asNumber().isEqualTo(status);
        assertThat(result).bodyJson().extractingPath("$.instance").asString()
                .isEqualTo(result.getRequest().getRequestURI());
    }

    private static void assertUnreadable(MvcTestResult result, String detail) {
        assertProblem(result, 400, "unreadable-body", "Unreadable request body");
        detail(result).isEqualTo(detail);
    }

    private static void assertInvalid(MvcTestResult result, String field, String message) {
        assertProblem(result, 400, "invalid-request", "Invalid request");
        assertThat(result).bodyJson().extractingPath("$.errors").isEqualTo(List.of(Map.of("field", field,
                "message", message)));
    }

    private static void assertNotAccepted(MvcTestResult result) {
        assertProblem(result, 503, "not-accepted", "Job not accepted");
        assertThat(result).headers().hasValue("Retry-After", "5");
    }
}
