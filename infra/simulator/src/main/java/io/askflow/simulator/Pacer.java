package io.askflow.simulator;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

/**
 * Where simulated work waits: every wait ends early when the simulator closes, and hung calls
 * look again at their release condition whenever the configuration changes.
 */
final class Pacer {

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private boolean closed;

    /**
     * Waits the given time.
     *
     * @return false when the simulator closed before or during the wait
     */
    boolean pause(long millis) throws InterruptedException {
        return waitUntil(() -> false, millis);
    }

    /** Waits until the given nanoTime; false when the simulator closed meanwhile. */
    boolean pauseUntil(long deadlineNanos) throws InterruptedException {
        long left = deadlineNanos - System.nanoTime();
        return left <= 0 ? !isClosed() : pause(TimeUnit.NANOSECONDS.toMillis(left) + 1);
    }

    /**
     * Holds a hung call until {@code release} answers true, {@code maxMillis} passes (0 for no
     * limit) or the simulator closes. {@code release} is looked at on every
     * {@link #configurationChanged()}.
     */
    void hang(BooleanSupplier release, long maxMillis) throws InterruptedException {
        waitUntil(release, maxMillis == 0 ? Long.MAX_VALUE : maxMillis);
    }

    private boolean waitUntil(BooleanSupplier release, long millis) throws InterruptedException {
        long deadline = millis >= Long.MAX_VALUE / 2_000_000 ? Long.MAX_VALUE
                : System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        lock.lock();
        try {
            while (!closed && !release.getAsBoolean()) {
                long left = deadline == Long.MAX_VALUE ? Long.MAX_VALUE : deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                changed.awaitNanos(left);
            }
            return !closed;
        } finally {
            lock.unlock();
        }
    }

    void configurationChanged() {
        signal(false);
    }

    void close() {
        signal(true);
    }

    boolean isClosed() {
        lock.lock();
        try {
            return closed;
        } finally {
            lock.unlock();
        }
    }

    private void signal(boolean close) {
        lock.lock();
        try {
            closed |= close;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }
}
