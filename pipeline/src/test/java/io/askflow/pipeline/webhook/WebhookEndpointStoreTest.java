package io.askflow.pipeline.webhook;

import io.askflow.core.job.JobEventType;
import io.askflow.core.store.WebhookEndpointStore;
import io.askflow.core.store.WebhookEndpointStore.Endpoint;
import io.askflow.core.tenant.Tenants;
import io.askflow.core.webhook.WebhookSigner;
import io.askflow.pipeline.support.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Set;
import java.util.UUID;

import static io.askflow.pipeline.support.Messages.T0;
import static org.assertj.core.api.Assertions.assertThat;

class WebhookEndpointStoreTest {

    private static TestDatabase db;
    private static WebhookEndpointStore store;

    @BeforeAll
    static void database() {
        db = TestDatabase.create("pipeline_webhook_endpoints");
        store = new WebhookEndpointStore(db.jdbc());
    }

    @AfterAll
    static void dropDatabase() {
        db.close();
    }

    @Test
    void shouldCreateAnEndpointWithASecretOfItsOwn() {
        Endpoint endpoint = store.create("https://hooks.example.com/a", Set.of(JobEventType.JOB_RUNNING), "mine", T0);

        assertThat(WebhookSigner.isSecret(endpoint.secret())).isTrue();
        assertThat(endpoint.events()).containsExactly(JobEventType.JOB_RUNNING);
        assertThat(endpoint.active()).isTrue();
        assertThat(endpoint.createdAt()).isEqualTo(T0);
        assertThat(endpoint.signingSecrets(T0)).containsExactly(endpoint.secret());
        assertThat(endpoint.toString()).doesNotContain(endpoint.secret());
        assertThat(store.find(endpoint.id())).contains(endpoint);
        assertThat(store.list()).contains(endpoint);
        assertThat(store.create("https://hooks.example.com/b", Set.of(), null, T0).events())
                .containsExactlyInAnyOrder(JobEventType.JOB_COMPLETED, JobEventType.JOB_FAILED);
    }

    @Test
    void shouldKeepEachTenantsEndpointsToThatTenant() {
        Endpoint a = store.create("tenant-a", "https://a.example.com/t", Set.of(JobEventType.JOB_FAILED), null, T0);
        Endpoint b = store.create("tenant-b", "https://b.example.com/t", Set.of(JobEventType.JOB_FAILED), null, T0);

        assertThat(store.list("tenant-a")).extracting(Endpoint::id).containsExactly(a.id());
        assertThat(store.find(a.id(), "tenant-a")).contains(a);
        assertThat(store.find(a.id(), "tenant-b")).isEmpty();
        assertThat(store.rotate(a.id(), "tenant-b", Duration.ofHours(1), T0)).isEmpty();
        assertThat(store.find(a.id()).orElseThrow().secret()).as("not rotated").isEqualTo(a.secret());
        assertThat(store.delete(a.id(), "tenant-b")).isFalse();
        assertThat(store.activeFor(JobEventType.JOB_FAILED, "tenant-b")).extracting(Endpoint::id)
                .containsExactly(b.id());
        assertThat(store.delete(a.id(), "tenant-a")).isTrue();
        assertThat(store.find(a.id())).isEmpty();
    }

    @Test
    void shouldSignWithBothSecretsDuringTheGracePeriodOfARotation() {
        Endpoint endpoint = store.create("https://hooks.example.com/r", Set.of(JobEventType.JOB_COMPLETED), null, T0);

        Endpoint rotated = store.rotate(endpoint.id(), Duration.ofHours(1), T0.plusSeconds(10)).orElseThrow();

        assertThat(rotated.secret()).isNotEqualTo(endpoint.secret());
        assertThat(rotated.previousSecret()).isEqualTo(endpoint.secret());
        assertThat(rotated.signingSecrets(T0.plusSeconds(60))).containsExactly(rotated.secret(), endpoint.secret());
        assertThat(rotated.signingSecrets(T0.plusSeconds(10).plus(Duration.ofHours(1))))
                .containsExactly(rotated.secret());
        assertThat(store.rotate(UUID.randomUUID(), Duration.ofHours(1), T0)).isEmpty();
    }

    @Test
    void shouldOfferOnlyActiveEndpointsThatWantTheEvent() {
        Endpoint running = store.create("https://a.example.com/", Set.of(JobEventType.JOB_RUNNING), null, T0);
        Endpoint both = store.create("https://b.example.com/", Set.of(JobEventType.JOB_RUNNING,
                JobEventType.JOB_FAILED), null, T0);
        Endpoint gone = store.create("https://c.example.com/", Set.of(JobEventType.JOB_RUNNING), null, T0);

        store.disable(gone.id(), "410 Gone", T0.plusSeconds(1));
        store.disable(gone.id(), "a later reason", T0.plusSeconds(2));

        assertThat(store.activeFor(JobEventType.JOB_RUNNING, Tenants.DEFAULT)).extracting(Endpoint::id)
                .contains(running.id(), both.id()).doesNotContain(gone.id());
        assertThat(store.activeFor(JobEventType.JOB_FAILED, Tenants.DEFAULT)).extracting(Endpoint::id)
                .contains(both.id()).doesNotContain(running.id(), gone.id());
        Endpoint disabled = store.find(gone.id()).orElseThrow();
        assertThat(disabled.disabledReason()).isEqualTo("410 Gone");
        assertThat(disabled.disabledAt()).isEqualTo(T0.plusSeconds(1));
        assertThat(store.enable(gone.id(), T0.plusSeconds(3)).orElseThrow().active()).isTrue();
    }

    @Test
    void shouldDeleteAnEndpoint() {
        Endpoint endpoint = store.create("https://d.example.com/", Set.of(JobEventType.JOB_FAILED), null, T0);

        assertThat(store.delete(endpoint.id())).isTrue();
        assertThat(store.delete(endpoint.id())).isFalse();
        assertThat(store.find(endpoint.id())).isEmpty();
    }
}
