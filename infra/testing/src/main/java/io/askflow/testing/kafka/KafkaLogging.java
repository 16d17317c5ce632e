package io.askflow.testing.kafka;

import java.util.List;

import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;

/**
 * Turns the embedded broker's loggers down to WARN. At logback's default (DEBUG, when no
 * configuration file is found) an in-JVM broker prints hundreds of thousands of lines.
 *
 * <p>Only loggers without a level of their own are changed, so a {@code logback-test.xml} that
 * names them wins. Does nothing unless logback is the SLF4J backend. A Spring Boot context
 * re-initialises logback when it starts, which drops these levels: put the same loggers in the
 * test logging configuration (see {@code askflow-testing-logback.xml}) or in
 * {@code logging.level.*} properties.
 */
public final class KafkaLogging {

    /** The loggers set to WARN: Kafka's clients, broker, controller and state-change log. */
    public static final List<String> NOISY_LOGGERS = List.of("org.apache.kafka", "kafka", "state.change.logger");

    private static final String LOGBACK_CONTEXT = "ch.qos.logback.classic.LoggerContext";

    private KafkaLogging() {
    }

    /** Sets {@link #NOISY_LOGGERS} to WARN where they have no level yet. */
    public static void quiet() {
        ILoggerFactory factory = LoggerFactory.getILoggerFactory();
        if (LOGBACK_CONTEXT.equals(factory.getClass().getName())) {
            LogbackLevels.warnIfUnset(factory, NOISY_LOGGERS);
        }
    }
}
