package io.askflow.testing;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import io.askflow.testing.kafka.KafkaPart;
import io.askflow.testing.postgres.PostgresPart;
import io.askflow.testing.redis.RedisPart;
import io.askflow.testing.support.InfraPart;

/**
 * Starts Kafka, Redis and PostgreSQL side by side, timing each; if one fails, the others are
 * closed again and the failure is thrown with the others' failures suppressed.
 */
final class ParallelStart {

    private static final AtomicInteger THREADS = new AtomicInteger();

    private ParallelStart() {
    }

    static Infrastructure start(InfraMode mode, Supplier<? extends KafkaPart> kafkaStarter,
            Supplier<? extends RedisPart> redisStarter, Supplier<? extends PostgresPart> postgresStarter) {
        ExecutorService executor = Executors.newFixedThreadPool(3, ParallelStart::daemonThread);
        try {
            CompletableFuture<Timed<KafkaPart>> kafka = submit("kafka", kafkaStarter, executor);
            CompletableFuture<Timed<RedisPart>> redis = submit("redis", redisStarter, executor);
            CompletableFuture<Timed<PostgresPart>> postgres = submit("postgres", postgresStarter, executor);
            List<CompletableFuture<? extends Timed<?>>> all = List.of(kafka, redis, postgres);
            CompletableFuture.allOf(kafka, redis, postgres).handle((ignored, failure) -> null).join();
            failIfAnyFailed(all);
            Map<String, Duration> times = new LinkedHashMap<>();
            all.forEach(future -> times.put(future.join().name(), future.join().took()));
            return new Infrastructure(mode, kafka.join().part(), redis.join().part(), postgres.join().part(), times);
        }
        finally {
            executor.shutdownNow();
        }
    }

    private static <T extends InfraPart> CompletableFuture<Timed<T>> submit(String name, Supplier<? extends T> starter,
            ExecutorService executor) {
        return CompletableFuture.supplyAsync(() -> {
            long begin = System.nanoTime();
            try {
                T part = starter.get();
                return new Timed<>(name, part, Duration.ofNanos(System.nanoTime() - begin));
            }
            catch (RuntimeException e) {
                throw new IllegalStateException(name + " did not start: " + e.getMessage(), e);
            }
        }, executor);
    }

    private static void failIfAnyFailed(List<CompletableFuture<? extends Timed<?>>> all) {
        IllegalStateException failure = null;
        for (CompletableFuture<? extends Timed<?>> future : all) {
            if (future.isCompletedExceptionally()) {
                Throwable cause = unwrap(future);
                if (failure == null) {
                    failure = new IllegalStateException("test infrastructure did not start: " + cause.getMessage(),
                            cause);
                }
                else {
                    failure.addSuppressed(cause);
                }
            }
        }
        if (failure != null) {
            all.stream().filter(future -> !future.isCompletedExceptionally())
                    .forEach(future -> future.join().part().close());
            throw failure;
        }
    }

    private static Throwable unwrap(CompletableFuture<?> future) {
        try {
            future.join();
            throw new IllegalStateException("expected a failed future");
        }
        catch (CompletionException e) {
            return e.getCause() == null ? e : e.getCause();
        }
    }

    private static Thread daemonThread(Runnable runnable) {
        Thread thread = new Thread(runnable, "askflow-infra-start-" + THREADS.incrementAndGet());
        thread.setDaemon(true);
        return thread;
    }

    private record Timed<T extends InfraPart>(String name, T part, Duration took) {
    }
}
