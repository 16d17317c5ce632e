package io.askflow.testing.postgres;

import org.testcontainers.postgresql.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;

/** PostgreSQL in a Docker container; user and password {@code postgres}, database {@code postgres}. */
public final class ContainerPostgresPart implements PostgresPart {

    /** The image used unless told otherwise. */
    public static final String DEFAULT_IMAGE = "postgres:17";

    private final PostgreSQLContainer container;

    private ContainerPostgresPart(PostgreSQLContainer container) {
        this.container = container;
    }

    /**
     * Starts a container; needs a Docker engine.
     *
     * @param image a PostgreSQL image, for example {@value #DEFAULT_IMAGE}
     * @return the running container
     */
    public static ContainerPostgresPart start(String image) {
        PostgreSQLContainer container = new PostgreSQLContainer(DockerImageName.parse(image))
                .withDatabaseName("postgres")
                .withUsername("postgres")
                .withPassword("postgres")
                .withCommand("postgres", "-c", "fsync=off", "-c", "max_connections=300");
        container.start();
        return new ContainerPostgresPart(container);
    }

    @Override
    public String jdbcUrl() {
        return container.getJdbcUrl();
    }

    @Override
    public String username() {
        return container.getUsername();
    }

    @Override
    public String password() {
        return container.getPassword();
    }

    @Override
    public String description() {
        return "PostgreSQL container " + container.getDockerImageName() + " at " + jdbcUrl();
    }

    @Override
    public void close() {
        container.stop();
    }
}
