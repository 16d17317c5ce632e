package io.askflow.testing.kafka;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import kafka.server.BrokerServer;
import org.apache.kafka.common.utils.Exit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * A single-node KRaft Kafka (combined broker and controller) inside this JVM, on a random port.
 *
 * <p>Configured so that everything Askflow does works against one broker: internal topics with
 * replication factor 1 and min ISR 1 (so transactions and Kafka Streams {@code exactly_once_v2}
 * work), one partition for the offsets and transaction-state topics (quick first group join and
 * first transaction), no initial rebalance delay, and no automatic topic creation (the
 * application creates its topics, as in production). Fixed ports are not supported by the
 * KRaft test kit: always read {@link #bootstrapServers()}. The broker side can be shut down and
 * started again on the same port with its log kept ({@link #stopBroker()}, {@link #startBroker()});
 * the controller keeps running meanwhile.
 *
 * <p>The log directories live under {@code java.io.tmpdir} and are removed on {@link #close()}. The KRaft
 * test kit asks for a JVM shutdown hook that deletes them; this part keeps that hook and runs it itself after
 * the broker has stopped, since at SIGTERM the hook would delete the log directories under the running broker
 * (which then fails its log directory and calls {@code Exit.halt(1)}) while the applications still use it.
 */
public final class EmbeddedKafkaPart implements KafkaPart {

    /** System property the broker sets to its address (spring-kafka-test always sets one). */
    public static final String BROKERS_PROPERTY = "askflow.test.embedded-kafka.brokers";

    private static final Logger log = LoggerFactory.getLogger(EmbeddedKafkaPart.class);
    /** Kafka's {@link Exit} hooks are JVM-wide: one broker at a time swaps them. */
    private static final Object EXIT_HOOKS = new Object();

    private final EmbeddedKafkaKraftBroker broker;
    private final String bootstrapServers;
    private final List<Runnable> afterClose;

    private EmbeddedKafkaPart(EmbeddedKafkaKraftBroker broker, List<Runnable> afterClose) {
        this.broker = broker;
        this.bootstrapServers = broker.getBrokersAsString();
        this.afterClose = List.copyOf(afterClose);
    }

    /**
     * Starts a broker with {@link #defaultBrokerProperties()}.
     *
     * @return the running broker
     */
    public static EmbeddedKafkaPart start() {
        return start(Map.of());
    }

    /**
     * Starts a broker with {@link #defaultBrokerProperties()} overridden by {@code overrides}.
     *
     * @param overrides broker settings, for example {@code auto.create.topics.enable=true}
     * @return the running broker
     */
    public static EmbeddedKafkaPart start(Map<String, String> overrides) {
        KafkaLogging.quiet();
        Map<String, String> properties = defaultBrokerProperties();
        properties.putAll(overrides);
        EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 1);
        broker.brokerProperties(properties);
        // the broker always publishes its address as a system property; keep it away from
        // spring.kafka.bootstrap-servers, which would leak into every Spring context of the JVM
        broker.brokerListProperty(BROKERS_PROPERTY);
        List<Runnable> afterClose = new ArrayList<>();
        synchronized (EXIT_HOOKS) {
            // the test kit's "delete-temp-file-shutdown-hook"s: run by close(), after the broker has stopped
            Exit.setShutdownHookAdder((name, hook) -> afterClose.add(hook));
            try {
                broker.afterPropertiesSet();
            }
            catch (RuntimeException e) {
                afterClose.forEach(EmbeddedKafkaPart::runQuietly);
                throw e;
            }
            finally {
                Exit.resetShutdownHookAdder();
            }
        }
        EmbeddedKafkaPart part = new EmbeddedKafkaPart(broker, afterClose);
        log.debug("embedded Kafka listening at {} with {}", part.bootstrapServers, properties);
        return part;
    }

    /**
     * The broker settings used unless overridden.
     *
     * @return a new mutable map of broker property names to values
     */
    public static Map<String, String> defaultBrokerProperties() {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("auto.create.topics.enable", "false");
        properties.put("num.partitions", "1");
        properties.put("default.replication.factor", "1");
        properties.put("min.insync.replicas", "1");
        properties.put("offsets.topic.replication.factor", "1");
        properties.put("offsets.topic.num.partitions", "1");
        properties.put("transaction.state.log.replication.factor", "1");
        properties.put("transaction.state.log.min.isr", "1");
        properties.put("transaction.state.log.num.partitions", "1");
        properties.put("share.coordinator.state.topic.replication.factor", "1");
        properties.put("share.coordinator.state.topic.min.isr", "1");
        properties.put("group.initial.rebalance.delay.ms", "0");
        return properties;
    }

    @Override
    public String bootstrapServers() {
        return bootstrapServers;
    }

    @Override
    public boolean supportsBrokerRestart() {
        return true;
    }

    @Override
    public void stopBroker() {
        long started = System.nanoTime();
        brokerServer().shutdown();
        log.info("embedded Kafka broker at {} stopped in {} ms", bootstrapServers, millisSince(started));
    }

    @Override
    public void startBroker() {
        long started = System.nanoTime();
        brokerServer().startup();
        log.info("embedded Kafka broker at {} started again in {} ms", bootstrapServers, millisSince(started));
    }

    private BrokerServer brokerServer() {
        return broker.getCluster().brokers().values().iterator().next();
    }

    private static long millisSince(long nanos) {
        return (System.nanoTime() - nanos) / 1_000_000;
    }

    @Override
    public String description() {
        return "embedded Kafka at " + bootstrapServers;
    }

    @Override
    public void close() {
        try {
            broker.destroy();
        }
        catch (RuntimeException e) {
            log.warn("embedded Kafka at {} did not stop cleanly: {}", bootstrapServers, e.toString(), e);
        }
        afterClose.forEach(EmbeddedKafkaPart::runQuietly);
        for (String property : new String[] {BROKERS_PROPERTY, EmbeddedKafkaBroker.SPRING_EMBEDDED_KAFKA_BROKERS}) {
            if (bootstrapServers.equals(System.getProperty(property))) {
                System.clearProperty(property);
            }
        }
    }

    private static void runQuietly(Runnable hook) {
        try {
            hook.run();
        }
        catch (RuntimeException e) {
            log.debug("embedded Kafka clean-up failed: {}", e.toString());
        }
    }

    @Override
    public String toString() {
        return description();
    }
}
