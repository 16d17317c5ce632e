package io.askflow.pipeline.webhook;

import io.askflow.core.store.DatabaseFailures;
import io.askflow.core.job.JobEvent;
import io.askflow.core.job.JobEventType;
import io.askflow.core.job.JobStatus;
import io.askflow.core.json.Json;
import io.askflow.core.resilience.Sleeper;
import io.askflow.core.store.DeliveryStore;
import io.askflow.core.store.DeliveryStore.NewDelivery;
import io.askflow.core.store.WebhookEndpointStore;
import io.askflow.core.store.WebhookEndpointStore.Endpoint;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.listener.BatchMessageListener;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The batch listener on {@code askflow.job-events} that turns each RUNNING, COMPLETED and FAILED event into one
 * delivery per receiver: the job's own webhook when it wants the event, and every active registered endpoint that
 * does. The payload is {@code {type, timestamp, data: {job}}}, the job read from its row so that it matches a poll;
 * the delivery's id ({@code webhook-id}) is {@link DeliveryIds deterministic}, so an event read again creates nothing
 * twice. The rows of a batch are written in one transaction before the listener returns, and only then are the
 * offsets committed (AckMode BATCH); the dispatcher is woken to send them at once.
 *
 * <p>An event whose job row does not show it yet (the job events sink, another consumer group, has not written it)
 * is waited for a second in the listener (the row is read again every 20 ms); then it stops the batch there: the
 * events before it are planned and committed, and it is polled again with back-off ({@link PlanningFailure.RowBehind}).
 * A row that already shows a later status counts as caught up: a late
 * {@code job.running} then carries the job as it is now, as a poll would show it.
 */
public final class DeliveryPlanner implements BatchMessageListener<String, JobEvent> {

    private static final Logger log = LoggerFactory.getLogger(DeliveryPlanner.class);
    private static final long ROW_PATIENCE_MS = 1000;
    private static final long ROW_POLL_MS = 20;

    private final JobSnapshots jobs;
    private final WebhookEndpointStore endpoints;
    private final DeliveryStore deliveries;
    private final TransactionTemplate transactions;
    private final WebhookMetrics metrics;
    private final Runnable created;
    private final Clock clock;
    private final Sleeper sleeper;

    DeliveryPlanner(JobSnapshots jobs, WebhookEndpointStore endpoints, DeliveryStore deliveries,
                    TransactionTemplate transactions, WebhookMetrics metrics, Runnable created, Clock clock,
                    Sleeper sleeper) {
        this.jobs = Objects.requireNonNull(jobs, "jobs");
        this.endpoints = Objects.requireNonNull(endpoints, "endpoints");
        this.deliveries = Objects.requireNonNull(deliveries, "deliveries");
        this.transactions = Objects.requireNonNull(transactions, "transactions");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.created = Objects.requireNonNull(created, "created");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
    }

    private record Indexed(int index, ConsumerRecord<String, JobEvent> record) {

        JobEvent event() {
            return record.value();
        }
    }

    @Override
    public void onMessage(List<ConsumerRecord<String, JobEvent>> records) {
        if (records.isEmpty()) {
            return;
        }
        try {
            plan(records);
        } catch (PlanningFailure e) {
            throw e;
        } catch (RuntimeException e) {
            throw DatabaseFailures.isUnavailable(e) ? new PlanningFailure.DatabaseUnavailable(e, 0)
                    : new PlanningFailure.Failed(e, 0);
        }
    }

    private void plan(List<ConsumerRecord<String, JobEvent>> records) {
        List<Indexed> events = usable(records);
        Map<UUID, JobSnapshots.JobRow> rows = rowsShowing(events);
        Map<Receivers, List<Endpoint>> wanting = new HashMap<>();
        Instant now = clock.instant();
        List<NewDelivery> planned = new ArrayList<>();
        Indexed behind = null;
        for (Indexed indexed : events) {
            JobSnapshots.JobRow row = rows.get(indexed.event().jobId());
            if (row == null || !caughtUp(row.status(), indexed.event().status())) {
                behind = indexed;
                break;
            }
            planned.addAll(deliveries(indexed, row, wanting, now));
        }
        if (!planned.isEmpty()) {
            transactions.executeWithoutResult(status -> deliveries.create(planned));
            created.run();
        }
        if (behind != null) {
            throw new PlanningFailure.RowBehind(behind.event().jobId(), behind.index());
        }
    }

    /**
     * The events' job rows, read again every {@value #ROW_POLL_MS} ms for up to {@value #ROW_PATIENCE_MS} ms while
     * some do not show their event yet: the job events sink reads the same events and usually writes their rows
     * within milliseconds, far sooner than the error handler's back-off would poll the batch again.
     */
    private Map<UUID, JobSnapshots.JobRow> rowsShowing(List<Indexed> events) {
        Map<UUID, JobSnapshots.JobRow> rows = jobs.find(events.stream().map(e -> e.event().jobId())
                .collect(Collectors.toSet()));
        long deadline = System.nanoTime() + ROW_PATIENCE_MS * 1_000_000;
        Set<UUID> behind = behind(events, rows);
        while (!behind.isEmpty() && System.nanoTime() < deadline) {
            try {
                sleeper.sleep(Duration.ofMillis(ROW_POLL_MS));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            rows.putAll(jobs.find(behind));
            behind = behind(events, rows);
        }
        return rows;
    }

    private static Set<UUID> behind(List<Indexed> events, Map<UUID, JobSnapshots.JobRow> rows) {
        Set<UUID> behind = new HashSet<>();
        for (Indexed indexed : events) {
            JobSnapshots.JobRow row = rows.get(indexed.event().jobId());
            if (row == null || !caughtUp(row.status(), indexed.event().status())) {
                behind.add(indexed.event().jobId());
            }
        }
        return behind;
    }

    /** The events worth planning: RUNNING, COMPLETED and FAILED ones with a job id; unreadable ones are skipped. */
    private List<Indexed> usable(List<ConsumerRecord<String, JobEvent>> records) {
        List<Indexed> usable = new ArrayList<>(records.size());
        for (int i = 0; i < records.size(); i++) {
            ConsumerRecord<String, JobEvent> record = records.get(i);
            JobEvent event = record.value();
            if (event == null || event.jobId() == null || event.status() == null) {
                String reason = event == null ? "unreadable" : "invalid";
                metrics.skipped(reason);
                log.error("webhooks skip {}-{}@{} key {} ({})", record.topic(), record.partition(), record.offset(),
                        record.key(), reason);
            } else if (JobEventType.of(event.status()).isPresent()) {
                usable.add(new Indexed(i, record));
            }
        }
        return usable;
    }

    /** Whether the row shows the event: its status, or a terminal one (which never changes again). */
    private static boolean caughtUp(JobStatus row, JobStatus event) {
        return row == event || row.isTerminal();
    }

    private List<NewDelivery> deliveries(Indexed indexed, JobSnapshots.JobRow row,
                                         Map<Receivers, List<Endpoint>> wanting, Instant now) {
        JobEvent event = indexed.event();
        if (event.status().isTerminal() && row.status() != event.status()) {
            log.info("webhooks: job {} ended {}, not {}: no {} delivery", event.jobId(), row.status(), event.status(),
                    event.status());
            return List.of();
        }
        JobEventType type = JobEventType.of(event.status()).orElseThrow();
        Optional<String> hook = Optional.ofNullable(row.webhook()).filter(url -> row.events().contains(type));
        // a tenant's endpoints hear of that tenant's jobs only
        List<Endpoint> registered = wanting.computeIfAbsent(new Receivers(type, row.tenant()),
                receivers -> endpoints.activeFor(receivers.type(), receivers.tenant()));
        if (hook.isEmpty() && registered.isEmpty()) {
            return List.of();
        }
        Instant at = event.at() != null ? event.at() : Instant.ofEpochMilli(indexed.record().timestamp());
        String payload = payload(type, at, row.job());
        List<NewDelivery> planned = new ArrayList<>(registered.size() + 1);
        hook.ifPresent(url -> planned.add(new NewDelivery(DeliveryIds.forJobWebhook(event.jobId(), type),
                event.jobId(), null, url, type, payload, now)));
        for (Endpoint endpoint : registered) {
            planned.add(new NewDelivery(DeliveryIds.forEndpoint(event.jobId(), type, endpoint.id()), event.jobId(),
                    endpoint.id(), endpoint.url(), type, payload, now));
        }
        return planned;
    }

    /** Who registered for an event type: the endpoints of one tenant. */
    private record Receivers(JobEventType type, String tenant) {
    }

    /** The body every receiver of the event gets, signed as it is. */
    static String payload(JobEventType type, Instant at, Map<String, Object> job) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", type.wireName());
        body.put("timestamp", at.toString());
        body.put("data", Map.of("job", job));
        return Json.MAPPER.writeValueAsString(body);
    }
}
