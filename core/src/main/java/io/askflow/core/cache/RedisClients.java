package io.askflow.core.cache;

import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import redis.clients.jedis.Connection;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.util.JedisURIHelper;

import java.time.Duration;

/** The one way Askflow connects to its Redis ({@code askflow.redis.*}): the answer cache and the chain checkpoints. */
public final class RedisClients {

    private RedisClients() {
    }

    /**
     * A pooled client; nothing is sent until the first call. User, password, database and TLS come from the URL.
     * A pool without a free connection waits at most the connect timeout, so a caller never queues behind a
     * Redis that cannot be reached. Idle connections are checked every second in the background, not before
     * each use (that would add a round trip to every lookup), so after a Redis restart the dead ones are gone
     * within a second; a call that meets one in that second fails like any Redis error (a cache miss, a
     * checkpoint skipped).
     *
     * @param clientName the name Redis shows for the connections ({@code CLIENT LIST}), e.g. the application's
     */
    public static UnifiedJedis pooled(RedisProperties properties, String clientName) {
        var uri = properties.url();
        var config = DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis(Math.toIntExact(properties.connectTimeout().toMillis()))
                .socketTimeoutMillis(Math.toIntExact(properties.timeout().toMillis()))
                .user(JedisURIHelper.getUser(uri))
                .password(JedisURIHelper.getPassword(uri))
                .database(JedisURIHelper.hasDbIndex(uri) ? JedisURIHelper.getDBIndex(uri) : 0)
                .ssl(JedisURIHelper.isRedisSSLScheme(uri))
                .clientName(clientName)
                .build();
        var pool = new GenericObjectPoolConfig<Connection>();
        pool.setMaxTotal(properties.maxConnections());
        pool.setMaxIdle(properties.maxConnections());
        pool.setMaxWait(properties.connectTimeout());
        pool.setTestWhileIdle(true);
        pool.setTimeBetweenEvictionRuns(Duration.ofSeconds(1));
        pool.setNumTestsPerEvictionRun(-1); // every idle connection, each run
        return RedisClient.builder()
                .hostAndPort(JedisURIHelper.getHostAndPort(uri))
                .clientConfig(config)
                .poolConfig(pool)
                .build();
    }
}
