package io.askflow.api.events;

import io.askflow.core.job.JobEvent;
import io.askflow.core.job.JobStatus;
import io.askflow.core.run.RunProgress;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * What the follower read lately: the events of the last {@code capacity} jobs (the first of each status) and the
 * progress of the last {@code capacity} runs (the first of each step count). A waiter that comes after its event was
 * read, but before the sinks wrote it to PostgreSQL, finds it here; so does a stream that resumes, for the progress
 * PostgreSQL keeps only the latest of. The oldest job or run is forgotten first.
 *
 * <p>Every method holds this object's lock. The hub relies on it: an event is remembered before its listeners are
 * told, and a listener is added before it looks here, so a listener either is told of an event or finds it here.
 */
final class RecentEvents {

    private final Map<UUID, EnumMap<JobStatus, JobEvent>> jobs;
    private final Map<UUID, TreeMap<Integer, RunProgress>> runs;

    RecentEvents(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, was " + capacity);
        }
        this.jobs = bounded(capacity);
        this.runs = bounded(capacity);
    }

    private static <V> Map<UUID, V> bounded(int capacity) {
        return new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<UUID, V> eldest) {
                return size() > capacity;
            }
        };
    }

    synchronized void remember(JobEvent event) {
        jobs.computeIfAbsent(event.jobId(), id -> new EnumMap<>(JobStatus.class)).putIfAbsent(event.status(), event);
    }

    synchronized void remember(RunProgress progress) {
        runs.computeIfAbsent(progress.runId(), id -> new TreeMap<>()).putIfAbsent(progress.stepsDone(), progress);
    }

    /** The job's events read lately, in lifecycle order. */
    synchronized List<JobEvent> events(UUID jobId) {
        EnumMap<JobStatus, JobEvent> events = jobs.get(jobId);
        return events == null ? List.of() : new ArrayList<>(events.values());
    }

    /** The run's progress read lately, by steps done. */
    synchronized List<RunProgress> progress(UUID runId) {
        TreeMap<Integer, RunProgress> progress = runs.get(runId);
        return progress == null ? List.of() : new ArrayList<>(progress.values());
    }
}
