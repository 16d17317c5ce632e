package io.askflow.testing;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;

import io.askflow.testing.kafka.ContainerKafkaPart;
import io.askflow.testing.postgres.ContainerPostgresPart;
import io.askflow.testing.redis.ContainerRedisPart;

/**
 * What {@link Infrastructures#start(InfraSettings)} should start, read from system properties
 * first and environment variables second (see {@link Key}).
 *
 * @param mode the requested mode
 * @param kafkaBootstrapServers external Kafka, used in mode {@link InfraMode#EXTERNAL}
 * @param redisUri external Redis {@code redis://host:port}, used in mode external
 * @param jdbcUrl external PostgreSQL JDBC URL, used in mode external
 * @param jdbcUsername user for {@code jdbcUrl}
 * @param jdbcPassword password for {@code jdbcUrl}, empty for trust authentication
 * @param kafkaImage Docker image for mode {@link InfraMode#TESTCONTAINERS}
 * @param postgresImage Docker image for mode testcontainers
 * @param redisImage Docker image for mode testcontainers
 */
public record InfraSettings(
        InfraMode mode,
        Optional<String> kafkaBootstrapServers,
        Optional<URI> redisUri,
        Optional<String> jdbcUrl,
        String jdbcUsername,
        String jdbcPassword,
        String kafkaImage,
        String postgresImage,
        String redisImage) {

    /** The settings, each as a system property and as an environment variable. */
    public enum Key {
        /** {@code embedded} (default), {@code testcontainers} or {@code external}. */
        MODE("askflow.test.infra", "ASKFLOW_TEST_INFRA"),
        /** Kafka {@code bootstrap.servers} for mode external. */
        KAFKA_BOOTSTRAP_SERVERS("askflow.test.kafka.bootstrap-servers", "ASKFLOW_KAFKA_BOOTSTRAP_SERVERS"),
        /** {@code redis://host:port} for mode external. */
        REDIS_URL("askflow.test.redis.url", "ASKFLOW_REDIS_URL"),
        /** {@code jdbc:postgresql://host:port/database} for mode external. */
        JDBC_URL("askflow.test.jdbc.url", "ASKFLOW_JDBC_URL"),
        /** User for the JDBC URL; default {@code postgres}. */
        JDBC_USERNAME("askflow.test.jdbc.username", "ASKFLOW_JDBC_USERNAME"),
        /** Password for the JDBC URL; default empty. */
        JDBC_PASSWORD("askflow.test.jdbc.password", "ASKFLOW_JDBC_PASSWORD"),
        /** Kafka image for mode testcontainers; default {@value ContainerKafkaPart#DEFAULT_IMAGE}. */
        KAFKA_IMAGE("askflow.test.kafka.image", "ASKFLOW_TEST_KAFKA_IMAGE"),
        /** PostgreSQL image for mode testcontainers; default {@value ContainerPostgresPart#DEFAULT_IMAGE}. */
        POSTGRES_IMAGE("askflow.test.postgres.image", "ASKFLOW_TEST_POSTGRES_IMAGE"),
        /** Redis image for mode testcontainers; default {@value ContainerRedisPart#DEFAULT_IMAGE}. */
        REDIS_IMAGE("askflow.test.redis.image", "ASKFLOW_TEST_REDIS_IMAGE");

        private final String systemProperty;
        private final String environmentVariable;

        Key(String systemProperty, String environmentVariable) {
            this.systemProperty = systemProperty;
            this.environmentVariable = environmentVariable;
        }

        /**
         * The system property name.
         *
         * @return for example {@code askflow.test.infra}
         */
        public String systemProperty() {
            return systemProperty;
        }

        /**
         * The environment variable name.
         *
         * @return for example {@code ASKFLOW_TEST_INFRA}
         */
        public String environmentVariable() {
            return environmentVariable;
        }
    }

    /** Checks that nothing is {@code null}. */
    public InfraSettings {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(kafkaBootstrapServers, "kafkaBootstrapServers");
        Objects.requireNonNull(redisUri, "redisUri");
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        Objects.requireNonNull(jdbcUsername, "jdbcUsername");
        Objects.requireNonNull(jdbcPassword, "jdbcPassword");
        Objects.requireNonNull(kafkaImage, "kafkaImage");
        Objects.requireNonNull(postgresImage, "postgresImage");
        Objects.requireNonNull(redisImage, "redisImage");
    }

    /**
     * Reads the settings of this JVM: system properties, then environment variables.
     *
     * @return the settings
     * @throws IllegalArgumentException for an unknown mode or a malformed Redis URL
     */
    public static InfraSettings fromEnvironment() {
        return from(name -> System.getProperty(name), name -> System.getenv(name));
    }

    /**
     * Reads the settings from the given lookups (system properties win over the environment).
     *
     * @param systemProperties lookup by system property name, answering {@code null} when unset
     * @param environment lookup by environment variable name, answering {@code null} when unset
     * @return the settings
     */
    public static InfraSettings from(UnaryOperator<String> systemProperties, UnaryOperator<String> environment) {
        Lookup lookup = new Lookup(systemProperties, environment);
        return new InfraSettings(
                InfraMode.parse(lookup.get(Key.MODE).orElse(null)),
                lookup.get(Key.KAFKA_BOOTSTRAP_SERVERS),
                lookup.get(Key.REDIS_URL).map(InfraSettings::redisUri),
                lookup.get(Key.JDBC_URL),
                lookup.get(Key.JDBC_USERNAME).orElse("postgres"),
                lookup.get(Key.JDBC_PASSWORD).orElse(""),
                lookup.get(Key.KAFKA_IMAGE).orElse(ContainerKafkaPart.DEFAULT_IMAGE),
                lookup.get(Key.POSTGRES_IMAGE).orElse(ContainerPostgresPart.DEFAULT_IMAGE),
                lookup.get(Key.REDIS_IMAGE).orElse(ContainerRedisPart.DEFAULT_IMAGE));
    }

    /**
     * Embedded everything, whatever the environment says.
     *
     * @return settings for mode {@link InfraMode#EMBEDDED}
     */
    public static InfraSettings embedded() {
        return from(name -> null, name -> null);
    }

    /**
     * These settings with another mode.
     *
     * @param newMode the mode
     * @return a copy
     */
    public InfraSettings withMode(InfraMode newMode) {
        return new InfraSettings(newMode, kafkaBootstrapServers, redisUri, jdbcUrl, jdbcUsername, jdbcPassword,
                kafkaImage, postgresImage, redisImage);
    }

    /**
     * The settings without the password.
     *
     * @return a description for logs
     */
    @Override
    public String toString() {
        return "InfraSettings[mode=" + mode + ", kafkaBootstrapServers=" + kafkaBootstrapServers.orElse("-")
                + ", redisUri=" + redisUri.map(uri -> uri.getHost() + ":" + uri.getPort()).orElse("-")
                + ", jdbcUrl=" + jdbcUrl.orElse("-") + ", jdbcUsername=" + jdbcUsername
                + ", kafkaImage=" + kafkaImage + ", postgresImage=" + postgresImage
                + ", redisImage=" + redisImage + "]";
    }

    private static URI redisUri(String value) {
        try {
            URI uri = new URI(value.trim());
            if ("redis".equals(uri.getScheme()) && uri.getHost() != null) {
                return uri;
            }
        }
        catch (URISyntaxException e) {
            // reported below
        }
        throw new IllegalArgumentException(Key.REDIS_URL.environmentVariable()
                + " must look like redis://host:port, got " + value);
    }

    private record Lookup(UnaryOperator<String> systemProperties, UnaryOperator<String> environment) {

        Optional<String> get(Key key) {
            return nonBlank(systemProperties.apply(key.systemProperty()))
                    .or(() -> nonBlank(environment.apply(key.environmentVariable())));
        }

        private static Optional<String> nonBlank(String value) {
            return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
        }
    }
}
