package io.askflow.api.webhook;

import io.askflow.core.job.JobEventType;
import io.askflow.core.job.JobWebhook;
import io.askflow.core.store.WebhookEndpointStore;
import io.askflow.core.store.WebhookEndpointStore.Endpoint;
import org.assertj.core.api.AbstractStringAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import static io.askflow.api.webhook.WebhookSliceConfiguration.NOW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;

/**
 * The endpoints API alone (a web slice): the controller with the receiver rules, the problem handler and the
 * application's JSON settings; the store is a mock.
 */
@WebMvcTest(WebhookEndpointController.class)
@Import(WebhookSliceConfiguration.class)
class WebhookEndpointControllerTest {

    private static final String PROBLEMS = "https://askflow.dev/problems/";
    private static final UUID ID = UUID.fromString("0192f0c4-7c1e-7a3b-9c2d-1f2e3d4c5b6a");
    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final String OLD_SECRET = "whsec_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAold1";
    private static final Instant CREATED = Instant.parse("2025-12-01T08:00:00Z");

    @Autowired
    MockMvcTester mvc;

    @MockitoBean
    WebhookEndpointStore store;

    // register

    @Test
    void shouldRegisterAnEndpointAndShowItsSecretThisOnce() {
        given(store.create(any(), any(), any(), any(), any())).willReturn(endpoint(Set.of(JobEventType.JOB_RUNNING,
                JobEventType.JOB_FAILED), "billing"));

        MvcTestResult result = post("""
                {"url": "https://hooks.example.com/askflow", "events": ["job.failed", "job.running"],
                 "description": "billing"}""");

        assertThat(result).hasStatus(201).hasContentType(MediaType.APPLICATION_JSON)
                .headers().hasValue("Location", "/v1/webhooks/endpoints/" + ID);
        assertThat(result).bodyJson().isLenientlyEqualTo("""
                {"id": "%s", "url": "https://hooks.example.com/askflow", "events": ["job.running", "job.failed"],
                 "description": "billing", "secret": "%s", "createdAt": "2025-12-01T08:00:00Z",
                 "links": {"self": "/v1/webhooks/endpoints/%s"}}""".formatted(ID, SECRET, ID));
        assertThat(result).bodyJson().doesNotHavePath("$.previousSecret").doesNotHavePath("$.disabledAt");
        verify(store).create("default", "https://hooks.example.com/askflow", Set.of(JobEventType.JOB_RUNNING,
                JobEventType.JOB_FAILED), "billing", NOW);
    }

    @Test
    void shouldSubscribeAnEndpointThatNamesNoEventsToTheJobsEnd() {
        given(store.create(any(), any(), any(), any(), any())).willReturn(endpoint(JobWebhook.DEFAULT_EVENTS, null));

        assertThat(post("{\"url\": \"https://hooks.example.com/askflow\"}")).hasStatus(201);

        verify(store).create("default", "https://hooks.example.com/askflow", JobWebhook.DEFAULT_EVENTS, null, NOW);
    }

    @Test
    void shouldRefuseAnEndpointThatBreaksTheRulesListingEveryViolation() {
        MvcTestResult result = post("""
                {"url": "http://169.254.169.254/latest", "events": ["job.completed", "job.done", null],
                 "description": "%s"}""".formatted("d".repeat(1_001)));

        assertProblem(result, 400, "invalid-request", "Invalid request");
        assertThat(result).bodyJson().extractingPath("$.errors").isEqualTo(List.of(
                Map.of("field", "url", "message", "169.254.169.254 is a link-local (cloud metadata) address"
                        + " (169.254.0.0/16); webhooks go to public addresses only (allow a local receiver with"
                        + " askflow.webhooks.allowed-networks)"),
                Map.of("field", "events[1]", "message",
                        "unknown event \"job.done\"; known events: job.running, job.completed, job.failed"),
                Map.of("field", "events[2]", "message",
                        "must not be null; known events: job.running, job.completed, job.failed"),
                Map.of("field", "description", "message", "is 1001 characters long; the limit is 1000")));
        verifyNoInteractions(store);
    }

    @Test
    void shouldRefuseAnEndpointWithoutAUrlOrWithAnUnknownField() {
        assertInvalid(post("{\"events\": [\"job.completed\"]}"), "url",
                "is required: the http or https URL that receives the events");
        assertInvalid(post("{\"url\": \"ftp://hooks.example.com/\"}"), "url",
                "must be an http or https URL, was \"ftp:\"");
        MvcTestResult unknown = post("{\"url\": \"https://hooks.example.com/\", \"secret\": \"mine\"}");
        assertProblem(unknown, 400, "unreadable-body", "Unreadable request body");
        detail(unknown).isEqualTo("unknown field \"secret\"; known fields: description, events, url");
        verifyNoInteractions(store);
    }

    // read

    @Test
    void shouldListEndpointsWithTheirSecretsMasked() {
        given(store.list()).willReturn(List.of(endpoint(JobWebhook.DEFAULT_EVENTS, null)));

        MvcTestResult result = mvc.get().uri("/v1/webhooks/endpoints").exchange();

        assertThat(result).hasStatusOk().bodyJson().isLenientlyEqualTo("""
                [{"id": "%s", "events": ["job.completed", "job.failed"], "secret": "whsec_\u2026LaSw"}]""".formatted(ID));
        assertThat(result).bodyText().doesNotContain(SECRET.substring(6, 20));
    }

    @Test
    void shouldShowTheOldSecretMaskedWhileItStillSigns() {
        Instant expires = NOW.plusSeconds(3600);
        given(store.find(ID)).willReturn(Optional.of(rotated(expires)));

        MvcTestResult result = mvc.get().uri("/v1/webhooks/endpoints/" + ID).exchange();

        assertThat(result).hasStatusOk().bodyJson().isLenientlyEqualTo("""
                {"secret": "whsec_\u2026LaSw", "previousSecret": "whsec_\u2026old1",
                 "previousSecretExpiresAt": "2026-01-01T11:00:00Z"}""");
        given(store.find(ID)).willReturn(Optional.of(rotated(NOW)));
        assertThat(mvc.get().uri("/v1/webhooks/endpoints/" + ID).exchange()).as("its grace period is over")
                .bodyJson().doesNotHavePath("$.previousSecret").doesNotHavePath("$.previousSecretExpiresAt");
    }

    @Test
    void shouldAnswer404ForAnUnknownEndpoint() {
        given(store.find(ID)).willReturn(Optional.empty());
        given(store.rotate(any(), any(), any())).willReturn(Optional.empty());

        for (MvcTestResult result : List.of(mvc.get().uri("/v1/webhooks/endpoints/" + ID).exchange(),
                mvc.post().uri("/v1/webhooks/endpoints/" + ID + "/rotate").exchange(),
                mvc.delete().uri("/v1/webhooks/endpoints/" + ID).exchange())) {
            assertProblem(result, 404, "webhook-endpoint-not-found", "Webhook endpoint not found");
            detail(result).isEqualTo("no webhook endpoint has the id " + ID + "; take the id from the registration's"
                    + " answer or from GET /v1/webhooks/endpoints; a deleted endpoint is gone");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"42", "1-2-3-4-5", "0192f0c47c1e7a3b9c2d1f2e3d4c5b6a"})
    void shouldRefuseAMalformedEndpointId(String id) {
        assertInvalid(mvc.get().uri("/v1/webhooks/endpoints/{id}", id).exchange(), "id", "\"" + id
                + "\" is not an endpoint id; an endpoint id is a UUID such as 0192f0c4-7c1e-7a3b-9c2d-1f2e3d4c5b6a");
        verifyNoInteractions(store);
    }

    // rotate

    @Test
    void shouldRotateWithADayOfGraceByDefaultShowingTheNewSecretOnce() {
        given(store.rotate(ID, Duration.ofHours(24), NOW)).willReturn(Optional.of(rotated(NOW.plusSeconds(86_400))));

        MvcTestResult result = mvc.post().uri("/v1/webhooks/endpoints/" + ID + "/rotate").exchange();

        assertThat(result).hasStatusOk().bodyJson().isLenientlyEqualTo("""
                {"id": "%s", "secret": "%s", "previousSecret": "whsec_\u2026old1",
                 "previousSecretExpiresAt": "2026-01-02T10:00:00Z"}""".formatted(ID, SECRET));
    }

    @Test
    void shouldRotateWithTheGraceAskedFor() {
        given(store.rotate(any(), any(), any())).willReturn(Optional.of(rotated(NOW)));

        assertThat(mvc.post().uri("/v1/webhooks/endpoints/" + ID + "/rotate?grace=PT0S").exchange()).hasStatusOk();
        assertThat(mvc.post().uri("/v1/webhooks/endpoints/" + ID + "/rotate?grace=P7D").exchange()).hasStatusOk();

        verify(store).rotate(ID, Duration.ZERO, NOW);
        verify(store).rotate(ID, Duration.ofDays(7), NOW);
    }

    @Test
    void shouldRefuseAGraceThatIsNotADurationOrOutOfRange() {
        String range = "must be from PT0S (the old secret stops signing at once) to P7D, was ";

        assertInvalid(rotate("24h"), "grace", "\"24h\" is not an ISO-8601 duration such as PT24H, PT30M or P2D");
        assertInvalid(rotate("P8D"), "grace", range + "P8D");
        assertInvalid(rotate("PT168H1S"), "grace", range + "PT168H1S");
        assertInvalid(rotate("-PT1H"), "grace", range + "-PT1H");
        verifyNoInteractions(store);
    }

    // delete

    @Test
    void shouldDeleteAnEndpointWith204() {
        given(store.delete(ID)).willReturn(true);

        MvcTestResult result = mvc.delete().uri("/v1/webhooks/endpoints/" + ID).exchange();

        assertThat(result).hasStatus(204).body().isEmpty();
        verify(store).delete(ID);
    }

    @Test
    void shouldAnswer503WithRetryAfterWhenPostgresDoesNotAnswer() {
        given(store.list()).willThrow(new DataAccessResourceFailureException("I/O error"));

        MvcTestResult result = mvc.get().uri("/v1/webhooks/endpoints").exchange();

        assertProblem(result, 503, "store-unavailable", "Job store unavailable");
        assertThat(result).headers().hasValue("Retry-After", "5");
    }

    private MvcTestResult post(String json) {
        return mvc.post().uri("/v1/webhooks/endpoints").contentType(MediaType.APPLICATION_JSON).content(json).exchange();
    }

    private MvcTestResult rotate(String grace) {
        return mvc.post().uri("/v1/webhooks/endpoints/{id}/rotate?grace={grace}", ID, grace).exchange();
    }

    private static Endpoint endpoint(Set<JobEventType> events, String description) {
        return new Endpoint(ID, "https://hooks.example.com/askflow", events, SECRET, null, null, description, null,
                null, CREATED, CREATED);
    }

    private static Endpoint rotated(Instant previousSecretExpiresAt) {
        return new Endpoint(ID, "https://hooks.example.com/askflow", JobWebhook.DEFAULT_EVENTS, SECRET, OLD_SECRET,
                previousSecretExpiresAt, null, null, null, CREATED, NOW);
    }

    private static AbstractStringAssert<?> detail(MvcTestResult result) {
        return assertThat(result).bodyJson().extractingPath("$.detail").asString();
    }

    static void assertProblem(MvcTestResult result, int status, String type, String title) {
        assertThat(result).hasStatus(status).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(result).bodyJson().extractingPath("$.type").asString().isEqualTo(PROBLEMS + type);
        assertThat(result).bodyJson().extractingPath("$.title").asString().isEqualTo(title);
        assertThat(result).bodyJson().extractingPath("$.instance").asString()
                .isEqualTo(result.getRequest().getRequestURI());
    }

    private static void assertInvalid(MvcTestResult result, String field, String message) {
        assertProblem(result, 400, "invalid-request", "Invalid request");
        assertThat(result).bodyJson().extractingPath("$.errors").isEqualTo(List.of(Map.of("field", field,
                "message", message)));
    }
}
