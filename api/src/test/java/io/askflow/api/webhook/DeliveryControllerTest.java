package io.askflow.api.webhook;

import io.askflow.api.job.JobQueries;
import io.askflow.core.job.JobEventType;
import io.askflow.core.store.DeliveryStore;
import io.askflow.core.store.DeliveryStore.AttemptView;
import io.askflow.core.store.DeliveryStore.DeliveryStatus;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static io.askflow.api.webhook.WebhookEndpointControllerTest.assertProblem;
import static io.askflow.api.webhook.WebhookSliceConfiguration.NOW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.verifyNoInteractions;

/** A job's deliveries alone (a web slice): the controller with the problem handler; the stores are mocks. */
@WebMvcTest(DeliveryController.class)
@Import(WebhookSliceConfiguration.class)
class DeliveryControllerTest {

    private static final UUID JOB = UUID.fromString("0192f0c4-7c1e-7a3b-9c2d-1f2e3d4c5b6a");
    private static final UUID ENDPOINT = UUID.fromString("6f1c2a4e-0c1d-4e5f-8a9b-0c1d2e3f4a5b");
    private static final Instant CREATED = Instant.parse("2026-01-01T09:00:00Z");

    @Autowired
    MockMvcTester mvc;

    @MockitoBean
    DeliveryStore deliveries;

    @MockitoBean
    JobQueries jobs;

    @Test
    void shouldListAJobsDeliveriesWithEveryAttempt() {
        given(jobs.exists(JOB)).willReturn(true);
        given(deliveries.forJob(JOB)).willReturn(List.of(failedTwiceThenPending(), delivered()));

        MvcTestResult result = mvc.get().uri("/v1/jobs/" + JOB + "/deliveries").exchange();

        assertThat(result).hasStatusOk().hasContentType(MediaType.APPLICATION_JSON);
        assertThat(result).bodyJson().isLenientlyEqualTo("""
                [{"id": "msg_a", "jobId": "%1$s", "url": "https://hooks.example.com/a", "event": "job.completed",
                  "status": "PENDING", "attemptCount": 2, "nextAttemptAt": "2026-01-01T09:05:05Z",
                  "lastStatusCode": 503, "createdAt": "2026-01-01T09:00:00Z",
                  "attempts": [{"attempt": 1, "at": "2026-01-01T09:00:00Z", "error": "connection refused",
                                "latencyMs": 3},
                               {"attempt": 2, "at": "2026-01-01T09:00:05Z", "statusCode": 503, "latencyMs": 120,
                                "error": "HTTP 503"}],
                  "links": {"redeliver": "/v1/jobs/%1$s/deliveries/msg_a/redeliver"}},
                 {"id": "msg_b", "endpointId": "%2$s", "event": "job.completed", "status": "DELIVERED",
                  "attemptCount": 1, "deliveredAt": "2026-01-01T09:00:01Z",
                  "attempts": [{"attempt": 1, "statusCode": 204, "latencyMs": 41}]}]""".formatted(JOB, ENDPOINT));
        assertThat(result).bodyJson().doesNotHavePath("$[0].endpointId").doesNotHavePath("$[0].attempts[0].statusCode")
                .doesNotHavePath("$[1].attempts[0].error").doesNotHavePath("$[1].nextAttemptAt");
    }

    @Test
    void shouldAnswerAnEmptyListForAJobWithoutDeliveries() {
        given(jobs.exists(JOB)).willReturn(true);
        given(deliveries.forJob(JOB)).willReturn(List.of());

        assertThat(mvc.get().uri("/v1/jobs/" + JOB + "/deliveries").exchange()).hasStatusOk().bodyJson()
                .isStrictlyEqualTo("[]");
    }

    @Test
    void shouldAnswer404ForTheDeliveriesOfAnUnknownJob() {
        given(jobs.exists(JOB)).willReturn(false);

        for (MvcTestResult result : List.of(mvc.get().uri("/v1/jobs/" + JOB + "/deliveries").exchange(),
                mvc.post().uri("/v1/jobs/" + JOB + "/deliveries/msg_a/redeliver").exchange())) {
            assertProblem(result, 404, "job-not-found", "Job not found");
        }
        verifyNoInteractions(deliveries);
    }

    @Test
    void shouldRefuseAMalformedJobId() {
        MvcTestResult result = mvc.get().uri("/v1/jobs/42/deliveries").exchange();

        assertProblem(result, 400, "invalid-request", "Invalid request");
        assertThat(result).bodyJson().extractingPath("$.errors[0].message").asString().isEqualTo("\"42\" is not a job"
                + " id; a job id is a UUID such as 0192f0c4-7c1e-7a3b-9c2d-1f2e3d4c5b6a");
        verifyNoInteractions(deliveries, jobs);
    }

    @Test
    void shouldRedeliverWith202AndTheDeliveryDueAgain() {
        given(jobs.exists(JOB)).willReturn(true);
        given(deliveries.redeliver(JOB, "msg_b", NOW)).willReturn(Optional.of(new DeliveryStore.DeliveryView("msg_b",
                JOB, ENDPOINT, "https://hooks.example.com/b", JobEventType.JOB_COMPLETED, DeliveryStatus.PENDING, 1,
                NOW, 204, null, CREATED, NOW, CREATED.plusSeconds(1), List.of())));

        MvcTestResult result = mvc.post().uri("/v1/jobs/" + JOB + "/deliveries/msg_b/redeliver").exchange();

        assertThat(result).hasStatus(202).bodyJson().isLenientlyEqualTo("""
                {"id": "msg_b", "status": "PENDING", "nextAttemptAt": "2026-01-01T10:00:00Z", "attemptCount": 1}""");
    }

    @Test
    void shouldAnswer404ForAnUnknownDelivery() {
        given(jobs.exists(JOB)).willReturn(true);
        given(deliveries.redeliver(any(), any(), any())).willReturn(Optional.empty());

        MvcTestResult result = mvc.post().uri("/v1/jobs/" + JOB + "/deliveries/msg_x/redeliver").exchange();

        assertProblem(result, 404, "delivery-not-found", "Delivery not found");
        assertThat(result).bodyJson().extractingPath("$.detail").asString().isEqualTo("job " + JOB
                + " has no delivery \"msg_x\"; take the id from the job's deliveries: GET /v1/jobs/<job id>/deliveries");
    }

    private static DeliveryStore.DeliveryView failedTwiceThenPending() {
        return new DeliveryStore.DeliveryView("msg_a", JOB, null, "https://hooks.example.com/a",
                JobEventType.JOB_COMPLETED, DeliveryStatus.PENDING, 2, CREATED.plusSeconds(305), 503, "HTTP 503",
                CREATED, CREATED.plusSeconds(5), null, List.of(
                        new AttemptView(1, CREATED, null, 3, "connection refused"),
                        new AttemptView(2, CREATED.plusSeconds(5), 503, 120, "HTTP 503")));
    }

    private static DeliveryStore.DeliveryView delivered() {
        return new DeliveryStore.DeliveryView("msg_b", JOB, ENDPOINT, "https://hooks.example.com/b",
                JobEventType.JOB_COMPLETED, DeliveryStatus.DELIVERED, 1, null, 204, null, CREATED,
                CREATED.plusSeconds(1), CREATED.plusSeconds(1), List.of(
                        new AttemptView(1, CREATED, 204, 41, null)));
    }
}
