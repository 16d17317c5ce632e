package io.askflow.pipeline.webhook;

import io.askflow.core.store.DeliveryStore;
import io.askflow.core.store.DeliveryStore.Attempt;
import io.askflow.core.store.DeliveryStore.Delivery;
import io.askflow.core.store.DeliveryStore.DeliveryOutcome;
import io.askflow.core.store.WebhookEndpointStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Sends due webhook deliveries: one thread claims them from PostgreSQL ({@link DeliveryStore#claimDue}, with a lease)
 * as slots come free, and a pool of {@code concurrency} threads sends them, at most {@code per-receiver-concurrency}
 * at once to one receiver (host and port), so that a slow or dead receiver holds a few slots for at most one timeout
 * each and never the others' (nor the pipeline's: the listener only writes rows). Each attempt is recorded with where
 * it leaves its delivery: DELIVERED, FAILED, or PENDING again at its {@link RetrySchedule next time}.
 *
 * <p>The schedule is the table: a restarted dispatcher (or another instance) finds every PENDING delivery there,
 * and a claim whose dispatcher died comes back when its lease ends. Delivery is at least once: an attempt the
 * receiver took but whose record was lost (PostgreSQL away at that moment, the process killed) is made again, with the
 * same {@code webhook-id}. The claimer wakes at once when the listener created deliveries or an attempt ended, when a
 * retry it scheduled is due, and else every {@code poll-interval} (for retries other dispatchers scheduled, and
 * redeliveries).
 */
public final class DeliveryDispatcher implements SmartLifecycle, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DeliveryDispatcher.class);
    private static final int MAX_REMEMBERED = 10_000;

    private final DeliveryStore deliveries;
    private final WebhookEndpointStore endpoints;
    private final WebhookSender sender;
    private final RetrySchedule schedule;
    private final WebhookMetrics metrics;
    private final DispatcherProperties properties;
    private final Clock clock;
    private final Map<String, Integer> sending = new HashMap<>(); // receiver -> attempts under way; guarded by this
    private final AtomicInteger total = new AtomicInteger();
    private final Object signal = new Object();
    private boolean woken; // guarded by signal
    private final PriorityQueue<Instant> retries = new PriorityQueue<>(); // times this dispatcher set; guarded by signal
    private volatile boolean running;
    private boolean claimsFailing; // the claimer's own
    private Thread claimer;
    private ExecutorService pool;

    DeliveryDispatcher(DeliveryStore deliveries, WebhookEndpointStore endpoints, WebhookSender sender,
                       RetrySchedule schedule, WebhookMetrics metrics, DispatcherProperties properties, Clock clock) {
        this.deliveries = Objects.requireNonNull(deliveries, "deliveries");
        this.endpoints = Objects.requireNonNull(endpoints, "endpoints");
        this.sender = Objects.requireNonNull(sender, "sender");
        this.schedule = Objects.requireNonNull(schedule, "schedule");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.properties = Objects.requireNonNull(properties, "properties");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        AtomicInteger threads = new AtomicInteger();
        pool = Executors.newFixedThreadPool(properties.concurrency(), task -> {
            Thread thread = new Thread(task, "webhook-sender-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        claimer = new Thread(this::claimUntilStopped, "webhook-claimer");
        claimer.setDaemon(true);
        claimer.start();
        log.info("webhook dispatcher started: {} attempts at once, {} per receiver, timeout {}, {} attempts",
                properties.concurrency(), properties.perReceiverConcurrency(), properties.timeout(),
                schedule.attempts());
    }

    /**
     * Stops claiming and waits up to one timeout for the attempts under way to be recorded; claims not sent come back
     * to other dispatchers when their lease ends.
     */
    @Override
    public void stop() {
        Thread stopping;
        ExecutorService senders;
        synchronized (this) {
            if (!running) {
                return;
            }
            running = false;
            stopping = claimer;
            senders = pool;
        }
        wake();
        try {
            stopping.join(properties.timeout().toMillis());
            senders.shutdown();
            if (!senders.awaitTermination(properties.timeout().toMillis() + 1000, TimeUnit.MILLISECONDS)) {
                senders.shutdownNow();
            }
        } catch (InterruptedException e) {
            senders.shutdownNow();
            Thread.currentThread().interrupt();
        }
        log.info("webhook dispatcher stopped");
    }

    @Override
    public void close() {
        stop();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Looks for due deliveries now (new ones were created, or a slot came free). */
    public void wake() {
        synchronized (signal) {
            woken = true;
            signal.notifyAll();
        }
    }

    private void claimUntilStopped() {
        while (running) {
            int free = properties.concurrency() - total.get();
            try {
                if (free > 0) {
                    claimAndSend(free);
                }
                if (claimsFailing) {
                    claimsFailing = false;
                    log.info("webhook dispatcher claims deliveries again");
                }
            } catch (RuntimeException e) {
                if (!claimsFailing) { // one line per outage, not one per poll
                    log.warn("webhook dispatcher cannot claim deliveries, trying every {}: {}",
                            properties.pollInterval(), e.toString());
                }
                claimsFailing = true;
            }
            pause(); // until an attempt ends or deliveries are created (at once if that happened meanwhile)
        }
    }

    /** Rests for the poll interval, or until a retry this dispatcher scheduled is due, or until woken. */
    private void pause() {
        synchronized (signal) {
            Instant now = clock.instant();
            while (!retries.isEmpty() && !retries.peek().isAfter(now)) {
                retries.poll();
            }
            long rest = properties.pollInterval().toMillis();
            if (!retries.isEmpty()) {
                rest = Math.max(1, Math.min(rest, Duration.between(now, retries.peek()).toMillis() + 1));
            }
            if (!woken && running) {
                try {
                    signal.wait(rest);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    running = false;
                }
            }
            woken = false;
        }
    }

    /** Remembers when a retry is due, so that the claimer wakes for it rather than at the next poll. */
    private void due(Instant at) {
        synchronized (signal) {
            if (retries.size() < MAX_REMEMBERED) {
                retries.add(at);
            }
        }
    }

    private void claimAndSend(int free) {
        Map<String, Integer> busy;
        synchronized (this) {
            busy = Map.copyOf(sending);
        }
        List<Delivery> claimed = deliveries.claimDue(free, properties.perReceiverConcurrency(), busy, clock.instant(),
                properties.lease());
        for (Delivery delivery : claimed) {
            synchronized (this) {
                sending.merge(delivery.receiver(), 1, Integer::sum);
            }
            total.incrementAndGet();
            pool.execute(() -> attempt(delivery));
        }
    }

    private void attempt(Delivery delivery) {
        try {
            WebhookSender.Result result = sender.send(delivery);
            record(delivery, result);
        } catch (RuntimeException e) {
            log.error("webhook {} to {} (job {}): its attempt could not be recorded; it comes back when its claim"
                    + " ends", delivery.id(), delivery.url(), delivery.jobId(), e);
        } finally {
            synchronized (this) {
                sending.computeIfPresent(delivery.receiver(), (receiver, count) -> count > 1 ? count - 1 : null);
            }
            total.decrementAndGet();
            wake();
        }
    }

    private void record(Delivery delivery, WebhookSender.Result result) {
        if (result.verdict() == WebhookSender.Verdict.NOT_SENT) {
            deliveries.fail(delivery.id(), result.error(), clock.instant());
            metrics.failed(null);
            log.warn("webhook {} to {} (job {}) failed without an attempt: {}", delivery.id(), delivery.url(),
                    delivery.jobId(), result.error());
            return;
        }
        DeliveryOutcome outcome = outcome(delivery, result);
        Attempt attempt = new Attempt(delivery.nextAttempt(), result.at(), result.statusCode(),
                result.latency().toMillis(), result.error());
        if (!deliveries.recordAttempt(delivery.id(), attempt, outcome)) {
            log.warn("webhook {} attempt {} was not recorded: the delivery is gone or was recorded by another claim",
                    delivery.id(), attempt.number());
            return;
        }
        if (result.verdict() == WebhookSender.Verdict.GONE && delivery.endpointId() != null) {
            endpoints.disable(delivery.endpointId(), "answered 410 Gone to webhook " + delivery.id() + " at "
                    + result.at(), clock.instant());
            log.warn("webhook endpoint {} ({}) answered 410 Gone: disabled", delivery.endpointId(), delivery.url());
        }
        count(delivery, result, outcome);
    }

    private DeliveryOutcome outcome(Delivery delivery, WebhookSender.Result result) {
        switch (result.verdict()) {
            case DELIVERED:
                return DeliveryOutcome.delivered();
            case RETRY:
                Instant ended = result.at().plus(result.latency());
                Optional<Instant> next = schedule.next(delivery.scheduleAttempts() + 1, result.retryAfter(), ended);
                return next.map(DeliveryOutcome::retryAt).orElseGet(DeliveryOutcome::failed);
            default:
                return DeliveryOutcome.failed();
        }
    }

    private void count(Delivery delivery, WebhookSender.Result result, DeliveryOutcome outcome) {
        switch (outcome.status()) {
            case DELIVERED -> metrics.delivered(result.latency());
            case PENDING -> {
                due(outcome.nextAttemptAt());
                metrics.retrying(result.latency());
                log.info("webhook {} to {} (job {}) attempt {} failed, next at {}: {}", delivery.id(), delivery.url(),
                        delivery.jobId(), delivery.nextAttempt(), outcome.nextAttemptAt(), result.error());
            }
            case FAILED -> {
                metrics.failed(result.latency());
                log.warn("webhook {} to {} (job {}) failed after attempt {}: {}", delivery.id(), delivery.url(),
                        delivery.jobId(), delivery.nextAttempt(), result.error());
            }
            default -> throw new IllegalStateException("unknown delivery status " + outcome.status());
        }
    }

    /** Attempts under way, for tests. */
    int sending() {
        return total.get();
    }
}
