package io.askflow.testing.redis;

import java.net.URI;

import io.askflow.testing.support.InfraPart;

/** A running Redis server. */
public interface RedisPart extends InfraPart {

    /**
     * Host name or address clients connect to.
     *
     * @return for example {@code 127.0.0.1}
     */
    String host();

    /**
     * TCP port clients connect to.
     *
     * @return the port
     */
    int port();

    /**
     * The server as a URI.
     *
     * @return {@code redis://host:port}
     */
    default URI uri() {
        return URI.create("redis://" + host() + ":" + port());
    }

    /**
     * Whether {@link #stopServer()} and {@link #startServer()} work for this part.
     *
     * @return {@code true} for the embedded server only
     */
    default boolean supportsRestart() {
        return false;
    }

    /**
     * Stops the server but keeps its port, so that {@link #startServer()} brings it back on the
     * same address: for tests of what happens when Redis is lost. Data is not kept.
     *
     * @throws UnsupportedOperationException when {@link #supportsRestart()} is false
     */
    default void stopServer() {
        throw new UnsupportedOperationException(description()
                + " cannot be stopped and started again; only the embedded Redis can (mode embedded)");
    }

    /**
     * Starts the server again on the same port after {@link #stopServer()}.
     *
     * @throws UnsupportedOperationException when {@link #supportsRestart()} is false
     */
    default void startServer() {
        throw new UnsupportedOperationException(description()
                + " cannot be stopped and started again; only the embedded Redis can (mode embedded)");
    }
}
