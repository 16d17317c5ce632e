package io.askflow.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Runs only where a Docker engine answers; skipped (not failed) elsewhere. */
class TestcontainersInfrastructureTest {

    private static Infrastructure infra;

    @BeforeAll
    static void startContainers() {
        assumeTrue(Infrastructures.dockerAvailable(), "no Docker engine: Testcontainers cannot start containers");
        infra = Infrastructures.start(InfraSettings.fromEnvironment().withMode(InfraMode.TESTCONTAINERS));
    }

    @AfterAll
    static void stopContainers() {
        if (infra != null) {
            infra.close();
        }
    }

    @Test
    void shouldRunEverythingInContainers() throws Exception {
        assertThat(infra.mode()).isEqualTo(InfraMode.TESTCONTAINERS);
        assertThat(infra.supportsRedisRestart()).isFalse();

        InfraChecks.kafkaRoundTripWorks(infra);
        InfraChecks.transactionalProducerCommitsAndAborts(infra);
        InfraChecks.redisSetGetWorks(infra);
        InfraChecks.postgresAnswersAndCreatesDatabases(infra);
        InfraChecks.postgresBlocksAndUnblocksItsDatabase(infra);
    }
}
