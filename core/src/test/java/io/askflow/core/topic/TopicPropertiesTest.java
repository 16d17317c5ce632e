package io.askflow.core.topic;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TopicPropertiesTest {

    @Test
    void shouldCreateTopicsWithTheirMinimumInSyncReplicas() {
        TopicProperties production = new TopicProperties(6, (short) 3, 2, false);

        assertThat(production.newTopic("askflow.jobs").replicationFactor()).isEqualTo((short) 3);
        assertThat(production.newTopic("askflow.jobs").configs()).containsEntry("min.insync.replicas", "2");
    }

    @Test
    void shouldRefuseASingleCopyUnlessAllowed() {
        assertThatThrownBy(() -> new TopicProperties(6, (short) 1, 1, false))
                .hasMessageContaining("askflow.topics.allow-unreplicated=true");
        assertThatThrownBy(() -> new TopicProperties(6, (short) 3, 1, false))
                .hasMessageContaining("min-insync-replicas 1");
        assertThat(TopicProperties.singleBroker(2).newTopic("t").replicationFactor()).isEqualTo((short) 1);
    }

    @Test
    void shouldRefuseMoreInSyncReplicasThanCopies() {
        assertThatThrownBy(() -> new TopicProperties(6, (short) 2, 3, true))
                .hasMessageContaining("must not exceed");
    }
}
