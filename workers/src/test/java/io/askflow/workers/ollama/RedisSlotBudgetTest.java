package io.askflow.workers.ollama;

import io.askflow.testing.redis.EmbeddedRedisPart;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.JedisPooled;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Two workers' budgets on one embedded Redis share a host's slots; a crashed worker's lease comes back. */
class RedisSlotBudgetTest {

    private static EmbeddedRedisPart redisServer;

    @BeforeAll
    static void startRedis() {
        redisServer = EmbeddedRedisPart.start();
    }

    @AfterAll
    static void stopRedis() {
        redisServer.close();
    }

    @Test
    void shouldNeverLetTwoWorkersTogetherExceedTheHostsSlots() throws Exception {
        OllamaHost host = host("http://gpu-shared:11434", 3);
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger highest = new AtomicInteger();
        AtomicInteger[] taken = {new AtomicInteger(), new AtomicInteger()};
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try (JedisPooled one = client(); JedisPooled two = client()) {
            List<RedisSlotBudget> workers = List.of(budget(one, Duration.ofMinutes(1)), budget(two, Duration.ofMinutes(1)));
            List<Future<?>> calls = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int worker = t % 2;
                calls.add(threads.submit(() -> {
                    for (int i = 0; i < 200; i++) {
                        Optional<String> lease = workers.get(worker).tryAcquire(host);
                        if (lease.isPresent()) {
                            highest.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
                            taken[worker].incrementAndGet();
                            inFlight.decrementAndGet();
                            workers.get(worker).release(host, lease.get());
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> call : calls) {
                call.get(60, TimeUnit.SECONDS);
            }
        }
        finally {
            threads.shutdownNow();
        }
        assertThat(highest.get()).isBetween(1, 3);
        assertThat(taken[0].get()).isPositive();
        assertThat(taken[1].get()).isPositive();
    }

    @Test
    void shouldGiveACrashedWorkersSlotsBackAfterTheirLeasesExpire() {
        OllamaHost host = host("http://gpu-crash:11434", 2);
        try (JedisPooled crashed = client(); JedisPooled alive = client()) {
            RedisSlotBudget dead = budget(crashed, Duration.ofMillis(500));
            assertThat(dead.tryAcquire(host)).isPresent();
            assertThat(dead.tryAcquire(host)).isPresent();
            RedisSlotBudget survivor = budget(alive, Duration.ofMinutes(1));

            assertThat(survivor.tryAcquire(host)).as("the crashed worker still holds both").isEmpty();
            await().atMost(Duration.ofSeconds(5)).until(() -> survivor.tryAcquire(host).isPresent());
            await().atMost(Duration.ofSeconds(5)).until(() -> survivor.tryAcquire(host).isPresent());
            assertThat(survivor.tryAcquire(host)).as("both slots are the survivor's now").isEmpty();
        }
    }

    @Test
    void shouldFallBackToTheLocalShareWhenRedisIsDown() {
        OllamaHost host = host("http://gpu-down:11434", 4);
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        try (JedisPooled nowhere = new JedisPooled("127.0.0.1", 9)) {
            RedisSlotBudget budget = new RedisSlotBudget(nowhere, Duration.ofMinutes(1), 2, meters);
            Optional<String> first = budget.tryAcquire(host);
            assertThat(first).isPresent();
            assertThat(budget.tryAcquire(host)).isPresent();
            assertThat(budget.tryAcquire(host)).as("4 slots / 2 workers").isEmpty();
            budget.release(host, first.get());
            assertThat(budget.tryAcquire(host)).isPresent();
        }
        assertThat(meters.counter("askflow.workers.ollama.shared.slots.fallbacks").count()).isEqualTo(4);
    }

    @Test
    void shouldKeepTwoWorkersHostsWithinOneSharedHostsSlots() throws Exception {
        OllamaHost host = host("http://gpu-two-workers:11434", 2);
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger highest = new AtomicInteger();
        ExecutorService threads = Executors.newFixedThreadPool(6);
        try (JedisPooled one = client(); JedisPooled two = client()) {
            List<OllamaHosts> workers = List.of(
                    new OllamaHosts(List.of(host), CoolDown.NONE, budget(one, Duration.ofMinutes(1))),
                    new OllamaHosts(List.of(host), CoolDown.NONE, budget(two, Duration.ofMinutes(1))));
            List<Future<?>> calls = new ArrayList<>();
            for (int t = 0; t < 6; t++) {
                OllamaHosts worker = workers.get(t % 2);
                calls.add(threads.submit(() -> {
                    for (int i = 0; i < 30; i++) {
                        try (OllamaHosts.Lease lease = worker.acquire(Duration.ofSeconds(10))) {
                            assertThat(lease).isNotNull();
                            highest.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
                            inFlight.decrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> call : calls) {
                call.get(60, TimeUnit.SECONDS);
            }
        }
        finally {
            threads.shutdownNow();
        }
        assertThat(highest.get()).as("each worker alone would allow 2, together 4").isBetween(1, 2);
    }

    private static RedisSlotBudget budget(JedisPooled redis, Duration ttl) {
        return new RedisSlotBudget(redis, ttl, 2, new SimpleMeterRegistry());
    }

    private static JedisPooled client() {
        return new JedisPooled(redisServer.host(), redisServer.port());
    }

    private static OllamaHost host(String url, int slots) {
        return new OllamaHost(new OllamaHttpClient(url), slots);
    }
}
