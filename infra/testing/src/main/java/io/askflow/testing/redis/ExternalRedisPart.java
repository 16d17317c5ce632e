package io.askflow.testing.redis;

import java.net.URI;

import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisException;

/** A Redis server somebody else runs; checked once with PING, never stopped. */
public final class ExternalRedisPart implements RedisPart {

    private static final int DEFAULT_PORT = 6379;
    private static final int TIMEOUT_MILLIS = 5_000;

    private final URI uri;

    private ExternalRedisPart(URI uri) {
        this.uri = uri;
    }

    /**
     * Checks that the server answers PING and returns a part pointing at it.
     *
     * @param uri {@code redis://host:port}, optionally with credentials and a database number
     * @return the part
     * @throws IllegalArgumentException when the URI is not a {@code redis://} URI with a host
     * @throws IllegalStateException when the server does not answer
     */
    public static ExternalRedisPart connect(URI uri) {
        if (!"redis".equals(uri.getScheme()) || uri.getHost() == null) {
            throw new IllegalArgumentException("expected redis://host:port, got " + uri);
        }
        try (Jedis jedis = new Jedis(uri, TIMEOUT_MILLIS)) {
            jedis.ping();
        }
        catch (JedisException e) {
            throw new IllegalStateException("external Redis at " + redacted(uri) + " does not answer", e);
        }
        return new ExternalRedisPart(uri);
    }

    private static String redacted(URI uri) {
        return "redis://" + uri.getHost() + ":" + (uri.getPort() == -1 ? DEFAULT_PORT : uri.getPort());
    }

    @Override
    public String host() {
        return uri.getHost();
    }

    @Override
    public int port() {
        return uri.getPort() == -1 ? DEFAULT_PORT : uri.getPort();
    }

    /**
     * The URI as given, credentials and database number included.
     *
     * @return the configured URI
     */
    @Override
    public URI uri() {
        return uri;
    }

    @Override
    public String description() {
        return "external Redis at " + redacted(uri);
    }

    @Override
    public void close() {
        // somebody else's server: nothing to stop
    }
}
