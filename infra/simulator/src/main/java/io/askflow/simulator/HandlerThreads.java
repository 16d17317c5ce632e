package io.askflow.simulator;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads that run requests: one virtual thread per request when the JVM has them
 * (Java 21+, looked up by reflection because the module compiles for Java 17), otherwise a
 * cached pool of daemon threads. Either way a waiting or hung request costs no pool slot.
 */
final class HandlerThreads {

    private HandlerThreads() {
    }

    static ExecutorService create() {
        try {
            return (ExecutorService) Executors.class.getMethod("newVirtualThreadPerTaskExecutor").invoke(null);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return Executors.newCachedThreadPool(daemonThreads());
        }
    }

    /** True when {@link #create()} would give virtual threads. */
    static boolean virtual() {
        try {
            Executors.class.getMethod("newVirtualThreadPerTaskExecutor");
            return Runtime.version().feature() >= 21;
        } catch (NoSuchMethodException e) {
            return false;
        }
    }

    private static ThreadFactory daemonThreads() {
        AtomicInteger count = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, "ollama-simulator-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
