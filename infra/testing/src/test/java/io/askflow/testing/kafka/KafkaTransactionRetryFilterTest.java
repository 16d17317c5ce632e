package io.askflow.testing.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.UnknownProducerIdException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class KafkaTransactionRetryFilterTest {

    private static final String TRANSACTIONAL = "[Producer clientId=app-StreamThread-1-producer, transactionalId=app-1] ";
    private static final String IDEMPOTENT = "[Producer clientId=producer-1] ";
    private static final String RETRY = "Got error produce response with correlation id 34 on topic-partition t-0, "
            + "retrying (2147483646 attempts left). Error: ";

    private final LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    private final KafkaTransactionRetryFilter filter = new KafkaTransactionRetryFilter();
    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
    private final Logger broker = context.getLogger(KafkaTransactionRetryFilter.REPLICA_MANAGER);
    private final Logger sender = context.getLogger(KafkaTransactionRetryFilter.SENDER);
    private final Logger moved = context.getLogger(KafkaTransactionRetryFilter.class);

    @BeforeEach
    void filterAndCapture() {
        filter.setContext(context);
        filter.start();
        context.addTurboFilter(filter);
        logged.start();
        context.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(logged);
        broker.setLevel(Level.INFO);
        sender.setLevel(Level.INFO);
        moved.setLevel(Level.DEBUG);
    }

    @AfterEach
    void remove() {
        context.getTurboFilterList().remove(filter);
        context.getLogger(Logger.ROOT_LOGGER_NAME).detachAppender(logged);
        broker.setLevel(null);
        sender.setLevel(null);
        moved.setLevel(null);
    }

    @Test
    void shouldMoveTheBrokersOutOfOrderAppendsToDebug() {
        broker.error("[ReplicaManager broker=0] Error processing append operation on partition x:t-1",
                new OutOfOrderSequenceException("Invalid sequence number for producer 0 at offset 14 in partition t-1:"
                        + " 10 (incoming seq. number). Expected sequence 0 for transactions v2 idempotent producer"
                        + " with no existing state."));
        broker.error("[ReplicaManager broker=0] Error processing append operation on partition x:t-0",
                new OutOfOrderSequenceException("Out of order sequence number for producer 0 at offset 4 in partition"
                        + " t-0: 2 (incoming seq. number), 0 (current end sequence number)"));

        assertThat(levelsOf(broker)).isEmpty();
        assertThat(levelsOf(moved)).containsExactly(Level.DEBUG, Level.DEBUG);
        assertThat(logged.list.get(0).getFormattedMessage()).contains("kafka.server.ReplicaManager (was ERROR)")
                .contains("Expected sequence 0");
    }

    @Test
    void shouldMoveATransactionalProducersRetriesToDebug() {
        sender.warn(TRANSACTIONAL + RETRY + "CONCURRENT_TRANSACTIONS");
        sender.warn(TRANSACTIONAL + RETRY + "OUT_OF_ORDER_SEQUENCE_NUMBER");

        assertThat(levelsOf(sender)).isEmpty();
        assertThat(levelsOf(moved)).containsExactly(Level.DEBUG, Level.DEBUG);
    }

    @Test
    void shouldLeaveEverythingElseAsItIs() {
        broker.error("[ReplicaManager broker=0] Error processing append operation on partition x:t-0",
                new UnknownProducerIdException("Found no record of producerId=7"));
        broker.error("[ReplicaManager broker=0] Error processing append operation on partition x:t-0",
                new IllegalStateException("something else"));
        broker.warn("[ReplicaManager broker=0] a warning", new OutOfOrderSequenceException("not at ERROR"));
        sender.warn(IDEMPOTENT + RETRY + "OUT_OF_ORDER_SEQUENCE_NUMBER");
        sender.warn(TRANSACTIONAL + RETRY + "NOT_ENOUGH_REPLICAS");
        sender.error(TRANSACTIONAL + RETRY + "CONCURRENT_TRANSACTIONS");

        assertThat(levelsOf(broker)).containsExactly(Level.ERROR, Level.ERROR, Level.WARN);
        assertThat(levelsOf(sender)).containsExactly(Level.WARN, Level.WARN, Level.ERROR);
        assertThat(levelsOf(moved)).isEmpty();
    }

    private List<Level> levelsOf(Logger logger) {
        return logged.list.stream().filter(event -> event.getLoggerName().equals(logger.getName()))
                .map(ILoggingEvent::getLevel).toList();
    }
}
