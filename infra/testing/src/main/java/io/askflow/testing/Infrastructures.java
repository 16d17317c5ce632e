package io.askflow.testing;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import io.askflow.testing.kafka.ContainerKafkaPart;
import io.askflow.testing.kafka.EmbeddedKafkaPart;
import io.askflow.testing.kafka.ExternalKafkaPart;
import io.askflow.testing.kafka.KafkaLogging;
import io.askflow.testing.kafka.KafkaPart;
import io.askflow.testing.postgres.ContainerPostgresPart;
import io.askflow.testing.postgres.EmbeddedPostgresPart;
import io.askflow.testing.postgres.ExternalPostgresPart;
import io.askflow.testing.postgres.PostgresPart;
import io.askflow.testing.redis.ContainerRedisPart;
import io.askflow.testing.redis.EmbeddedRedisPart;
import io.askflow.testing.redis.ExternalRedisPart;
import io.askflow.testing.redis.RedisPart;
import io.askflow.testing.support.InfraPart;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;

/**
 * Starts the test infrastructure in the mode the environment asks for (see
 * {@link InfraSettings.Key}): embedded by default, Testcontainers when asked and Docker is there
 * (embedded with a WARN otherwise), or external services. The three parts start side by side.
 */
public final class Infrastructures {

    private static final Logger log = LoggerFactory.getLogger(Infrastructures.class);

    private static Infrastructure shared;
    private static RuntimeException sharedFailure;

    private Infrastructures() {
    }

    /**
     * Starts a new infrastructure as the environment asks; the caller closes it (else its shutdown hook does,
     * at JVM exit).
     *
     * @return the running infrastructure
     */
    public static Infrastructure start() {
        return start(InfraSettings.fromEnvironment());
    }

    /**
     * Starts a new embedded infrastructure whatever the environment says; the caller closes it.
     *
     * @return the running infrastructure
     */
    public static Infrastructure embedded() {
        return start(InfraSettings.embedded());
    }

    /**
     * Starts a new infrastructure from explicit settings; the caller closes it.
     *
     * @param settings what to start
     * @return the running infrastructure
     */
    public static Infrastructure start(InfraSettings settings) {
        return start(settings, Infrastructures::dockerAvailable);
    }

    static Infrastructure start(InfraSettings settings, BooleanSupplier dockerAvailable) {
        KafkaLogging.quiet();
        InfraMode mode = effectiveMode(settings.mode(), dockerAvailable);
        long begin = System.nanoTime();
        Infrastructure infrastructure = switch (mode) {
            case EMBEDDED -> ParallelStart.start(mode, EmbeddedKafkaPart::start, EmbeddedRedisPart::start,
                    EmbeddedPostgresPart::start);
            case TESTCONTAINERS -> ParallelStart.start(mode,
                    () -> ContainerKafkaPart.start(settings.kafkaImage()),
                    () -> ContainerRedisPart.start(settings.redisImage()),
                    () -> ContainerPostgresPart.start(settings.postgresImage()));
            case EXTERNAL -> ParallelStart.start(mode, externalKafka(settings), externalRedis(settings),
                    externalPostgres(settings));
        };
        log.info("test infrastructure ({}) ready in {}: {}", mode.name().toLowerCase(Locale.ROOT),
                seconds(Duration.ofNanos(System.nanoTime() - begin)), partsWithTimes(infrastructure));
        infrastructure.closeAtJvmExit();
        return infrastructure;
    }

    /**
     * One infrastructure per JVM, started on first use as the environment asks and stopped by a
     * shutdown hook, so that all test classes of a surefire JVM pay the start once. Its
     * {@link Infrastructure#close()} does nothing. A failed start is remembered and thrown again.
     *
     * @return the shared infrastructure
     */
    public static synchronized Infrastructure shared() {
        if (sharedFailure != null) {
            throw new IllegalStateException("the shared test infrastructure failed to start earlier", sharedFailure);
        }
        if (shared == null) {
            try {
                Infrastructure started = start();
                started.markShared();
                shared = started;
            }
            catch (RuntimeException e) {
                sharedFailure = e;
                throw e;
            }
        }
        return shared;
    }

    /**
     * Whether a Docker engine answers (takes about 0.7 s when none does).
     *
     * @return {@code true} when Testcontainers can start containers
     */
    public static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        }
        catch (RuntimeException | LinkageError e) {
            log.debug("Docker check failed: {}", e.toString());
            return false;
        }
    }

    static InfraMode effectiveMode(InfraMode requested, BooleanSupplier dockerAvailable) {
        if (requested == InfraMode.TESTCONTAINERS && !dockerAvailable.getAsBoolean()) {
            log.warn("test infrastructure: Testcontainers was asked for but Docker is not available, "
                    + "starting embedded Kafka, Redis and PostgreSQL instead");
            return InfraMode.EMBEDDED;
        }
        return requested;
    }

    private static Supplier<KafkaPart> externalKafka(InfraSettings settings) {
        return settings.kafkaBootstrapServers()
                .<Supplier<KafkaPart>>map(servers -> () -> ExternalKafkaPart.connect(servers))
                .orElseGet(() -> embeddedInstead("Kafka", InfraSettings.Key.KAFKA_BOOTSTRAP_SERVERS,
                        EmbeddedKafkaPart::start));
    }

    private static Supplier<RedisPart> externalRedis(InfraSettings settings) {
        return settings.redisUri()
                .<Supplier<RedisPart>>map(uri -> () -> ExternalRedisPart.connect(uri))
                .orElseGet(() -> embeddedInstead("Redis", InfraSettings.Key.REDIS_URL, EmbeddedRedisPart::start));
    }

    private static Supplier<PostgresPart> externalPostgres(InfraSettings settings) {
        return settings.jdbcUrl()
                .<Supplier<PostgresPart>>map(url -> () -> ExternalPostgresPart.connect(url, settings.jdbcUsername(),
                        settings.jdbcPassword()))
                .orElseGet(() -> embeddedInstead("PostgreSQL", InfraSettings.Key.JDBC_URL,
                        EmbeddedPostgresPart::start));
    }

    private static <T> Supplier<T> embeddedInstead(String part, InfraSettings.Key key, Supplier<T> embedded) {
        log.info("test infrastructure: mode external but {} is not set, starting an embedded {}",
                key.environmentVariable(), part);
        return embedded;
    }

    private static String partsWithTimes(Infrastructure infrastructure) {
        Map<String, Duration> times = infrastructure.startTimes();
        Map<String, InfraPart> parts = new LinkedHashMap<>();
        parts.put("kafka", infrastructure.kafka());
        parts.put("redis", infrastructure.redis());
        parts.put("postgres", infrastructure.postgres());
        return parts.entrySet().stream()
                .map(entry -> entry.getValue().description() + " (" + seconds(times.get(entry.getKey())) + ")")
                .collect(Collectors.joining(", "));
    }

    private static String seconds(Duration duration) {
        return String.format(Locale.ROOT, "%.2f s", duration.toMillis() / 1000.0);
    }
}
