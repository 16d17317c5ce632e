package io.askflow.workers.run;

import org.apache.kafka.common.TopicPartition;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The tasks read ahead of the free slots, and which of them starts when a slot frees: the waiting task of the
 * first lane that has one, and within a lane the tenant with the least weighted service (its tasks running now
 * divided by its weight), ties to the oldest waiting task. So a tenant with a few tasks starts next even behind
 * another tenant's flood, and tenants that both wait share the slots in the ratio of their weights.
 *
 * <p>Within a tenant tasks start in the order they were read (per partition, offset order). "Oldest" is the
 * order in which the consumer read the tasks. A tenant's service counts its running tasks in every lane, so
 * a tenant gets its share once however its tasks are split between lanes.
 *
 * <p>Used by the consumer thread only.
 *
 * @param <T> a task
 */
final class FairShare<T> {

    /**
     * The lanes, highest priority first: a task of an earlier lane starts before any task of a later one.
     * {@link #TASKS}: runs somebody waits for; {@link #BATCH}: runs of batch lines, started only when no
     * interactive run waits.
     */
    enum Lane {
        TASKS, BATCH;

        /** The fair share's lane of a run request's lane. */
        static Lane of(io.askflow.core.job.Lane lane) {
            return lane == io.askflow.core.job.Lane.BATCH ? BATCH : TASKS;
        }
    }

    private final TenantWeights weights;
    private final Map<Lane, Map<String, ArrayDeque<Waiting<T>>>> lanes = new EnumMap<>(Lane.class);
    private final Map<String, Integer> running = new HashMap<>();
    private final Set<String> seen = new LinkedHashSet<>();
    private long sequence;
    private int size;

    FairShare(TenantWeights weights) {
        this.weights = weights;
        for (Lane lane : Lane.values()) {
            lanes.put(lane, new LinkedHashMap<>());
        }
    }

    /** Holds {@code task} of {@code tenant}, read from {@code partition}, until {@link #next()} starts it. */
    void add(T task, Lane lane, String tenant, TopicPartition partition) {
        seen.add(tenant);
        lanes.get(lane).computeIfAbsent(tenant, t -> new ArrayDeque<>())
                .addLast(new Waiting<>(task, lane, tenant, partition, sequence++));
        size++;
    }

    /**
     * The task to start now, counted as running for its tenant until {@link #ended(String)}; empty when none
     * waits.
     */
    Optional<Waiting<T>> next() {
        for (Map<String, ArrayDeque<Waiting<T>>> tenants : lanes.values()) {
            Waiting<T> pick = leastServed(tenants);
            if (pick != null) {
                ArrayDeque<Waiting<T>> queue = tenants.get(pick.tenant());
                queue.removeFirst();
                if (queue.isEmpty()) {
                    tenants.remove(pick.tenant());
                }
                size--;
                running.merge(pick.tenant(), 1, Integer::sum);
                return Optional.of(pick);
            }
        }
        return Optional.empty();
    }

    /** A task {@link #next()} gave could not start after all: it waits again, first of its tenant. */
    void putBack(Waiting<T> waiting) {
        ended(waiting.tenant());
        lanes.get(waiting.lane()).computeIfAbsent(waiting.tenant(), t -> new ArrayDeque<>()).addFirst(waiting);
        size++;
    }

    /** A task of {@code tenant} no longer holds a slot. */
    void ended(String tenant) {
        running.computeIfPresent(tenant, (t, count) -> count > 1 ? count - 1 : null);
    }

    /** Removes and returns the waiting tasks read from {@code partitions} (taken away from this worker). */
    List<T> drop(Collection<TopicPartition> partitions) {
        List<T> dropped = new ArrayList<>();
        for (Map<String, ArrayDeque<Waiting<T>>> tenants : lanes.values()) {
            Iterator<ArrayDeque<Waiting<T>>> queues = tenants.values().iterator();
            while (queues.hasNext()) {
                ArrayDeque<Waiting<T>> queue = queues.next();
                queue.removeIf(waiting -> {
                    boolean lost = partitions.contains(waiting.partition());
                    if (lost) {
                        dropped.add(waiting.task());
                    }
                    return lost;
                });
                if (queue.isEmpty()) {
                    queues.remove();
                }
            }
        }
        size -= dropped.size();
        return dropped;
    }

    /** Tasks waiting, all tenants. */
    int size() {
        return size;
    }

    /** Tasks of {@code tenant} waiting, all lanes. */
    int waiting(String tenant) {
        int count = 0;
        for (Map<String, ArrayDeque<Waiting<T>>> tenants : lanes.values()) {
            ArrayDeque<Waiting<T>> queue = tenants.get(tenant);
            count += queue == null ? 0 : queue.size();
        }
        return count;
    }

    /** Tasks of {@code tenant} started and not yet ended. */
    int running(String tenant) {
        return running.getOrDefault(tenant, 0);
    }

    /** Every tenant that had a task here, in the order they first came. */
    Set<String> tenants() {
        return Set.copyOf(seen);
    }

    /** The head of the tenant queue whose tenant has the least running per weight; ties to the oldest head. */
    private Waiting<T> leastServed(Map<String, ArrayDeque<Waiting<T>>> tenants) {
        Waiting<T> best = null;
        for (ArrayDeque<Waiting<T>> queue : tenants.values()) {
            Waiting<T> head = queue.peekFirst();
            if (head != null && (best == null || before(head, best))) {
                best = head;
            }
        }
        return best;
    }

    /** Whether {@code a} starts before {@code b}: running(a) / weight(a) &lt; running(b) / weight(b), or older. */
    private boolean before(Waiting<T> a, Waiting<T> b) {
        long served = (long) running(a.tenant()) * weights.of(b.tenant());
        long other = (long) running(b.tenant()) * weights.of(a.tenant());
        return served != other ? served < other : a.sequence() < b.sequence();
    }

    /**
     * A task waiting for a slot.
     *
     * @param sequence the order in which it was read: the lower, the older
     */
    record Waiting<T>(T task, Lane lane, String tenant, TopicPartition partition, long sequence) {
    }
}
