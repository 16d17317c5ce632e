package io.askflow.testing.support;

/**
 * One running piece of infrastructure (a Kafka broker, a Redis server, a PostgreSQL server),
 * whatever started it: in this JVM, in a container, or somebody else.
 *
 * <p>{@link #close()} stops what this part started and removes its temporary files; for an
 * external service it only forgets the connection details.
 */
public interface InfraPart extends AutoCloseable {

    /**
     * One line for logs, for example {@code embedded Kafka at 127.0.0.1:40123}.
     *
     * @return where this part runs and how it was started
     */
    String description();

    /** Stops this part if it started anything; never throws, logs problems instead. */
    @Override
    void close();
}
