package io.askflow.workers.run;

import io.askflow.core.run.RunRequest;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * One task record handed from the consumer thread to a runner thread: how the runner reports back
 * ({@link #release()} when it no longer needs an Ollama slot, {@link #finish(boolean)} when its effect is
 * durable or abandoned) and how the consumer thread stops it ({@link #cancel()}: the runner thread is
 * interrupted, or the task does not start).
 */
public final class RunHandle {

    /** What a handle tells the consumer thread. */
    enum Event { RELEASED, FINISHED }

    private final ConsumerRecord<String, RunRequest> record;
    private final PartitionOffsets offsets;
    private final Consumer<Signal> signals;
    private final AtomicBoolean released = new AtomicBoolean();
    private final AtomicBoolean finished = new AtomicBoolean();
    private final CountDownLatch done = new CountDownLatch(1);
    private final int publishFailures;
    private volatile boolean committable;
    private volatile boolean unpublished;
    private Thread runner;
    private boolean cancelled;

    RunHandle(ConsumerRecord<String, RunRequest> record, PartitionOffsets offsets, Consumer<Signal> signals) {
        this(record, offsets, signals, 0);
    }

    /** A task run again after it failed to publish its effect {@code publishFailures} times. */
    RunHandle(ConsumerRecord<String, RunRequest> record, PartitionOffsets offsets, Consumer<Signal> signals,
              int publishFailures) {
        this.record = record;
        this.offsets = offsets;
        this.signals = signals;
        this.publishFailures = publishFailures;
    }

    /** The task record. */
    public ConsumerRecord<String, RunRequest> record() {
        return record;
    }

    TopicPartition partition() {
        return new TopicPartition(record.topic(), record.partition());
    }

    PartitionOffsets offsets() {
        return offsets;
    }

    boolean committable() {
        return committable;
    }

    /** Whether the task gave its slot back: its chain is over, only its publishing may still run. */
    boolean released() {
        return released.get();
    }

    /** The task needs no Ollama slot any more (its chain ended): the worker may take another task. Once only. */
    public void release() {
        if (released.compareAndSet(false, true)) {
            signals.accept(new Signal(this, Event.RELEASED));
        }
    }

    /**
     * The task is over; releases it too. Only the first call counts.
     *
     * @param durable whether its effect (a result, a dead letter) is acknowledged by Kafka, so that its offset
     *                may be committed
     */
    public void finish(boolean durable) {
        release();
        if (finished.compareAndSet(false, true)) {
            committable = durable;
            signals.accept(new Signal(this, Event.FINISHED));
            done.countDown();
        }
    }

    /**
     * The task is over, but Kafka took neither its result nor its dead letter: its offset stays uncommitted, and the
     * consumer runs it again after a pause ({@link Unpublished}), so that nothing is lost and the partition's commits
     * move on once Kafka takes it.
     */
    public void finishUnpublished() {
        unpublished = true;
        finish(false);
    }

    /** Whether the task ended by {@link #finishUnpublished()}. */
    boolean unpublished() {
        return unpublished;
    }

    /** How often this task failed to publish its effect before this run. */
    int publishFailures() {
        return publishFailures;
    }

    /** Binds the task to the calling runner thread; false when it was cancelled before it started. */
    synchronized boolean bind() {
        runner = Thread.currentThread();
        return !cancelled;
    }

    /** Unbinds the runner thread, clearing an interrupt meant for this task, so that the pooled thread goes on clean. */
    synchronized void unbind() {
        runner = null;
        Thread.interrupted();
    }

    /** Stops the task: interrupts its runner thread, or keeps it from starting. */
    synchronized void cancel() {
        cancelled = true;
        if (runner != null) {
            runner.interrupt();
        }
    }

    /** Waits until the task is over, at most {@code timeout}; false when it is still running. */
    boolean awaitFinished(Duration timeout) throws InterruptedException {
        return done.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    @Override
    public String toString() {
        return record.topic() + "-" + record.partition() + "@" + record.offset();
    }

    /** A handle's news for the consumer thread. */
    record Signal(RunHandle handle, Event event) {
    }
}
