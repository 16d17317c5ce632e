package io.askflow.pipeline.webhook;

import io.askflow.core.resilience.Sleeper;
import io.askflow.core.store.DeliveryStore;
import io.askflow.core.store.WebhookEndpointStore;
import io.askflow.core.webhook.ReceiverAddresses;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.transaction.support.TransactionTemplate;

import javax.sql.DataSource;
import java.time.Clock;

/**
 * The webhook dispatcher's parts, put together once: the {@link DeliveryPlanner} (the job events listener), the
 * {@link DeliveryDispatcher} (the sender, woken by the planner) and the listener's error handler. The pipeline's
 * Spring wiring uses it, and so do tests and benchmarks that run the dispatcher without Spring.
 */
public final class WebhookDispatch {

    private final DeliveryDispatcher dispatcher;
    private final DeliveryPlanner planner;
    private final PlanningErrorPolicy errorPolicy;

    /**
     * @param properties       the dispatcher's settings
     * @param guard            the address guard ({@code askflow.webhooks.allowed-networks})
     * @param jobSigningSecret the secret that signs a job's own webhook ({@code askflow.webhooks.signing-secret});
     *                         empty: such deliveries fail, saying so
     * @param clock            the time of attempts and schedules
     */
    public WebhookDispatch(DispatcherProperties properties, ReceiverAddresses guard, String jobSigningSecret,
                           JdbcTemplate jdbc, DataSource dataSource, DeliveryStore deliveries,
                           WebhookEndpointStore endpoints, WebhookMetrics metrics, Clock clock) {
        WebhookSender sender = new WebhookSender(guard, ReceiverClient.withDefaultTrust(), endpoints, jobSigningSecret,
                properties.timeout(), clock);
        this.dispatcher = new DeliveryDispatcher(deliveries, endpoints, sender, RetrySchedule.of(properties), metrics,
                properties, clock);
        this.planner = new DeliveryPlanner(new JobSnapshots(jdbc), endpoints, deliveries,
                new TransactionTemplate(new JdbcTransactionManager(dataSource)), metrics, dispatcher::wake, clock,
                Sleeper.SYSTEM);
        this.errorPolicy = new PlanningErrorPolicy(properties, metrics);
    }

    /** The sender (a lifecycle: start and stop it, or let Spring). */
    public DeliveryDispatcher dispatcher() {
        return dispatcher;
    }

    /** The listener on {@code askflow.job-events}. */
    public DeliveryPlanner planner() {
        return planner;
    }

    /** A new error handler for the listener's container. */
    public DefaultErrorHandler errorHandler() {
        return errorPolicy.errorHandler();
    }
}
