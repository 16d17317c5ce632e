package io.askflow.api.webhook;

import io.askflow.api.job.SharedApiContext;
import io.askflow.core.job.JobEventType;
import io.askflow.core.json.Json;
import io.askflow.core.store.DeliveryStore;
import io.askflow.core.webhook.WebhookSigner;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.assertj.MvcTestResult;
import tools.jackson.databind.JsonNode;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Webhooks through the API on real PostgreSQL (the shared context, with a signing secret set): an endpoint registered,
 * rotated, listed and deleted; a job submitted with its own webhook, read back, and its deliveries listed and
 * redelivered. No dispatcher runs here: the delivery is written as the pipeline's would be.
 */
class WebhookApiTest extends SharedApiContext {

    @Autowired
    JdbcClient jdbc;

    @Autowired
    DeliveryStore deliveryStore;

    @Test
    void shouldRegisterRotateListAndDeleteAnEndpoint() throws Exception {
        MvcTestResult created = mvc.post().uri("/v1/webhooks/endpoints").contentType(MediaType.APPLICATION_JSON)
                .content("{\"url\": \"https://hooks.example.com/askflow\", \"events\": [\"job.running\"],"
                        + " \"description\": \"api test\"}").exchange();

        assertThat(created).hasStatus(201);
        JsonNode endpoint = json(created);
        String id = endpoint.get("id").asString();
        String secret = endpoint.get("secret").asString();
        assertThat(WebhookSigner.isSecret(secret)).as(secret).isTrue();
        assertThat(created.getResponse().getHeader("Location")).isEqualTo("/v1/webhooks/endpoints/" + id);

        JsonNode rotated = json(mvc.post().uri("/v1/webhooks/endpoints/" + id + "/rotate?grace=PT1H").exchange());
        String newSecret = rotated.get("secret").asString();
        assertThat(WebhookSigner.isSecret(newSecret)).isTrue();
        assertThat(newSecret).isNotEqualTo(secret);
        assertThat(rotated.get("previousSecret").asString()).isEqualTo(EndpointView.mask(secret));
        assertThat(Instant.parse(rotated.get("previousSecretExpiresAt").asString()))
                .isCloseTo(Instant.now().plusSeconds(3600), within(60, ChronoUnit.SECONDS));

        MvcTestResult list = mvc.get().uri("/v1/webhooks/endpoints").exchange();
        assertThat(list).hasStatusOk().bodyText().contains(id, EndpointView.mask(newSecret))
                .doesNotContain(newSecret, secret);
        assertThat(mvc.get().uri("/v1/webhooks/endpoints/" + id).exchange()).hasStatusOk().bodyJson()
                .isLenientlyEqualTo("{\"events\": [\"job.running\"], \"description\": \"api test\"}");

        assertThat(mvc.delete().uri("/v1/webhooks/endpoints/" + id).exchange()).hasStatus(204);
        assertThat(mvc.get().uri("/v1/webhooks/endpoints/" + id).exchange()).hasStatus(404);
        assertThat(mvc.get().uri("/v1/webhooks/endpoints").exchange()).bodyText().doesNotContain(id);
    }

    @Test
    void shouldStoreAJobsWebhookShowItOnAPollAndListItsDeliveries() throws Exception {
        MvcTestResult submitted = post("{\"question\": \"Who signs webhooks? " + UUID.randomUUID() + "\","
                + " \"webhook\": {\"url\": \"https://hooks.example.com/jobs\","
                + " \"events\": [\"job.failed\", \"job.running\", \"job.completed\"]}}");

        assertThat(submitted).hasStatus(202);
        UUID jobId = UUID.fromString(json(submitted).get("id").asString());
        MvcTestResult poll = mvc.get().uri("/v1/jobs/" + jobId).exchange();
        assertThat(poll).hasStatusOk().bodyJson().isLenientlyEqualTo("""
                {"webhook": {"url": "https://hooks.example.com/jobs",
                             "events": ["job.running", "job.completed", "job.failed"]}}""");
        assertThat(json(poll).get("webhook")).isEqualTo(json(submitted).get("webhook"));
        assertThat(deliveries(jobId)).hasStatusOk().bodyJson().isStrictlyEqualTo("[]");

        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        deliveryStore.create(List.of(new DeliveryStore.NewDelivery("msg_" + jobId, jobId, null,
                "https://hooks.example.com/jobs", JobEventType.JOB_RUNNING, "{}", now)));
        jdbc.sql("update webhook_deliveries set status = 'FAILED', next_attempt_at = null where id = ?")
                .param("msg_" + jobId).update();

        assertThat(deliveries(jobId)).hasStatusOk().bodyJson().isLenientlyEqualTo("""
                [{"id": "msg_%s", "event": "job.running", "status": "FAILED", "attempts": []}]""".formatted(jobId));
        MvcTestResult redelivered = mvc.post().uri("/v1/jobs/" + jobId + "/deliveries/msg_" + jobId + "/redeliver")
                .exchange();
        assertThat(redelivered).hasStatus(202).bodyJson().isLenientlyEqualTo("{\"status\": \"PENDING\"}");
        assertThat(mvc.post().uri("/v1/jobs/" + jobId + "/deliveries/msg_other/redeliver").exchange()).hasStatus(404);
        assertThat(deliveries(UUID.randomUUID())).hasStatus(404);
    }

    @Test
    void shouldRefuseAJobWhoseWebhookGoesToAPrivateAddressStoringNothing() {
        String question = "Private hook? " + UUID.randomUUID();

        MvcTestResult result = post("{\"question\": \"" + question + "\", \"webhook\": {\"url\": \"http://10.0.0.1/\"}}");

        assertThat(result).hasStatus(400).bodyJson().extractingPath("$.errors[0].field").asString()
                .isEqualTo("webhook.url");
        assertThat(jdbc.sql("select count(*) from jobs where question = ?").param(question).query(Long.class).single())
                .isZero();
    }

    private MvcTestResult deliveries(UUID jobId) {
        return mvc.get().uri("/v1/jobs/" + jobId + "/deliveries").exchange();
    }

    private static JsonNode json(MvcTestResult result) throws Exception {
        return Json.MAPPER.readTree(result.getResponse().getContentAsString());
    }
}
