package io.askflow.dev;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.joran.spi.JoranException;
import io.askflow.testing.Infrastructure;
import io.askflow.testing.Infrastructures;
import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;

import java.net.URL;
import java.util.concurrent.CountDownLatch;

/**
 * Runs Askflow for development: {@code java -jar infra/dev/target/askflow-dev.jar}.
 * Options: {@code --port=8080}, {@code --ollama-url=http://localhost:11434}, {@code --simulator}
 * (always use the simulator), {@code --infra-only} (start only Kafka, Redis and PostgreSQL and print
 * their addresses, to run the roles as separate processes). Environment: {@code ASKFLOW_PORT},
 * {@code OLLAMA_URL}, and the {@code ASKFLOW_TEST_INFRA} family of infra/testing to use external services.
 *
 * <p>SIGTERM and Ctrl-C: the infrastructure's JVM shutdown hook (the only one that stops anything) closes the stack
 * first, role by role ({@link DevStack#close()}), then Redis, PostgreSQL and Kafka.
 */
public final class AskflowDev {

    private AskflowDev() {
    }

    public static void main(String[] args) throws InterruptedException {
        DevArguments arguments = DevArguments.parse(args, System.getenv());
        configureLogging();
        long started = System.nanoTime();
        String banner;
        if (arguments.infrastructureOnly()) {
            Infrastructure infrastructure = Infrastructures.start();
            banner = DevBanner.infrastructure(infrastructure);
        } else {
            DevStack stack = DevStack.start(arguments.settings());
            banner = DevBanner.stack(stack, arguments.settings(), (System.nanoTime() - started) / 1_000_000);
        }
        System.out.println(banner);
        new CountDownLatch(1).await(); // until the JVM exits; its shutdown hook stops everything
    }

    /**
     * The dev mode's logging from the first line on, before a Spring context loads the same file
     * ({@code logging.config}): Spring Boot's console format, and the quieted Kafka lines of the file's comments.
     */
    private static void configureLogging() {
        ILoggerFactory factory = LoggerFactory.getILoggerFactory();
        URL config = AskflowDev.class.getClassLoader().getResource(DevStack.LOGGING_CONFIG);
        if (!(factory instanceof LoggerContext context) || config == null) {
            return;
        }
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        context.reset();
        try {
            configurator.doConfigure(config);
        } catch (JoranException e) {
            System.err.println("the dev mode's logging configuration " + config + " failed: " + e);
        }
    }
}
