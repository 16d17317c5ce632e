package io.askflow.testing.kafka;

import java.util.List;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import org.slf4j.ILoggerFactory;

/** Kept apart from {@link KafkaLogging} so that logback classes load only when logback is there. */
final class LogbackLevels {

    private LogbackLevels() {
    }

    static void warnIfUnset(ILoggerFactory factory, List<String> names) {
        LoggerContext context = (LoggerContext) factory;
        for (String name : names) {
            Logger logger = context.getLogger(name);
            if (logger.getLevel() == null) {
                logger.setLevel(Level.WARN);
            }
        }
    }
}
