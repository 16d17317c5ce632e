package io.askflow.dev;

import io.askflow.testing.Infrastructure;
import io.askflow.testing.Infrastructures;
import io.askflow.testing.kafka.KafkaLogging;

import java.util.concurrent.CountDownLatch;

/**
 * Runs Askflow for development: {@code java -jar infra/dev/target/askflow-dev.jar}.
 * Options: {@code --port=8080}, {@code --ollama-url=http://localhost:11434}, {@code --simulator}
 * (always use the simulator), {@code --infra-only} (start only Kafka, Redis and PostgreSQL and print
 * their addresses, to run the roles as separate processes). Environment: {@code ASKFLOW_PORT},
 * {@code OLLAMA_URL}, and the {@code ASKFLOW_TEST_INFRA} family of infra/testing to use external services.
 */
public final class AskflowDev {

    private AskflowDev() {
    }

    public static void main(String[] args) throws InterruptedException {
        DevArguments arguments = DevArguments.parse(args, System.getenv());
        long started = System.nanoTime();
        AutoCloseable running;
        String banner;
        if (arguments.infrastructureOnly()) {
            Infrastructure infrastructure = Infrastructures.start();
            running = infrastructure;
            banner = DevBanner.infrastructure(infrastructure);
        } else {
            DevStack stack = DevStack.start(arguments.settings());
            running = stack;
            banner = DevBanner.stack(stack, arguments.settings(), (System.nanoTime() - started) / 1_000_000);
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("Stopping Askflow dev mode...");
            KafkaLogging.silenceForShutdown();
            closeQuietly(running);
            stopped.countDown();
        }, "askflow-dev-shutdown"));
        System.out.println(banner);
        stopped.await();
    }

    private static void closeQuietly(AutoCloseable running) {
        try {
            running.close();
        } catch (Exception e) {
            System.err.println("stopping failed: " + e);
        }
    }
}
