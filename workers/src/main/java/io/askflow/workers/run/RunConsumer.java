package io.askflow.workers.run;

import io.askflow.core.run.RunRequest;
import io.askflow.core.tenant.Tenants;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The consumer of {@code askflow.tasks}: one thread that never stops polling, however long a task runs, and
 * hands each task to a runner thread. It runs at most {@code capacity} tasks at a time (the Ollama slots of
 * this worker) and reads at most {@code readAhead} more, which wait in a {@link FairShare}: when a slot frees, the
 * waiting task of the tenant with the least running tasks per weight starts, so one tenant's flood cannot keep
 * another tenant's few tasks from starting. When the slots and the read-ahead are full it pauses every assigned
 * partition and keeps polling (nothing is fetched, the group membership stays alive), and resumes once a tenth of
 * the read-ahead is free again (without read-ahead: as soon as a task releases its slot), so that a full read-ahead
 * is refilled by whole polls, not one fetch per freed slot. So no call length can cause a rebalance, and tasks this
 * worker cannot hold stay in Kafka.
 *
 * <p>Offsets ({@link PartitionCommits}): a task's offset is committed only once its result (or dead letter) is
 * acknowledged by Kafka, and per partition only the unbroken prefix of such offsets ({@link PartitionOffsets}; a
 * task read ahead and not started yet holds its partition's position back):
 * asynchronously whenever a position moves, synchronously when partitions are revoked and on shutdown. Partitions are assigned with the
 * cooperative sticky assignor, so a rebalance moves only the partitions it must; the tasks of a partition this
 * worker loses are interrupted (their finished steps are in the checkpoints for the next owner), and its tasks
 * read ahead are dropped, neither run nor committed: the next owner reads them again. A task whose result and
 * dead letter Kafka both refused is run again after a growing pause ({@link Unpublished}) until Kafka takes
 * one, so that its partition's commits freeze only while Kafka refuses.
 *
 * <p>Stopping ({@link #stop()}, at the context's shutdown): the consumer takes no new task (it polls no more, so
 * what it has not taken stays in Kafka) and gives the running tasks up to {@code drain} (10 s by default) to
 * finish and publish their result, committing as they do; a task still running then is handed back: interrupted,
 * not committed, and resumed by the partition's next owner after its checkpointed steps (ADR 4). Calls on a real
 * Ollama can take minutes, so the wait is bounded; the log says what it waits for and how it ended. Tasks read
 * ahead and not started are left in Kafka. Then the offsets of what is durable are committed and the consumer
 * leaves its group.
 *
 * <p>Started once: after {@link #stop()} its runner threads are gone, and {@link #start()} refuses to run again.
 */
public final class RunConsumer implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(RunConsumer.class);
    private static final Duration POLL = Duration.ofMillis(100);
    /** How long a poll may block while tasks wait for a slot: a slot freed meanwhile is taken this late at most. */
    private static final Duration SHORT_POLL = Duration.ofMillis(10);
    private static final Duration STOP_WAIT = Duration.ofSeconds(5);
    /** How long a stop waits for running tasks to finish before handing them back. */
    static final Duration DRAIN = Duration.ofSeconds(10);
    private static final Duration FAILURE_PAUSE = Duration.ofMillis(500);

    private final Supplier<Consumer<String, RunRequest>> consumers;
    private final String topic;
    private final RunWork work;
    private final int capacity;
    private final int readAhead;
    private final int resumeRoom;
    private final FairShare<RunHandle> waiting;
    private final ConsumerMetrics metrics;
    private final BlockingQueue<RunHandle.Signal> signals = new LinkedBlockingQueue<>();
    private final PartitionCommits commits = new PartitionCommits();
    private final Unpublished unpublished = new Unpublished();
    private final Set<RunHandle> tasks = new HashSet<>();
    private final ExecutorService runners;
    private final Duration drain;
    private int busy;
    private boolean full;
    private volatile int busyNow;
    private volatile int waitingNow;
    private volatile int pausedNow;
    private volatile int assignedNow;
    private volatile boolean stopping;
    private volatile Consumer<String, RunRequest> consumer;
    private Thread thread;
    private boolean started;

    /**
     * @param consumers makes the Kafka consumer (on the polling thread): group, deserializers, no auto-commit,
     *                  {@code max.poll.records} at most the read-ahead (1 without), cooperative sticky assignment
     * @param topic     the tasks topic
     * @param work      what a runner thread does with a task
     * @param capacity  tasks run at once: the sum of the Ollama slots
     * @param readAhead tasks read beyond the running ones, waiting for a slot; 0 reads only what can start
     * @param weights   each tenant's weight in the share of the slots
     * @param metrics   where rebalances, interrupted tasks, waiting and started tasks are counted
     */
    public RunConsumer(Supplier<Consumer<String, RunRequest>> consumers, String topic, RunWork work, int capacity,
                       int readAhead, TenantWeights weights, ConsumerMetrics metrics) {
        this(consumers, topic, work, capacity, readAhead, weights, metrics, runnerThreads(), DRAIN);
    }

    RunConsumer(Supplier<Consumer<String, RunRequest>> consumers, String topic, RunWork work, int capacity,
                 ConsumerMetrics metrics, Duration drain) {
        this(consumers, topic, work, capacity, metrics, runnerThreads(), drain);
    }

    RunConsumer(Supplier<Consumer<String, RunRequest>> consumers, String topic, RunWork work, int capacity,
                 ConsumerMetrics metrics, ExecutorService runners, Duration drain) {
        this(consumers, topic, work, capacity, 0, TenantWeights.EQUAL, metrics, runners, drain);
    }

    RunConsumer(Supplier<Consumer<String, RunRequest>> consumers, String topic, RunWork work, int capacity,
                 int readAhead, TenantWeights weights, ConsumerMetrics metrics, ExecutorService runners,
                 Duration drain) {
        if (capacity < 1) {
            throw new IllegalArgumentException("the task consumer needs a capacity of at least 1, was " + capacity);
        }
        if (readAhead < 0) {
            throw new IllegalArgumentException("the task consumer's read-ahead must not be negative, was "
                    + readAhead);
        }
        this.consumers = consumers;
        this.topic = topic;
        this.work = work;
        this.capacity = capacity;
        this.readAhead = readAhead;
        this.resumeRoom = Math.max(1, readAhead / 10);
        this.waiting = new FairShare<>(weights);
        this.metrics = metrics;
        this.runners = runners;
        this.drain = drain;
    }

    private static ExecutorService runnerThreads() {
        AtomicInteger threadNumber = new AtomicInteger();
        return Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "askflow-task-" + threadNumber.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Tasks taken and not yet released. */
    public int busy() {
        return busyNow;
    }

    /** Tasks taken at most at once. */
    public int capacity() {
        return capacity;
    }

    /** Tasks read ahead, waiting for a slot. */
    public int readAheadSize() {
        return waitingNow;
    }

    /** Partitions paused because every slot and the read-ahead are taken. */
    public int pausedPartitions() {
        return pausedNow;
    }

    /** Partitions assigned to this worker. */
    public int assignedPartitions() {
        return assignedNow;
    }

    /**
     * Starts the polling thread; does nothing while it runs.
     *
     * @throws IllegalStateException after {@link #stop()}: the runner threads are shut down, make a new consumer
     */
    @Override
    public synchronized void start() {
        if (thread == null) {
            if (started) {
                throw new IllegalStateException("the consumer of " + topic + " was stopped and cannot start again:"
                        + " its runner threads are shut down");
            }
            started = true;
            thread = new Thread(this::pollUntilStopped, "askflow-task-consumer");
            thread.start();
        }
    }

    @Override
    public void stop() {
        Thread polling;
        synchronized (this) {
            polling = thread;
            thread = null;
        }
        if (polling == null) {
            return;
        }
        stopping = true;
        Consumer<String, RunRequest> current = consumer;
        if (current != null) {
            current.wakeup();
        }
        try {
            polling.join(drain.plus(STOP_WAIT.multipliedBy(4)).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return thread != null;
    }

    private void pollUntilStopped() {
        try (Consumer<String, RunRequest> kafka = consumers.get()) {
            consumer = kafka;
            kafka.subscribe(List.of(topic), new Rebalance());
            log.info("consuming {}: at most {} task(s) at once, one per Ollama slot, and up to {} more read ahead",
                    topic, capacity, readAhead);
            while (!stopping) {
                pollOnce(kafka);
            }
            leaveReadAheadInKafka();
            drain(kafka);
            stopTasks(new ArrayList<>(commits.partitions()), true);
        } catch (RuntimeException e) {
            log.error("the consumer of {} stopped", topic, e);
        } finally {
            consumer = null;
            runners.shutdownNow();
            updateGauges(Set.of(), Set.of());
            log.info("stopped consuming {}", topic);
        }
    }

    private void pollOnce(Consumer<String, RunRequest> kafka) {
        try {
            takeSignals(mayRead() ? Duration.ZERO : POLL);
            runUnpublishedAgain();
            commits.commitAdvanced(kafka);
            startWhatFits();
            if (mayRead()) {
                resumeAll(kafka);
                readWhatFits(kafka, kafka.poll(waiting.size() > 0 ? SHORT_POLL : POLL));
            } else {
                pauseAll(kafka);
                // keeps the membership alive; what a rebalance inside the poll lets through is sought back, not lost
                readWhatFits(kafka, kafka.poll(Duration.ZERO));
            }
            startWhatFits();
            updateGauges(kafka.assignment(), kafka.paused());
        } catch (WakeupException e) {
            log.debug("consumer of {} woken up, stopping: {}", topic, stopping);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopping = true;
        } catch (RuntimeException e) {
            log.error("polling {} failed, polling again in {} ms", topic, FAILURE_PAUSE.toMillis(), e);
            pauseAfterFailure();
        }
    }

    /**
     * At stop: takes no new task and lets the running ones finish, at most {@link #drain}, committing what becomes
     * durable meanwhile. What still runs after that is handed back by {@link #stopTasks}.
     */
    private void drain(Consumer<String, RunRequest> kafka) {
        if (tasks.isEmpty()) {
            return;
        }
        long started = System.nanoTime();
        long giveUpAt = started + drain.toNanos();
        log.info("stopping: taking no new task from {}; waiting up to {} ms for {} running task(s) to finish, then"
                + " handing back the rest (their next owner resumes them)", topic, drain.toMillis(), tasks.size());
        try {
            while (!tasks.isEmpty() && System.nanoTime() < giveUpAt) {
                takeSignals(Duration.ofNanos(Math.min(POLL.toNanos(), Math.max(0, giveUpAt - System.nanoTime()))));
                commitAdvancedDespiteWakeUp(kafka);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.warn("waiting for the running tasks of {} failed, handing them back: {}", topic, e.toString(), e);
        }
        long waited = (System.nanoTime() - started) / 1_000_000;
        if (tasks.isEmpty()) {
            log.info("stopping: every running task finished, in {} ms", waited);
        } else {
            log.info("stopping: {} task(s) still running after {} ms: handing them back", tasks.size(), waited);
        }
    }

    /** No poll while draining, so nothing new is taken; a wake-up from {@link #stop()} costs nothing here. */
    private void commitAdvancedDespiteWakeUp(Consumer<String, RunRequest> kafka) {
        try {
            commits.commitAdvanced(kafka);
        } catch (WakeupException e) {
            log.debug("consumer of {} woken up while its tasks finish", topic);
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

    /** Whether another task may be read: the running ones and those read ahead leave room. */
    private boolean hasRoom() {
        return room() > 0;
    }

    private int room() {
        return capacity + readAhead - busy - waiting.size();
    }

    /**
     * Whether the partitions may be fetched from: until the room runs out, then again once it is back to
     * {@link #resumeRoom}.
     */
    private boolean mayRead() {
        full = room() < (full ? resumeRoom : 1);
        return !full;
    }

    /**
     * Holds records while there is room (their offsets now hold their partitions' positions back); a partition
     * whose record does not fit is sought back to it, so that it comes again with a later poll: a polled record is
     * never dropped.
     */
    private void readWhatFits(Consumer<String, RunRequest> kafka, ConsumerRecords<String, RunRequest> records) {
        Set<TopicPartition> soughtBack = new HashSet<>();
        for (ConsumerRecord<String, RunRequest> record : records) {
            TopicPartition partition = new TopicPartition(record.topic(), record.partition());
            if (soughtBack.contains(partition)) {
                continue;
            }
            if (hasRoom()) {
                PartitionOffsets partitionOffsets = commits.of(partition);
                partitionOffsets.taken(record.offset());
                waiting.add(new RunHandle(record, partitionOffsets, signals::add), laneOf(record),
                        tenantOf(record), partition);
            } else {
                soughtBack.add(partition);
                kafka.seek(partition, record.offset());
            }
        }
    }

    /** Starts waiting tasks, the fair share's pick first, while slots are free. */
    private void startWhatFits() {
        while (busy < capacity) {
            Optional<FairShare.Waiting<RunHandle>> next = waiting.next();
            if (next.isEmpty()) {
                return;
            }
            start(next.get());
        }
    }

    /**
     * Hands a task to a runner thread, then books it (slot, handle); a runner thread refused puts the task back
     * among the waiting ones, first of its tenant, and is thrown.
     */
    private void start(FairShare.Waiting<RunHandle> next) {
        RunHandle handle = next.task();
        try {
            runners.execute(() -> {
                try {
                    if (handle.bind()) {
                        work.run(handle);
                    }
                } finally {
                    handle.unbind();
                    handle.finish(false);
                }
            });
        } catch (RejectedExecutionException e) {
            waiting.putBack(next);
            throw e;
        }
        // the handle's signals are taken on this thread only, so booking it after the runner started is safe
        tasks.add(handle);
        busy++;
        metrics.taskStarted(next.tenant());
    }

    /** At stop: the tasks read ahead are not started; their offsets are not committed, so they stay in Kafka. */
    private void leaveReadAheadInKafka() {
        int left = waiting.drop(commits.partitions()).size();
        if (left > 0) {
            log.info("stopping: {} task(s) read ahead and not started are left in Kafka", left);
        }
    }

    private static String tenantOf(ConsumerRecord<String, RunRequest> record) {
        // an unreadable record has no value; it only goes to the dead-letter topic, as the default tenant's
        return record.value() == null ? Tenants.DEFAULT : record.value().tenant();
    }

    private static FairShare.Lane laneOf(ConsumerRecord<String, RunRequest> record) {
        return record.value() == null ? FairShare.Lane.TASKS : FairShare.Lane.of(record.value().lane());
    }

    private void takeSignals(Duration wait) throws InterruptedException {
        RunHandle.Signal signal = wait.isZero() ? signals.poll() : signals.poll(wait.toNanos(), TimeUnit.NANOSECONDS);
        while (signal != null) {
            take(signal);
            signal = signals.poll();
        }
    }

    private void take(RunHandle.Signal signal) {
        RunHandle handle = signal.handle();
        if (signal.event() == RunHandle.Event.RELEASED) {
            busy--;
            waiting.ended(tenantOf(handle.record()));
            return;
        }
        tasks.remove(handle);
        if (handle.committable()) {
            commits.done(handle);
        } else if (handle.unpublished() && !stopping && commits.owns(handle.partition(), handle.offsets())) {
            unpublished.later(handle, System.nanoTime());
            metrics.taskUnpublished();
            log.warn("task {}: Kafka took neither its result nor its dead letter; its offset stays uncommitted and"
                    + " it runs again after a pause ({} such task(s) waiting)", handle, unpublished.size());
        }
    }

    /**
     * Puts the tasks that could not publish back among the waiting ones once their pause is over (first of their
     * tenant's turn like any other); those of a partition taken away meanwhile are gone already.
     */
    private void runUnpublishedAgain() {
        for (Unpublished.Due due : unpublished.takeDue(System.nanoTime())) {
            if (commits.owns(due.partition(), due.offsets())) {
                waiting.add(new RunHandle(due.record(), due.offsets(), signals::add, due.failures()),
                        FairShare.Lane.TASKS, tenantOf(due.record()), due.partition());
            }
        }
    }

    /**
     * Drops the tasks of {@code partitions} read ahead, interrupts those that still run their chain, waits a little
     * for them and for those publishing their result, and commits what is durable.
     */
    private void stopTasks(Collection<TopicPartition> partitions, boolean commit) {
        unpublished.drop(partitions);
        int dropped = waiting.drop(partitions).size();
        if (dropped > 0) {
            log.info("dropping {} task(s) read ahead from partitions {}: not run, not committed, read again by their"
                    + " next owner", dropped, partitions);
        }
        List<RunHandle> ending = tasks.stream().filter(task -> partitions.contains(task.partition())).toList();
        List<RunHandle> interrupted = ending.stream().filter(task -> !task.released()).toList();
        interrupted.forEach(RunHandle::cancel);
        if (!interrupted.isEmpty()) {
            log.info("interrupting {} task(s) of partitions {}: their next owner resumes them", interrupted.size(),
                    partitions);
            metrics.tasksInterrupted(interrupted.size());
        }
        try {
            long giveUpAt = System.nanoTime() + STOP_WAIT.toNanos();
            for (RunHandle task : ending) {
                if (!task.awaitFinished(Duration.ofNanos(Math.max(0, giveUpAt - System.nanoTime())))) {
                    task.cancel();
                }
            }
            takeSignals(Duration.ZERO);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        commits.commitAndForget(consumer, partitions, commit);
    }

    private void pauseAll(Consumer<String, RunRequest> kafka) {
        Set<TopicPartition> assigned = kafka.assignment();
        if (kafka.paused().size() < assigned.size()) {
            kafka.pause(assigned);
            log.debug("all {} slot(s) and the read-ahead of {} taken: partitions {} paused", capacity, readAhead,
                    assigned);
        }
    }

    private void resumeAll(Consumer<String, RunRequest> kafka) {
        Set<TopicPartition> paused = new HashSet<>(kafka.paused());
        paused.retainAll(kafka.assignment());
        if (!paused.isEmpty()) {
            kafka.resume(paused);
            log.debug("room for a task: partitions {} resumed", paused);
        }
    }

    private void updateGauges(Set<TopicPartition> assigned, Set<TopicPartition> paused) {
        busyNow = busy;
        waitingNow = waiting.size();
        for (String tenant : waiting.tenants()) {
            metrics.waiting(tenant, waiting.waiting(tenant));
        }
        assignedNow = assigned.size();
        pausedNow = paused.size();
    }

    /** Keeps the offsets of assigned partitions, and commits and stops the tasks of those taken away. */
    private final class Rebalance implements ConsumerRebalanceListener {

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            commits.assigned(partitions);
            if (!partitions.isEmpty()) {
                log.info("partitions assigned: {}", partitions);
                if (!mayRead()) {
                    consumer.pause(partitions);
                    log.debug("all {} slot(s) and the read-ahead taken: new partitions {} paused", capacity,
                            partitions);
                }
            }
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            if (!partitions.isEmpty()) {
                log.info("partitions revoked: {}", partitions);
                if (!stopping) {
                    metrics.partitionsRevoked("revoked", partitions.size());
                }
                stopTasks(new HashSet<>(partitions), true);
            }
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            if (!partitions.isEmpty()) {
                log.warn("partitions lost: {}; their tasks are interrupted and not committed", partitions);
                metrics.partitionsRevoked("lost", partitions.size());
                stopTasks(new HashSet<>(partitions), false);
            }
        }
    }
}
