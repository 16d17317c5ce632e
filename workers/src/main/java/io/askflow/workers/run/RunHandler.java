package io.askflow.workers.run;

import io.askflow.core.error.ErrorCode;
import io.askflow.core.resilience.Retry;
import io.askflow.core.run.RunRequest;
import io.askflow.core.run.RunProgress;
import io.askflow.core.run.RunResult;
import io.askflow.core.step.TokenUsage;
import io.askflow.workers.chain.ChainExecutor;
import io.askflow.workers.chain.ChainOutcome;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.log.LogAccessor;
import org.springframework.kafka.support.serializer.SerializationUtils;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * What a runner thread does with one task of {@code askflow.tasks}: publishes progress "0 of n", runs the
 * chain (progress after every step), releases its slot, publishes the {@link RunResult} and waits for its
 * acknowledgement; only then is the task's offset free to be committed.
 *
 * <p>Error policy: a failed run is not an error here, it is a FAILED result. A bug of the worker while running
 * a task is a FAILED result too ({@code WORKER_ERROR}), so that the job's waiters learn of it at
 * once. A record that cannot be read (ErrorHandlingDeserializer) or run ({@link InvalidRunRequestException}), and a
 * task whose result Kafka does not acknowledge after bounded retries, go to {@code askflow.tasks.dlt}. If Kafka
 * takes neither, the task is run again after a growing pause ({@link Unpublished}): its kept result is published
 * again, and its offset is committed once Kafka takes it. The
 * retries are {@link Retry#standard()}: 5 tries, pauses of 1 s doubling up to 8 s, each lowered by up to 20 % at
 * random (12 to 15 s of pauses in all), one WARN line per failed try; the dead letter is retried the same way,
 * and a stopping worker does not sit out a pause. A task delivered again has its result published again from
 * {@link RecentResults} rather than computed again. An interrupted run (the worker is stopping, or lost the
 * partition) publishes nothing and is not committed.
 *
 * <p>Deadline: a task older than {@link TaskExpiry} allows (it waited behind a backlog) is not run; its result
 * is FAILED with {@code RUN_EXPIRED} at once, so its waiters end instead of waiting for an answer nobody needs.
 */
public final class RunHandler implements RunWork {

    private static final Logger log = LoggerFactory.getLogger(RunHandler.class);
    private static final LogAccessor DESERIALIZATION_LOG = new LogAccessor(RunHandler.class);

    private final ChainExecutor executor;
    private final RunPublisher publisher;
    private final RecentResults recentResults;
    private final DeadLetters deadLetters;
    private final Retry retries;
    private final TaskExpiry expiry;
    private final String worker;
    private final Clock clock;

    RunHandler(ChainExecutor executor, RunPublisher publisher, RecentResults recentResults, DeadLetters deadLetters,
               Retry retries, TaskExpiry expiry, String worker, Clock clock) {
        this.executor = executor;
        this.publisher = publisher;
        this.recentResults = recentResults;
        this.deadLetters = deadLetters;
        this.retries = retries;
        this.expiry = expiry;
        this.worker = worker;
        this.clock = clock;
    }

    public RunHandler(ChainExecutor executor, RunPublisher publisher, RecentResults recentResults,
                      DeadLetters deadLetters, TaskExpiry expiry, String worker) {
        this(executor, publisher, recentResults, deadLetters, Retry.standard(), expiry, worker, Clock.systemUTC());
    }

    @Override
    public void run(RunHandle handle) {
        ConsumerRecord<String, RunRequest> record = handle.record();
        Instant startedAt = clock.instant();
        try {
            Exception unusable = unusable(record);
            if (unusable != null) {
                handle.release();
                finish(handle, deadLetters.publish(record, unusable));
                return;
            }
            RunResult result = resultOf(record.value());
            handle.release();
            finish(handle, published(result, record));
        } catch (InterruptedException | RunInterruptedException e) {
            log.info("task {} stopped: the worker is stopping or lost the partition; the next owner resumes it",
                    handle);
            handle.finish(false);
        } catch (RuntimeException e) {
            log.error("task {} failed in the worker", handle, e);
            failInTheWorker(handle, e, startedAt);
        }
    }

    /** Publishes a {@code WORKER_ERROR} result; dead-letters the task when that is impossible. */
    private void failInTheWorker(RunHandle handle, RuntimeException failure, Instant startedAt) {
        handle.release();
        ConsumerRecord<String, RunRequest> record = handle.record();
        try {
            if (unusable(record) != null) {
                finish(handle, deadLetters.publish(record, failure));
                return;
            }
            RunRequest task = record.value();
            RunResult result = new RunResult(task.runId(), task.fingerprint(), null, ErrorCode.WORKER_ERROR.error(
                    "run " + task.runId() + " failed in the worker; " + ErrorCode.WORKER_ERROR.advice(), 0),
                    List.of(), TokenUsage.NONE, worker, startedAt, clock.instant(), task.tenant());
            finish(handle, published(result, record));
        } catch (InterruptedException e) {
            handle.finish(false);
        }
    }

    /** Ends the task: durable, or to be run again later because Kafka took neither its result nor its dead letter. */
    private static void finish(RunHandle handle, boolean durable) {
        if (durable) {
            handle.finish(true);
        } else {
            handle.finishUnpublished();
        }
    }

    private RunResult resultOf(RunRequest task) {
        RunResult earlier = recentResults.get(task.runId());
        if (earlier != null) {
            log.info("run {} fingerprint {} delivered again, publishing its result again", task.runId(),
                    task.fingerprint());
            return earlier;
        }
        Instant now = clock.instant();
        if (expiry.expired(task, now)) {
            RunResult expired = new RunResult(task.runId(), task.fingerprint(), null, expiry.error(task, now),
                    List.of(), TokenUsage.NONE, worker, now, now, task.tenant());
            log.warn("run {} fingerprint {} job {} dispatch {} created at {}: too old to run, answered {}",
                    task.runId(), task.fingerprint(), task.firstJobId(), task.dispatch(), task.createdAt(),
                    expired.error().type());
            return expired;
        }
        log.info("run {} fingerprint {} job {} dispatch {}: chain {} started", task.runId(), task.fingerprint(),
                task.firstJobId(), task.dispatch(), task.request().chain());
        RunResult result = run(task);
        recentResults.put(result);
        if (result.succeeded()) {
            log.info("run {} fingerprint {}: chain {} completed in {} steps, {} tokens", task.runId(),
                    task.fingerprint(), task.request().chain(), result.steps().size(), result.tokens().total());
        } else {
            log.warn("run {} fingerprint {}: chain {} failed: {} {}", task.runId(), task.fingerprint(),
                    task.request().chain(), result.error().type(), result.error().message());
        }
        return result;
    }

    private RunResult run(RunRequest task) {
        Instant startedAt = clock.instant();
        publisher.publishProgress(new RunProgress(task.runId(), task.fingerprint(), 0, executor.stepsOf(task),
                executor.firstStepOf(task), worker, startedAt, task.tenant()));
        ChainOutcome outcome;
        try {
            outcome = executor.run(task, (step, stepsTotal, nextStep) -> publisher.publishProgress(
                    new RunProgress(task.runId(), task.fingerprint(), step.index() + 1, stepsTotal, nextStep, worker,
                            clock.instant(), task.tenant())));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RunInterruptedException(task.runId(), e);
        }
        return new RunResult(task.runId(), task.fingerprint(), outcome.answer(), outcome.error(), outcome.steps(),
                outcome.tokens(), worker, startedAt, clock.instant(), task.tenant());
    }

    /** Publishes the result (retried), or dead-letters the task when Kafka will not take it; true when durable. */
    private boolean published(RunResult result, ConsumerRecord<String, RunRequest> record)
            throws InterruptedException {
        try {
            retries.run("result of run " + result.runId(), () -> publisher.publishResult(result));
            return true;
        } catch (ResultNotPublishedException e) {
            return deadLetters.publish(record, e);
        }
    }

    /** Why the record cannot be run, or {@code null} when it can. */
    private static Exception unusable(ConsumerRecord<String, RunRequest> record) {
        Exception unreadable = SerializationUtils.getExceptionFromHeader(record,
                SerializationUtils.VALUE_DESERIALIZER_EXCEPTION_HEADER, DESERIALIZATION_LOG);
        if (unreadable != null) {
            return unreadable;
        }
        RunRequest task = record.value();
        String where = record.topic() + "-" + record.partition() + "@" + record.offset();
        if (task == null) {
            return new InvalidRunRequestException(where + ": a task record without a value");
        }
        if (task.runId() == null || task.fingerprint() == null || task.fingerprint().isBlank()
                || task.request() == null) {
            return new InvalidRunRequestException(where + ": a task needs runId, fingerprint and request, got " + task);
        }
        return null;
    }
}
