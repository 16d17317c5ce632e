package io.askflow.api.events;

import io.askflow.core.job.JobEvent;
import io.askflow.core.run.RunProgress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Consumer;

/**
 * The registry of this API instance's waiters: long-polls and streams listen to a job (by job id) and to its run's
 * progress (by run id); the follower hands every job event and progress it reads to the listeners of its job or run.
 * Nothing here blocks or holds a thread per listener: a listener is an entry in a map until its job's event comes.
 *
 * <p>Nothing falls between a listener's reads and the live events: the hub remembers each event before it tells the
 * listeners ({@link RecentEvents}), so a listener that subscribes, then reads PostgreSQL, then looks at
 * {@link #recentEvents} either is told of an event or finds it, maybe both (listeners drop duplicates).
 */
public final class JobEventHub {

    private static final Logger log = LoggerFactory.getLogger(JobEventHub.class);

    private final ConcurrentMap<UUID, Set<JobListener>> byJob = new ConcurrentHashMap<>();
    private final ConcurrentMap<UUID, Set<JobListener>> byRun = new ConcurrentHashMap<>();
    private final RecentEvents recent;

    /** @param recentCapacity how many jobs' and runs' latest events are remembered ({@link RecentEvents}) */
    public JobEventHub(int recentCapacity) {
        this.recent = new RecentEvents(recentCapacity);
    }

    /** Listens to the job's events from now on; close the subscription when done. */
    public Subscription subscribe(UUID jobId, JobListener listener) {
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(listener, "listener");
        add(byJob, jobId, listener);
        return new Subscription(jobId, listener);
    }

    /** Tells the job's listeners; called by the follower. */
    public void publish(JobEvent event) {
        recent.remember(event);
        tell(byJob, event.jobId(), listener -> listener.onJobEvent(event));
    }

    /** Tells the run's listeners; called by the follower. */
    public void publish(RunProgress progress) {
        recent.remember(progress);
        tell(byRun, progress.runId(), listener -> listener.onProgress(progress));
    }

    /** The job's events read lately (the first of each status, in lifecycle order). */
    public List<JobEvent> recentEvents(UUID jobId) {
        return recent.events(jobId);
    }

    /** The run's progress read lately (the first of each step count, in order). */
    public List<RunProgress> recentProgress(UUID runId) {
        return recent.progress(runId);
    }

    /** Jobs with at least one listener. */
    public int jobsListenedTo() {
        return byJob.size();
    }

    private static void add(ConcurrentMap<UUID, Set<JobListener>> listeners, UUID key, JobListener listener) {
        listeners.compute(key, (id, set) -> {
            Set<JobListener> present = set != null ? set : ConcurrentHashMap.newKeySet();
            present.add(listener);
            return present;
        });
    }

    private static void remove(ConcurrentMap<UUID, Set<JobListener>> listeners, UUID key, JobListener listener) {
        listeners.computeIfPresent(key, (id, set) -> {
            set.remove(listener);
            return set.isEmpty() ? null : set;
        });
    }

    private static void tell(ConcurrentMap<UUID, Set<JobListener>> listeners, UUID key, Consumer<JobListener> call) {
        Set<JobListener> set = key == null ? null : listeners.get(key);
        if (set == null) {
            return;
        }
        for (JobListener listener : set) {
            try {
                call.accept(listener);
            } catch (RuntimeException e) {
                log.error("listener {} of {} failed; the other listeners are told", listener, key, e);
            }
        }
    }

    /** A listener's place in the hub: its job, and the run it follows once it knows it. */
    public final class Subscription implements AutoCloseable {

        private final UUID jobId;
        private final JobListener listener;
        private final Set<UUID> runs = ConcurrentHashMap.newKeySet();
        private volatile boolean closed;

        private Subscription(UUID jobId, JobListener listener) {
            this.jobId = jobId;
            this.listener = listener;
        }

        /**
         * Listens to the progress of {@code runId} too, and returns what was read of it lately (a progress read
         * before this call is there, one read after it is told): the same run is followed once.
         */
        public List<RunProgress> followRun(UUID runId) {
            if (closed || !runs.add(runId)) {
                return List.of();
            }
            add(byRun, runId, listener);
            if (closed) {
                remove(byRun, runId, listener);
                return List.of();
            }
            return recentProgress(runId);
        }

        /** Stops listening; idempotent. */
        @Override
        public void close() {
            closed = true;
            remove(byJob, jobId, listener);
            runs.forEach(runId -> remove(byRun, runId, listener));
        }
    }
}
