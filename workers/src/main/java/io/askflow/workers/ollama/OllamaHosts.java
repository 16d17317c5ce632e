package io.askflow.workers.ollama;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.ToIntFunction;

/**
 * The Ollama hosts of this worker and their slots. A call first takes a slot with {@link #acquire}, on the
 * least busy host (lowest share of its slots in use) that is not cooling down, and gives it back by closing
 * the {@link Lease}; so the calls this worker has in flight to a host never exceed its slots, whichever thread
 * makes them. A call that failed because of the host ({@link OllamaFailure#retryable()}: busy, unreachable,
 * timed out, broken) cools the host down ({@link CoolDown}): it takes no calls for a while and the other hosts
 * take the load. When the cool-down ends, all its slots take calls again at once (there is no single probe
 * call); a success resets its failures in a row, another failure cools it down longer. When no slot is free,
 * callers wait.
 *
 * <p>Slots are counted per worker process. With a {@link SlotBudget} (ADR 20) a call also takes a lease of the host
 * shared by every worker, trying the hosts from the least busy; when every budget refuses, it asks again every
 * {@link #SHARED_RETRY}. Without one, several workers sharing one host must divide its slots among them.
 */
public final class OllamaHosts {

    private static final Logger log = LoggerFactory.getLogger(OllamaHosts.class);

    private final Map<String, Slot> slots = new LinkedHashMap<>();
    private final CoolDown coolDown;
    private final SlotBudget budget;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();

    /** How often a call waiting on the shared budget asks it again (other workers' releases are not signalled). */
    static final Duration SHARED_RETRY = Duration.ofMillis(50);

    public OllamaHosts(List<OllamaHost> hosts, CoolDown coolDown) {
        this(hosts, coolDown, null);
    }

    /** Hosts whose slots are also taken from a budget shared by the workers, or only locally when it is null. */
    public OllamaHosts(List<OllamaHost> hosts, CoolDown coolDown, SlotBudget budget) {
        this.budget = budget;
        if (hosts.isEmpty()) {
            throw new IllegalArgumentException("at least one Ollama host is needed");
        }
        for (OllamaHost host : hosts) {
            if (slots.putIfAbsent(host.url(), new Slot(host)) != null) {
                throw new IllegalArgumentException("Ollama host " + host.url() + " is listed twice");
            }
        }
        this.coolDown = coolDown;
    }

    /** The hosts, in configuration order. */
    public List<OllamaHost> hosts() {
        return slots.values().stream().map(slot -> slot.host).toList();
    }

    /** The slots of every host, by URL. */
    public Map<String, Integer> capacity() {
        Map<String, Integer> capacity = new LinkedHashMap<>();
        slots.forEach((url, slot) -> capacity.put(url, slot.host.slots()));
        return Collections.unmodifiableMap(capacity);
    }

    /** The slots of all hosts together: how many calls this worker may have in flight. */
    public int totalSlots() {
        return slots.values().stream().mapToInt(slot -> slot.host.slots()).sum();
    }

    /** Calls in flight to {@code url} now. */
    public int inFlight(String url) {
        return read(url, slot -> slot.inFlight);
    }

    /** Whether {@code url} is cooling down now. */
    public boolean coolingDown(String url) {
        return read(url, slot -> slot.coolingAt(System.nanoTime()) ? 1 : 0) == 1;
    }

    /**
     * Takes a slot on the least busy host that is not cooling down, waiting at most {@code maxWait} for one.
     *
     * @return the lease, or {@code null} when no slot freed up in time
     */
    public Lease acquire(Duration maxWait) throws InterruptedException {
        long giveUpAt = System.nanoTime() + Math.max(0, maxWait.toNanos());
        lock.lockInterruptibly();
        try {
            while (true) {
                long now = System.nanoTime();
                List<Slot> free = free(now);
                Lease lease = take(free);
                if (lease != null) {
                    return lease;
                }
                long left = giveUpAt - now;
                if (left <= 0) {
                    return null;
                }
                long wait = free.isEmpty() ? untilACoolDownEnds(now) : SHARED_RETRY.toNanos();
                changed.awaitNanos(Math.min(left, wait));
            }
        } finally {
            lock.unlock();
        }
    }

    /** The hosts with a free local slot that are not cooling down, least busy first (ties in configuration order). */
    private List<Slot> free(long now) {
        List<Slot> free = new ArrayList<>();
        for (Slot slot : slots.values()) {
            if (slot.inFlight < slot.host.slots() && !slot.coolingAt(now)) {
                free.add(slot);
            }
        }
        free.sort(Comparator.comparingDouble(Slot::load));
        return free;
    }

    /** A slot on the first free host whose shared budget (when there is one) grants a lease, or null. */
    private Lease take(List<Slot> free) {
        for (Slot slot : free) {
            String shared = null;
            if (budget != null) {
                Optional<String> granted = budget.tryAcquire(slot.host);
                if (granted.isEmpty()) {
                    continue;
                }
                shared = granted.get();
            }
            slot.inFlight++;
            return new Lease(slot, shared);
        }
        return null;
    }

    private long untilACoolDownEnds(long now) {
        long soonest = Long.MAX_VALUE;
        for (Slot slot : slots.values()) {
            if (slot.inFlight < slot.host.slots() && slot.coolingAt(now)) {
                soonest = Math.min(soonest, slot.coolUntil - now);
            }
        }
        return soonest;
    }

    private int read(String url, ToIntFunction<Slot> what) {
        lock.lock();
        try {
            Slot slot = slots.get(url);
            return slot == null ? 0 : what.applyAsInt(slot);
        } finally {
            lock.unlock();
        }
    }

    private void succeeded(Slot slot) {
        lock.lock();
        try {
            if (slot.strikes > 0) {
                log.info("Ollama host {} answers again after {} failure(s) in a row", slot.host.url(), slot.strikes);
                slot.strikes = 0;
            }
        } finally {
            lock.unlock();
        }
    }

    private void failed(Slot slot, OllamaFailure failure) {
        if (!failure.retryable() || coolDown.initial().isZero()) {
            return;
        }
        lock.lock();
        try {
            long now = System.nanoTime();
            if (!slot.coolingAt(now)) {
                slot.strikes++;
                Duration pause = coolDown.after(slot.strikes);
                slot.coolUntil = now + pause.toNanos();
                log.warn("Ollama host {} cools down for {} ms after {} failure(s) in a row, last {}", slot.host.url(),
                        pause.toMillis(), slot.strikes, failure.type());
            }
        } finally {
            lock.unlock();
        }
    }

    private void release(Slot slot) {
        lock.lock();
        try {
            slot.inFlight--;
            changed.signal();
        } finally {
            lock.unlock();
        }
    }

    /** A slot taken on one host; say how the call went, then close it. */
    public final class Lease implements AutoCloseable {

        private final Slot slot;
        private final String shared;
        private boolean closed;

        private Lease(Slot slot, String shared) {
            this.slot = slot;
            this.shared = shared;
        }

        /** The host the slot belongs to. */
        public OllamaHost host() {
            return slot.host;
        }

        /** The call succeeded: the host's failures in a row start again from zero. */
        public void succeeded() {
            OllamaHosts.this.succeeded(slot);
        }

        /** The call failed: a failure of the host (not of the request) cools it down. */
        public void failed(OllamaFailure failure) {
            OllamaHosts.this.failed(slot, failure);
        }

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                release(slot);
                if (shared != null) {
                    budget.release(slot.host, shared);
                }
            }
        }
    }

    private static final class Slot {

        private final OllamaHost host;
        private int inFlight;
        private int strikes;
        private long coolUntil;

        private Slot(OllamaHost host) {
            this.host = host;
            this.coolUntil = System.nanoTime();
        }

        private double load() {
            return (double) inFlight / host.slots();
        }

        private boolean coolingAt(long now) {
            return coolUntil - now > 0;
        }
    }
}
