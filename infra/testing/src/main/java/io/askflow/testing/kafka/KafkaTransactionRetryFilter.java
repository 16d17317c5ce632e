package io.askflow.testing.kafka;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.slf4j.LoggerFactory;
import org.slf4j.Marker;

/**
 * A logback turbo filter that moves the retries of transactional writes under Kafka's transactions v2
 * (KIP-890, the default of Kafka 4 clusters) from ERROR and WARN to DEBUG, on this class's logger. Exactly
 * these lines, and nothing else of Kafka's:
 *
 * <ul>
 *   <li>the broker's {@code kafka.server.ReplicaManager} ERROR "Error processing append operation on partition"
 *       whose exception is an {@link OutOfOrderSequenceException}: "... Expected sequence 0 for transactions v2
 *       idempotent producer with no existing state", or "Out of order sequence number for producer ...: n
 *       (incoming seq. number), m (current end sequence number)";</li>
 *   <li>the producer's {@code Sender} WARN "Got error produce response ... retrying ... Error:
 *       CONCURRENT_TRANSACTIONS" or "Error: OUT_OF_ORDER_SEQUENCE_NUMBER", from a transactional producer
 *       ({@code transactionalId=} in its log prefix).</li>
 * </ul>
 *
 * <p>Why they are noise: a Kafka Streams app with {@code exactly_once_v2} commits every 100 ms. Under
 * transactions v2 the first write to a partition in a new transaction adds the partition to it on the broker,
 * which answers {@code CONCURRENT_TRANSACTIONS} while the previous transaction's markers are still being
 * written (KAFKA-18662); the producer retries. The producer has up to five requests in flight per connection;
 * the ones behind that retried batch carry later sequence numbers, which the broker turns away as out of order:
 * while it has no state for the new epoch (KAFKA-18202), or when it has appended an earlier batch but not the
 * retried one. Both are a retriable {@code OUT_OF_ORDER_SEQUENCE_NUMBER} to a producer that is retrying an earlier
 * batch: it sends them again in order. Nothing is lost and nothing is fatal, but {@code ReplicaManager} logs every
 * exception it has no case for at ERROR, with a stack trace. An out-of-order write that the producer cannot
 * retry is fatal on the producer's side, which reports it there (Kafka Streams, the api's and the workers' send
 * callbacks): the broker's line adds nothing. Set this class's logger to DEBUG to see the lines it moves.
 */
public final class KafkaTransactionRetryFilter extends TurboFilter {

    static final String REPLICA_MANAGER = "kafka.server.ReplicaManager";
    static final String SENDER = "org.apache.kafka.clients.producer.internals.Sender";

    private static final org.slf4j.Logger retries = LoggerFactory.getLogger(KafkaTransactionRetryFilter.class);

    @Override
    public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
        if (format == null || !isStarted()) {
            return FilterReply.NEUTRAL;
        }
        if (isOutOfOrderAppend(logger, level, t) || isTransactionalProduceRetry(logger, level, format)) {
            if (retries.isDebugEnabled()) {
                retries.debug("{} (was {}): {}{}", logger.getName(), level, format, t == null ? "" : ": " + t.getMessage());
            }
            return FilterReply.DENY;
        }
        return FilterReply.NEUTRAL;
    }

    private static boolean isOutOfOrderAppend(Logger logger, Level level, Throwable t) {
        // exactly this class: not its subclass UnknownProducerIdException, which says something else
        return level == Level.ERROR && REPLICA_MANAGER.equals(logger.getName()) && t != null
                && t.getClass() == OutOfOrderSequenceException.class;
    }

    private static boolean isTransactionalProduceRetry(Logger logger, Level level, String message) {
        return level == Level.WARN && SENDER.equals(logger.getName()) && message.contains("transactionalId=")
                && message.contains("Got error produce response")
                && (message.contains("Error: CONCURRENT_TRANSACTIONS")
                || message.contains("Error: OUT_OF_ORDER_SEQUENCE_NUMBER"));
    }
}
