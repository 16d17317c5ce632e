package io.askflow.testing.kafka;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/** A Kafka cluster somebody else runs; checked once for reachability, never stopped. */
public final class ExternalKafkaPart implements KafkaPart {

    private static final Duration REACH_TIMEOUT = Duration.ofSeconds(15);

    private final String bootstrapServers;

    private ExternalKafkaPart(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
    }

    /**
     * Checks that the cluster answers and returns a part pointing at it.
     *
     * @param bootstrapServers the {@code bootstrap.servers} value
     * @return the part
     * @throws IllegalStateException when the cluster does not answer within 15 s
     */
    public static ExternalKafkaPart connect(String bootstrapServers) {
        Map<String, Object> config = Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) REACH_TIMEOUT.toMillis(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) REACH_TIMEOUT.toMillis());
        try (Admin admin = Admin.create(config)) {
            admin.describeCluster().clusterId().get(REACH_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        }
        catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("external Kafka at " + bootstrapServers + " does not answer", e);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reaching Kafka at " + bootstrapServers, e);
        }
        return new ExternalKafkaPart(bootstrapServers);
    }

    @Override
    public String bootstrapServers() {
        return bootstrapServers;
    }

    @Override
    public String description() {
        return "external Kafka at " + bootstrapServers;
    }

    @Override
    public void close() {
        // somebody else's cluster: nothing to stop
    }
}
