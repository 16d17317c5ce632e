package io.askflow.bench;

import io.askflow.core.job.JobEvent;
import io.askflow.core.topic.Topics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.RecordDeserializationException;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A consumer of the reply topic {@code askflow.job-events} as docs/reply-topic.md describes it: it prints each job's
 * events as they come. It reads committed records only (the pipeline writes in transactions), commits its offsets
 * after it has handled what it polled (at least once: after a crash it sees some events again), drops what it has
 * seen already (a job id and status seen before) and skips a record it cannot read.
 *
 * <pre>
 * java -cp "infra/bench/target/askflow-bench.jar:infra/bench/target/lib/*" io.askflow.bench.ReplyTopicExample \
 *     [bootstrap servers, default localhost:9092] [consumer group, default askflow-reply-example]
 * </pre>
 */
@SuppressWarnings("checkstyle:noConsoleOutput") // a command-line example: it prints what it reads
public final class ReplyTopicExample {

    private static final int REMEMBERED = 100_000;

    private ReplyTopicExample() {
    }

    public static void main(String[] args) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, args.length > 0 ? args[0] : "localhost:9092",
                ConsumerConfig.GROUP_ID_CONFIG, args.length > 1 ? args[1] : "askflow-reply-example",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        Set<String> seen = Collections.newSetFromMap(new LinkedHashMap<>() {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                return size() > REMEMBERED;
            }
        });
        try (KafkaConsumer<String, JobEvent> consumer = new KafkaConsumer<>(config,
                Topics.JOB_EVENTS.keySerde().deserializer(), Topics.JOB_EVENTS.valueSerde().deserializer())) {
            consumer.subscribe(List.of(Topics.JOB_EVENTS.name()));
            System.out.println("following " + Topics.JOB_EVENTS.name() + " at " + config.get("bootstrap.servers"));
            while (true) {
                try {
                    for (ConsumerRecord<String, JobEvent> record : consumer.poll(Duration.ofSeconds(1))) {
                        JobEvent event = record.value();
                        if (event != null && seen.add(event.jobId() + "/" + event.status())) {
                            System.out.println(describe(event));
                        }
                    }
                    consumer.commitSync();
                } catch (RecordDeserializationException e) {
                    System.out.println("skipping unreadable record " + e.topicPartition() + "@" + e.offset());
                    consumer.seek(e.topicPartition(), e.offset() + 1);
                }
            }
        }
    }

    private static String describe(JobEvent event) {
        String outcome = switch (event.status()) {
            case QUEUED, RUNNING -> "run " + event.runId();
            case COMPLETED -> "answer: " + event.answer();
            case FAILED -> "error: " + event.error();
        };
        return event.at() + " job " + event.jobId() + " " + event.status() + " (" + event.source() + ") " + outcome;
    }
}
