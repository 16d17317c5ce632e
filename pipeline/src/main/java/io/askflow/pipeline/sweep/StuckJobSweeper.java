package io.askflow.pipeline.sweep;

import io.askflow.core.job.JobEvent;
import io.askflow.core.job.JobStatus;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Keeps the promise that every accepted job ends COMPLETED or FAILED: each look ({@link #sweepOnce}, every
 * {@code interval} by a {@code Periodic}) ends the jobs
 * {@link StuckJobs} finds, by publishing their ending event to {@code askflow.job-events}, like the topology
 * would have; the events sink writes the rows (the lifecycle refuses to change a job that ended meanwhile), and
 * webhooks, long-polls and streams learn of it as of any other end.
 *
 * <p>One pipeline instance sweeps at a time: a look runs in a transaction holding a PostgreSQL advisory lock,
 * and an instance that cannot take it skips that look. A look ends at most {@code batch-size} jobs of each kind.
 * Counted as {@code askflow.sweeper.ended{reason=run-ended|timed-out, status=COMPLETED|FAILED}}.
 */
public final class StuckJobSweeper implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(StuckJobSweeper.class);
    /** The advisory lock's key: "askflow sweeper" in ASCII, folded into a long. */
    static final long LOCK = 0x61736b666c6f7773L;

    private final SweeperProperties properties;
    private final StuckJobs stuck;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final Producer<String, JobEvent> producer;
    private final String topic;
    private final Clock clock;
    private final MeterRegistry registry;

    public StuckJobSweeper(SweeperProperties properties, JdbcTemplate jdbc, TransactionTemplate transactions,
                           Producer<String, JobEvent> producer, String topic, Clock clock, MeterRegistry registry) {
        this.properties = properties;
        this.stuck = new StuckJobs(jdbc);
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.producer = producer;
        this.topic = topic;
        this.clock = clock;
        this.registry = registry;
    }

    /**
     * One look: ends what it finds, at most {@code batch-size} jobs of each kind.
     *
     * @return the events published, none when another instance holds the lock
     */
    public List<JobEvent> sweepOnce() {
        List<JobEvent> ended = transactions.execute(tx -> {
            if (!Boolean.TRUE.equals(jdbc.queryForObject("select pg_try_advisory_xact_lock(?)", Boolean.class,
                    LOCK))) {
                return List.<JobEvent>of();
            }
            Instant now = clock.instant();
            List<JobEvent> events = new ArrayList<>(stuck.ofEndedRuns(now.minus(properties.runGrace()),
                    properties.batchSize(), now));
            publish(events, "run-ended");
            List<JobEvent> old = stuck.tooOld(now.minus(properties.maxAge()), properties.maxAge(),
                    properties.batchSize(), now);
            publish(old, "timed-out");
            events.addAll(old);
            return events;
        });
        return ended == null ? List.of() : ended;
    }

    private void publish(List<JobEvent> events, String reason) {
        if (events.isEmpty()) {
            return;
        }
        List<Future<?>> sends = new ArrayList<>();
        for (JobEvent event : events) {
            sends.add(producer.send(new ProducerRecord<>(topic, event.jobId().toString(), event)));
        }
        for (Future<?> send : sends) {
            try {
                send.get(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while publishing the sweeper's events", e);
            } catch (ExecutionException | TimeoutException e) {
                throw new IllegalStateException("the sweeper's events were not published: the next look tries again",
                        e);
            }
        }
        for (JobEvent event : events) {
            counter(reason, event.status()).increment();
        }
        log.warn("the sweeper ended {} job(s) ({}): e.g. job {} {} ({})", events.size(), reason,
                events.get(0).jobId(), events.get(0).status(),
                events.get(0).error() == null ? "answer of its run" : events.get(0).error().type());
    }

    private Counter counter(String reason, JobStatus status) {
        return Counter.builder("askflow.sweeper.ended").description("Stuck jobs the sweeper ended")
                .tag("reason", reason).tag("status", status.name()).register(registry);
    }

    /** Closes the producer of its events. */
    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
