package io.askflow.simulator;

import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Ollama's scheduler in miniature: a fair semaphore of {@code slots} permits in front of the
 * generation, and at most {@code slots + queue} calls admitted (holding or waiting for a
 * permit); a call beyond that is refused at once. Both sizes change at run time.
 */
final class SlotGate {

    /** A held slot; closing it frees the slot (once). */
    interface Lease extends AutoCloseable {
        @Override
        void close();
    }

    private final ResizableSemaphore permits;
    private final AtomicInteger admitted = new AtomicInteger();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();
    private final AtomicInteger maxQueued = new AtomicInteger();
    private int slots;
    private volatile int limit;

    SlotGate(int slots, int queue) {
        this.permits = new ResizableSemaphore(slots);
        this.slots = slots;
        this.limit = slots + queue;
    }

    /** Applies new sizes; lowering slots takes effect as running calls finish. */
    synchronized void resize(int newSlots, int newQueue) {
        int delta = newSlots - slots;
        if (delta > 0) {
            permits.release(delta);
        } else if (delta < 0) {
            permits.shrink(-delta);
        }
        slots = newSlots;
        limit = newSlots + newQueue;
    }

    /**
     * Waits for a slot in arrival order.
     *
     * @throws ApiException 503 busy when slots and queue are full
     * @throws InterruptedException when the simulator closes while the call waits
     */
    Lease enter() throws InterruptedException {
        if (admitted.incrementAndGet() > limit) {
            admitted.decrementAndGet();
            throw ApiException.busy();
        }
        raise(maxQueued, queued.incrementAndGet());
        try {
            permits.acquire();
        } catch (InterruptedException e) {
            admitted.decrementAndGet();
            throw e;
        } finally {
            queued.decrementAndGet();
        }
        raise(maxInFlight, inFlight.incrementAndGet());
        AtomicBoolean open = new AtomicBoolean(true);
        return () -> {
            if (open.compareAndSet(true, false)) {
                inFlight.decrementAndGet();
                admitted.decrementAndGet();
                permits.release();
            }
        };
    }

    int inFlight() {
        return inFlight.get();
    }

    int queued() {
        return queued.get();
    }

    int maxInFlight() {
        return maxInFlight.get();
    }

    int maxQueued() {
        return maxQueued.get();
    }

    /** Starts the high-water marks again from the current values. */
    void resetPeaks() {
        maxInFlight.set(inFlight.get());
        maxQueued.set(queued.get());
    }

    private static void raise(AtomicInteger peak, int value) {
        peak.accumulateAndGet(value, Math::max);
    }

    /** Exposes {@link Semaphore#reducePermits(int)}. */
    private static final class ResizableSemaphore extends Semaphore {
        private static final long serialVersionUID = 1L;

        ResizableSemaphore(int permits) {
            super(permits, true);
        }

        void shrink(int by) {
            reducePermits(by);
        }
    }
}
