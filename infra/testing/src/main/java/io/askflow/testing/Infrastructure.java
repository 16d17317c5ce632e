package io.askflow.testing;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

import io.askflow.testing.kafka.KafkaPart;
import io.askflow.testing.postgres.PostgresPart;
import io.askflow.testing.redis.RedisPart;
import io.askflow.testing.support.InfraPart;
import io.askflow.testing.support.TempDirectories;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running Kafka, Redis and PostgreSQL, started by {@link Infrastructures}, and what clients
 * need to reach them. Closing it stops what it started and removes its temporary directories.
 *
 * <p>It owns the one JVM shutdown hook that stops its servers (the embedded parts register none of
 * their own): at JVM exit, or at {@link #close()}, it first closes its users ({@link #closeFirst}, e.g. the
 * applications of a dev stack), then Redis and PostgreSQL (child processes, which would outlive a JVM killed
 * in the middle of its stop), then Kafka. So at SIGTERM no server goes away under an application that still
 * uses it.
 *
 * <p>The instance from {@link Infrastructures#shared()} ignores {@link #close()}: it lives until
 * the JVM exits.
 */
public final class Infrastructure implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Infrastructure.class);

    private final InfraMode mode;
    private final KafkaPart kafka;
    private final RedisPart redis;
    private final PostgresPart postgres;
    private final Map<String, Duration> startTimes;
    private final List<Path> tempDirectories = new ArrayList<>();
    private final List<AutoCloseable> users = new CopyOnWriteArrayList<>();
    private final Thread shutdownHook = new Thread(this::closeAtExit, "askflow-infra-shutdown");
    private volatile boolean shared;
    private volatile boolean postgresBlocked;
    private boolean closed;

    Infrastructure(InfraMode mode, KafkaPart kafka, RedisPart redis, PostgresPart postgres,
            Map<String, Duration> startTimes) {
        this.mode = Objects.requireNonNull(mode, "mode");
        this.kafka = Objects.requireNonNull(kafka, "kafka");
        this.redis = Objects.requireNonNull(redis, "redis");
        this.postgres = Objects.requireNonNull(postgres, "postgres");
        this.startTimes = Collections.unmodifiableMap(new LinkedHashMap<>(startTimes));
    }

    /**
     * The mode that was started; {@link InfraMode#EMBEDDED} when Testcontainers was asked for but
     * Docker was not there. In mode external, parts without settings run embedded.
     *
     * @return the mode
     */
    public InfraMode mode() {
        return mode;
    }

    /**
     * The Kafka part, for example to read its {@link KafkaPart#description()}.
     *
     * @return the Kafka part
     */
    public KafkaPart kafka() {
        return kafka;
    }

    /**
     * The Redis part.
     *
     * @return the Redis part
     */
    public RedisPart redis() {
        return redis;
    }

    /**
     * The PostgreSQL part.
     *
     * @return the PostgreSQL part
     */
    public PostgresPart postgres() {
        return postgres;
    }

    /**
     * Kafka's {@code bootstrap.servers}.
     *
     * @return comma-separated {@code host:port} list
     */
    public String kafkaBootstrapServers() {
        return kafka.bootstrapServers();
    }

    /**
     * Redis as a URI.
     *
     * @return {@code redis://host:port}
     */
    public URI redisUri() {
        return redis.uri();
    }

    /**
     * Redis host.
     *
     * @return host name or address
     */
    public String redisHost() {
        return redis.host();
    }

    /**
     * Redis port.
     *
     * @return the port
     */
    public int redisPort() {
        return redis.port();
    }

    /**
     * JDBC URL of the database tests may use directly.
     *
     * @return the JDBC URL
     */
    public String jdbcUrl() {
        return postgres.jdbcUrl();
    }

    /**
     * User for {@link #jdbcUrl()} and for databases from {@link #createDatabase(String)}.
     *
     * @return the user name
     */
    public String jdbcUsername() {
        return postgres.username();
    }

    /**
     * Password for {@link #jdbcUsername()}.
     *
     * @return the password, empty or ignored for trust authentication
     */
    public String jdbcPassword() {
        return postgres.password();
    }

    /**
     * Creates an empty database, so that a test class can work alone.
     *
     * @param name lower case letters, digits and underscores
     * @return its JDBC URL
     * @see PostgresPart#createDatabase(String)
     */
    public String createDatabase(String name) {
        return postgres.createDatabase(name);
    }

    /**
     * Drops a database made by {@link #createDatabase(String)}; a missing one is fine.
     *
     * @param name the database name
     */
    public void dropDatabase(String name) {
        postgres.dropDatabase(name);
    }

    /**
     * Whether {@link #stopRedis()} and {@link #startRedis()} work (embedded Redis only).
     *
     * @return {@code true} when Redis can be stopped and started on the same port
     */
    public boolean supportsRedisRestart() {
        return redis.supportsRestart();
    }

    /**
     * Stops Redis, keeping its port for {@link #startRedis()}: for tests of a Redis loss.
     *
     * @throws UnsupportedOperationException unless Redis is embedded
     */
    public void stopRedis() {
        redis.stopServer();
    }

    /**
     * Starts Redis again on the same port, empty.
     *
     * @throws UnsupportedOperationException unless Redis is embedded
     */
    public void startRedis() {
        redis.startServer();
    }

    /**
     * Whether {@link #stopKafkaBroker()} and {@link #startKafkaBroker()} work (embedded Kafka only).
     *
     * @return {@code true} when the broker can be stopped and started on the same port
     */
    public boolean supportsKafkaBrokerRestart() {
        return kafka.supportsBrokerRestart();
    }

    /**
     * Shuts the Kafka broker down, keeping its port and log for {@link #startKafkaBroker()}: for tests of a
     * broker restart. Start it again in a {@code finally}: on the shared stack a stopped broker breaks every
     * later test of the JVM.
     *
     * @throws UnsupportedOperationException unless Kafka is embedded
     */
    public void stopKafkaBroker() {
        kafka.stopBroker();
    }

    /**
     * Starts the Kafka broker again after {@link #stopKafkaBroker()}, with every record it had.
     *
     * @throws UnsupportedOperationException unless Kafka is embedded
     */
    public void startKafkaBroker() {
        kafka.startBroker();
    }

    /**
     * Takes the database of {@link #jdbcUrl()} away, as a PostgreSQL outage would: new connections are
     * refused (superusers' too) and open ones are ended, while the server, and the databases from
     * {@link #createDatabase(String)}, keep running. Works in every mode where the user is a superuser
     * (embedded and container always are). Undo it with {@link #unblockPostgres()} in a {@code finally}: on
     * the shared stack a database left blocked breaks every later test of the JVM. Closing the infrastructure
     * unblocks it too.
     *
     * @throws IllegalStateException when the server refuses
     * @see PostgresPart#blockConnections(String)
     */
    public void blockPostgres() {
        postgresBlocked = true;
        int ended = postgres.blockConnections(postgres.database());
        log.info("PostgreSQL database {} blocked: new connections refused, {} sessions ended", postgres.database(),
                ended);
    }

    /**
     * Lets connections to the database of {@link #jdbcUrl()} in again after {@link #blockPostgres()};
     * a database that was not blocked is fine.
     *
     * @throws IllegalStateException when the server refuses
     */
    public void unblockPostgres() {
        postgres.allowConnections(postgres.database());
        postgresBlocked = false;
        log.info("PostgreSQL database {} unblocked", postgres.database());
    }

    /**
     * Spring Boot properties pointing at these services.
     *
     * <ul>
     *   <li>{@code spring.kafka.bootstrap-servers}</li>
     *   <li>{@code spring.datasource.url}, {@code .username}, {@code .password}</li>
     *   <li>{@code spring.data.redis.host}, {@code spring.data.redis.port}</li>
     *   <li>{@code askflow.redis.url} as {@code redis://host:port}</li>
     *   <li>{@code askflow.topics.replication-factor} and {@code .min-insync-replicas} 1, with
     *       {@code .allow-unreplicated} true: the infrastructure's Kafka is one broker</li>
     * </ul>
     *
     * @return an unmodifiable map, in that order
     */
    public Map<String, String> springProperties() {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("spring.kafka.bootstrap-servers", kafkaBootstrapServers());
        properties.put("spring.datasource.url", jdbcUrl());
        properties.put("spring.datasource.username", jdbcUsername());
        properties.put("spring.datasource.password", jdbcPassword());
        properties.put("spring.data.redis.host", redisHost());
        properties.put("spring.data.redis.port", Integer.toString(redisPort()));
        properties.put("askflow.redis.url", redisUri().toString());
        properties.put("askflow.topics.replication-factor", "1");
        properties.put("askflow.topics.min-insync-replicas", "1");
        properties.put("askflow.topics.allow-unreplicated", "true");
        return Collections.unmodifiableMap(properties);
    }

    /**
     * Hands {@link #springProperties()} to a registry, for example
     * {@code infra.registerSpringProperties(registry::add)} in a {@code @DynamicPropertySource}.
     *
     * @param registry receives each property name with a supplier of its value
     */
    public void registerSpringProperties(BiConsumer<String, Supplier<Object>> registry) {
        springProperties().forEach((name, value) -> registry.accept(name, () -> value));
    }

    /**
     * How long each part took to start, keyed {@code kafka}, {@code redis}, {@code postgres}.
     *
     * @return an unmodifiable map
     */
    public Map<String, Duration> startTimes() {
        return startTimes;
    }

    /**
     * A new directory under {@code java.io.tmpdir}, removed when this infrastructure closes: for a
     * Kafka Streams {@code state.dir}, for example.
     *
     * @param prefix start of the directory name
     * @return the new, empty directory
     */
    public synchronized Path createTempDirectory(String prefix) {
        Path directory = TempDirectories.create(prefix);
        tempDirectories.add(directory);
        return directory;
    }

    /**
     * One line describing the parts, for logs.
     *
     * @return for example {@code embedded: embedded Kafka at 127.0.0.1:40123, ...}
     */
    public String description() {
        return mode.name().toLowerCase(java.util.Locale.ROOT) + ": " + kafka.description() + ", "
                + redis.description() + ", " + postgres.description();
    }

    /**
     * Has {@code user} closed before the servers whenever this infrastructure closes: by {@link #close()}, or by
     * its JVM shutdown hook (SIGTERM, Ctrl-C, {@code System.exit}). For something that uses Kafka, Redis or
     * PostgreSQL and must stop before them, e.g. the applications of a dev stack. Users are closed in the reverse
     * order of this call, each at most once by this infrastructure; a user's {@code close()} must tolerate being
     * called again (it may also close itself).
     *
     * @param user what to close first
     */
    public void closeFirst(AutoCloseable user) {
        users.add(0, Objects.requireNonNull(user, "user"));
    }

    /** Closes its users, then stops what was started and removes temporary directories; ignored for the shared instance. */
    @Override
    public void close() {
        if (shared) {
            log.debug("close() ignored: the shared test infrastructure stops when the JVM exits");
            return;
        }
        closeUsers();
        closeNow();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        }
        catch (IllegalStateException e) {
            log.debug("JVM shutting down: its hook stays ({})", e.getMessage());
        }
    }

    /** The JVM's shutdown: users first, then the servers. */
    private void closeAtExit() {
        closeUsers();
        closeNow();
    }

    /** Closes the users, outside this object's lock: a user may close this infrastructure itself. */
    private void closeUsers() {
        for (AutoCloseable user : users) {
            if (users.remove(user)) {
                try {
                    user.close();
                }
                catch (Exception e) {
                    log.warn("{} did not close cleanly before the test infrastructure: {}", user, e.toString(), e);
                }
            }
        }
    }

    synchronized void closeNow() {
        if (closed) {
            return;
        }
        closed = true;
        long started = System.nanoTime();
        log.info("stopping the test infrastructure ({}): Redis, PostgreSQL, then Kafka", lowerCase(mode));
        if (postgresBlocked) {
            unblockPostgresQuietly(); // an external server outlives this JVM
        }
        // the child processes first: a JVM killed in the middle of its stop would leave them running
        for (InfraPart part : List.of(redis, postgres, kafka)) {
            closeQuietly(part);
        }
        tempDirectories.forEach(TempDirectories::deleteQuietly);
        log.info("test infrastructure ({}) stopped in {} ms", lowerCase(mode), (System.nanoTime() - started) / 1_000_000);
    }

    /** Registers the JVM shutdown hook that closes this infrastructure (users first) if nobody else did. */
    void closeAtJvmExit() {
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    void markShared() {
        shared = true;
    }

    private static String lowerCase(InfraMode mode) {
        return mode.name().toLowerCase(java.util.Locale.ROOT);
    }

    private void unblockPostgresQuietly() {
        try {
            unblockPostgres();
        }
        catch (RuntimeException e) {
            log.warn("PostgreSQL database {} stays blocked: {}", postgres.database(), e.toString(), e);
        }
    }

    private static void closeQuietly(InfraPart part) {
        try {
            part.close();
        }
        catch (RuntimeException e) {
            log.warn("{} did not close cleanly: {}", part.description(), e.toString(), e);
        }
    }

    @Override
    public String toString() {
        return "Infrastructure[" + description() + "]";
    }
}
