package io.askflow.testing.redis;

import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;

/** Redis in a Docker container, persistence off. Cannot be restarted on the same port. */
public final class ContainerRedisPart implements RedisPart {

    /** The image used unless told otherwise. */
    public static final String DEFAULT_IMAGE = "redis:7";

    private static final int REDIS_PORT = 6379;

    private final GenericContainer<?> container;

    private ContainerRedisPart(GenericContainer<?> container) {
        this.container = container;
    }

    /**
     * Starts a container; needs a Docker engine.
     *
     * @param image a Redis image, for example {@value #DEFAULT_IMAGE}
     * @return the running container
     */
    public static ContainerRedisPart start(String image) {
        GenericContainer<?> container = new GenericContainer<>(DockerImageName.parse(image))
                .withExposedPorts(REDIS_PORT)
                .withCommand("redis-server", "--save", "", "--appendonly", "no")
                .waitingFor(Wait.forLogMessage(".*Ready to accept connections.*\\n", 1));
        container.start();
        return new ContainerRedisPart(container);
    }

    @Override
    public String host() {
        return container.getHost();
    }

    @Override
    public int port() {
        return container.getMappedPort(REDIS_PORT);
    }

    @Override
    public String description() {
        return "Redis container " + container.getDockerImageName() + " at " + uri();
    }

    @Override
    public void close() {
        container.stop();
    }
}
