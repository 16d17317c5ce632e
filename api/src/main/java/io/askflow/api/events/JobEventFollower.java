package io.askflow.api.events;

import io.askflow.core.job.JobEvent;
import io.askflow.core.run.RunProgress;
import io.askflow.core.topic.Topic;
import io.askflow.core.topic.Topics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * This API instance's reader of {@code askflow.job-events} and {@code askflow.task-progress}: one thread, one plain
 * consumer with no group (every instance reads every partition, so a waiter is answered on whichever instance holds
 * it), {@code read_committed}. It starts {@code replay} before the time it starts (at the end when nothing is that
 * recent), so a waiter that arrives while it starts misses no event the sinks have not yet written; it checks for new
 * partitions every minute and reads them from their beginning. Every record goes to the {@link JobEventHub}; an
 * unreadable one is logged, counted and skipped.
 *
 * <p>Started before the web server and stopped after it (its phase is below the server's), so no request waits on a
 * follower that is not there.
 */
public final class JobEventFollower implements SmartLifecycle {

    /** Records read, by topic. */
    public static final String READ = "askflow.api.events.read";
    /** Records that could not be read, by topic. */
    public static final String UNREADABLE = "askflow.api.events.unreadable";
    /** 1 once it has found every partition of both topics and its position in each, else 0 (Kafka or a topic missing). */
    public static final String FOLLOWING = "askflow.api.events.following";

    private static final Logger log = LoggerFactory.getLogger(JobEventFollower.class);
    private static final Duration POLL = Duration.ofMillis(500);
    private static final Duration PARTITION_CHECK = Duration.ofMinutes(1);
    private static final Duration FAILURE_PAUSE = Duration.ofSeconds(1);
    private static final Duration STOP_WAIT = Duration.ofSeconds(10);
    private static final List<Topic<String, ?>> TOPICS = List.of(Topics.JOB_EVENTS, Topics.RUN_PROGRESS);

    private final Supplier<Consumer<String, byte[]>> consumers;
    private final JobEventHub hub;
    private final Duration replay;
    private final Clock clock;
    private final MeterRegistry meters;
    private final Map<String, Counter> read = new HashMap<>();
    private final Deserializer<JobEvent> events = Topics.JOB_EVENTS.valueSerde().deserializer();
    private final Deserializer<RunProgress> progresses = Topics.RUN_PROGRESS.valueSerde().deserializer();
    private volatile boolean stopping;
    private volatile boolean following;
    private volatile Consumer<String, byte[]> consumer;
    private Thread thread;
    private long nextPartitionCheck;

    /**
     * @param consumers makes the consumer (on the follower's thread): no group, no auto-commit, read_committed,
     *                  string keys and byte-array values (each topic's serde reads its values here)
     * @param hub       where the records go
     * @param replay    how far back before its start it begins reading
     * @param clock     for that start time
     * @param meters    where records read and unreadable are counted
     */
    public JobEventFollower(Supplier<Consumer<String, byte[]>> consumers, JobEventHub hub, Duration replay,
                            Clock clock, MeterRegistry meters) {
        this.consumers = consumers;
        this.hub = hub;
        this.replay = replay;
        this.clock = clock;
        this.meters = meters;
        TOPICS.forEach(topic -> read.put(topic.name(), Counter.builder(READ).tag("topic", topic.name())
                .description("records of the job events and run progress topics read by this API instance")
                .register(meters)));
        Gauge.builder(FOLLOWING, this, follower -> follower.isFollowing() ? 1 : 0)
                .description("1 once this API instance follows every partition of the job events and run progress")
                .register(meters);
    }

    /** Whether it has found its partitions and their positions: from then on it reads every new event. */
    public boolean isFollowing() {
        return following;
    }

    @Override
    public synchronized void start() {
        if (thread == null) {
            stopping = false;
            thread = new Thread(this::followUntilStopped, "askflow-events-follower");
            thread.setDaemon(true);
            thread.start();
        }
    }

    @Override
    public void stop() {
        Thread running;
        synchronized (this) {
            running = thread;
            thread = null;
        }
        if (running == null) {
            return;
        }
        stopping = true;
        Consumer<String, byte[]> current = consumer;
        if (current != null) {
            current.wakeup();
        }
        try {
            running.join(STOP_WAIT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return thread != null;
    }

    /** Started before the web server (and stopped after it), whose phase is {@code DEFAULT_PHASE - 2048}. */
    @Override
    public int getPhase() {
        return DEFAULT_PHASE - 4096;
    }

    private void followUntilStopped() {
        long startedAt = clock.millis();
        nextPartitionCheck = System.nanoTime();
        try (Consumer<String, byte[]> kafka = consumers.get()) {
            consumer = kafka;
            while (!stopping) {
                followOnce(kafka, startedAt);
            }
        } catch (RuntimeException e) {
            log.error("the follower of {} stopped", names(), e);
        } finally {
            consumer = null;
            following = false;
            log.info("stopped following {}", names());
        }
    }

    private void followOnce(Consumer<String, byte[]> kafka, long startedAt) {
        try {
            if (System.nanoTime() - nextPartitionCheck >= 0) {
                assignNewPartitions(kafka, startedAt);
            }
            for (ConsumerRecord<String, byte[]> record : kafka.poll(POLL)) {
                hand(record);
            }
        } catch (WakeupException e) {
            log.debug("follower of {} woken up, stopping: {}", names(), stopping);
        } catch (RuntimeException e) {
            log.warn("following {} failed, trying again in {} ms: {}", names(), FAILURE_PAUSE.toMillis(), e.toString());
            log.debug("following {} failed", names(), e);
            pauseAfterFailure();
        }
    }

    /**
     * Assigns the partitions not yet assigned: at first from {@code replay} before the start (or the end), later
     * (a partition added to a topic) from their beginning.
     */
    private void assignNewPartitions(Consumer<String, byte[]> kafka, long startedAt) {
        Set<TopicPartition> added = new HashSet<>();
        for (Topic<String, ?> topic : TOPICS) {
            List<PartitionInfo> partitions = kafka.partitionsFor(topic.name());
            for (PartitionInfo partition : partitions == null ? List.<PartitionInfo>of() : partitions) {
                added.add(new TopicPartition(partition.topic(), partition.partition()));
            }
        }
        added.removeAll(kafka.assignment());
        if (!added.isEmpty()) {
            Set<TopicPartition> all = new HashSet<>(kafka.assignment());
            all.addAll(added);
            kafka.assign(all);
            position(kafka, added, following ? 0 : startedAt - replay.toMillis());
            log.info("following {} partition(s) of {}: {}", added.size(), names(), added);
        }
        boolean complete = TOPICS.stream().allMatch(topic -> kafka.assignment().stream()
                .anyMatch(partition -> partition.topic().equals(topic.name())));
        following = complete;
        nextPartitionCheck = System.nanoTime() + (complete ? PARTITION_CHECK : FAILURE_PAUSE).toNanos();
    }

    /** Seeks each partition to its first record at or after {@code from} (ms), or to its end; resolves positions. */
    private static void position(Consumer<String, byte[]> kafka, Set<TopicPartition> partitions, long from) {
        Map<TopicPartition, Long> times = new HashMap<>();
        partitions.forEach(partition -> times.put(partition, Math.max(0, from)));
        Map<TopicPartition, OffsetAndTimestamp> offsets = kafka.offsetsForTimes(times);
        Set<TopicPartition> toEnd = new HashSet<>();
        for (TopicPartition partition : partitions) {
            OffsetAndTimestamp offset = offsets.get(partition);
            if (offset == null) {
                toEnd.add(partition);
            } else {
                kafka.seek(partition, offset.offset());
            }
        }
        kafka.seekToEnd(toEnd);
        partitions.forEach(kafka::position); // resolves the end now: nothing after this point is skipped
    }

    private void hand(ConsumerRecord<String, byte[]> record) {
        if (record.value() == null) {
            return;
        }
        read.get(record.topic()).increment();
        try {
            if (record.topic().equals(Topics.JOB_EVENTS.name())) {
                JobEvent event = events.deserialize(record.topic(), record.value());
                if (event.jobId() != null && event.status() != null) {
                    hub.publish(event);
                }
            } else {
                RunProgress progress = progresses.deserialize(record.topic(), record.value());
                if (progress.runId() != null) {
                    hub.publish(progress);
                }
            }
        } catch (SerializationException e) {
            meters.counter(UNREADABLE, "topic", record.topic()).increment();
            log.warn("record {}-{}@{} with key {} unreadable, skipped: {}", record.topic(), record.partition(),
                    record.offset(), record.key(), e.getMessage());
        }
    }

    private void pauseAfterFailure() {
        try {
            TimeUnit.NANOSECONDS.sleep(FAILURE_PAUSE.toNanos());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopping = true;
        }
    }

    private static String names() {
        return TOPICS.stream().map(Topic::name).toList().toString();
    }
}
