package io.askflow.dev;

import io.askflow.api.ApiApplication;
import io.askflow.api.auth.ApiKeys;
import io.askflow.core.webhook.WebhookSigner;
import io.askflow.pipeline.PipelineApplication;
import io.askflow.simulator.OllamaSimulator;
import io.askflow.testing.Infrastructure;
import io.askflow.testing.Infrastructures;
import io.askflow.workers.WorkersApplication;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The whole of Askflow in one JVM: embedded Kafka, Redis and PostgreSQL, a real Ollama when one
 * answers (else the simulator), and the pipeline, workers and api applications, each its own
 * Spring context.
 *
 * <p>Closing it drains and stops the roles before the infrastructure, one after the other, each in a bounded
 * time ({@link DevShutdown}): the api (it takes no new request and finishes those in flight), the workers (running
 * calls finish, or are handed back with their checkpoints), the pipeline (Kafka Streams commits, the sinks write
 * what they polled); then the simulator, then Redis, PostgreSQL and Kafka when the stack started them. A stack
 * with an infrastructure of its own is also closed by that infrastructure's JVM shutdown hook, first
 * ({@link Infrastructure#closeFirst}): SIGTERM and Ctrl-C stop it in the same order.
 */
public final class DevStack implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DevStack.class);

    /** The logback configuration of every stack (and of {@link AskflowDev} before the first context starts). */
    static final String LOGGING_CONFIG = "askflow-dev-logback.xml";

    private final Infrastructure infrastructure;
    private final boolean ownsInfrastructure;
    private final OllamaSimulator simulator;
    private final String ollamaUrl;
    private final OllamaProbe.Answer ollamaAnswer;
    private final List<ConfigurableApplicationContext> applications = new ArrayList<>();
    private final Map<String, Object> common = new HashMap<>();
    private int pipelinePort;
    private int apiPort;
    private final Map<String, Object> apiProperties = new HashMap<>();
    private String adminKey;
    private String devKey;
    private boolean closed;

    private DevStack(Infrastructure infrastructure, boolean ownsInfrastructure, OllamaSimulator simulator,
                     String ollamaUrl, OllamaProbe.Answer ollamaAnswer) {
        this.infrastructure = infrastructure;
        this.ownsInfrastructure = ownsInfrastructure;
        this.simulator = simulator;
        this.ollamaUrl = ollamaUrl;
        this.ollamaAnswer = ollamaAnswer;
    }

    /**
     * Starts a stack on an infrastructure of its own (as the environment asks), which it closes with itself, and
     * whose JVM shutdown hook closes the stack first.
     */
    public static DevStack start(DevSettings settings) {
        Infrastructure infrastructure = Infrastructures.start();
        DevStack stack;
        try {
            stack = start(settings, infrastructure, true);
        } catch (RuntimeException e) {
            infrastructure.close();
            throw e;
        }
        infrastructure.closeFirst(stack);
        return stack;
    }

    /**
     * Starts a stack on an infrastructure the caller owns and closes, e.g. {@code Infrastructures.shared()} in
     * tests, which saves its start (about 3.5 s) per stack. Topics, consumer groups, the Streams application id,
     * tables and the Redis cache are then shared with earlier stacks on it: give each test questions of its own.
     */
    public static DevStack start(DevSettings settings, Infrastructure infrastructure) {
        return start(settings, infrastructure, false);
    }

    private static DevStack start(DevSettings settings, Infrastructure infrastructure, boolean ownsInfrastructure) {
        OllamaSimulator simulator = null;
        String ollamaUrl = settings.ollamaUrl();
        OllamaProbe.Answer answer = settings.useSimulator() ? null : OllamaProbe.probe(ollamaUrl);
        if (answer == null || answer == OllamaProbe.Answer.NONE) {
            simulator = OllamaSimulator.start(settings.simulator());
            ollamaUrl = simulator.baseUrl();
        }
        DevStack stack = new DevStack(infrastructure, ownsInfrastructure, simulator, ollamaUrl, answer);
        try {
            stack.startApplications(settings);
        } catch (RuntimeException e) {
            stack.close();
            throw e;
        }
        return stack;
    }

    /** The property that lets webhooks reach receivers on this machine, which dev mode sets. */
    static final String LOOPBACK_WEBHOOKS = "askflow.webhooks.allowed-networks";
    /** The blocks dev mode allows webhooks to: this machine's loopback addresses. */
    static final String LOOPBACK_NETWORKS = "127.0.0.0/8,::1/128";
    /** The property holding the secret that signs a job's own webhook. */
    static final String JOB_WEBHOOK_SECRET = "askflow.webhooks.signing-secret";

    /** What the three applications were started with beside their own defaults (infrastructure, webhooks, ...). */
    Map<String, Object> commonProperties() {
        return Map.copyOf(common);
    }

    private void startApplications(DevSettings settings) {
        common.putAll(infrastructure.springProperties());
        common.put("logging.config", "classpath:" + LOGGING_CONFIG);
        // dev mode: webhooks may go to receivers on this machine, and jobs may carry their own (the banner says so)
        common.put(LOOPBACK_WEBHOOKS, LOOPBACK_NETWORKS);
        common.put(JOB_WEBHOOK_SECRET, WebhookSigner.newSecret());
        common.putAll(settings.extraProperties());
        common.put("askflow.ollama.url", ollamaUrl);
        common.put("logging.include-application-name", false); // the name of the first context would stand on every line
        pipelinePort = settings.pipelinePort();
        applications.add(run(PipelineApplication.class, common, pipelinePort));
        applications.add(run(WorkersApplication.class, common, settings.workersPort()));
        adminKey = ApiKeys.generate();
        apiProperties.putAll(common);
        apiProperties.put(BOOTSTRAP_ADMIN_KEY, adminKey);
        apiProperties.put("management.server.port", apiManagementPort(settings.apiPort()));
        apiPort = settings.apiPort();
        applications.add(run(ApiApplication.class, apiProperties, apiPort));
        devKey = createDevKey(new ApiClient(apiUrl(), adminKey));
    }

    /** The property that makes a key the api's bootstrap admin key. */
    static final String BOOTSTRAP_ADMIN_KEY = "askflow.security.bootstrap-admin-key";
    /** The tenant of the dev mode's own key. */
    public static final String DEV_TENANT = "dev";

    /** The api's Actuator port: three above its own (the pipeline and the workers take the next two), or any. */
    static int apiManagementPort(int apiPort) {
        return apiPort == 0 ? 0 : apiPort + 3;
    }

    /**
     * Makes the tenant {@value #DEV_TENANT} (unless an earlier stack on the same database did) and a key of it, through
     * the admin API as an operator would.
     */
    private static String createDevKey(ApiClient admin) {
        ApiClient.Response tenant = admin.post("/v1/admin/tenants", "{\"id\": \"" + DEV_TENANT + "\", \"name\":"
                + " \"dev mode\"}");
        if (tenant.status() != 201 && tenant.status() != 409) {
            throw new IllegalStateException("the api did not create the tenant " + DEV_TENANT + ": " + tenant.status()
                    + " " + tenant.body());
        }
        ApiClient.Response key = admin.post("/v1/admin/keys", "{\"tenant\": \"" + DEV_TENANT + "\", \"name\":"
                + " \"dev mode\"}");
        if (key.status() != 201) {
            throw new IllegalStateException("the api did not create a key: " + key.status() + " " + key.body());
        }
        return key.text("key");
    }

    private static ConfigurableApplicationContext run(Class<?> application, Map<String, Object> common, int port) {
        log.info("starting {}", application.getSimpleName());
        Map<String, Object> properties = new HashMap<>(common);
        properties.put("server.port", port);
        // as command-line arguments: they outrank each role's defaults file, as they would for a process
        String[] arguments = properties.entrySet().stream()
                .map(property -> "--" + property.getKey() + "=" + property.getValue())
                .toArray(String[]::new);
        return new SpringApplicationBuilder(application)
                .logStartupInfo(false)
                .registerShutdownHook(false)
                .run(arguments);
    }

    /**
     * Closes the pipeline's Spring context (its Streams app commits and leaves, its sinks stop) and starts a
     * new one with the same properties, as a restarted pipeline process would. The new context has a fresh
     * temporary state directory: its stores restore from their changelog topics. With a free port (0) the
     * new pipeline listens on another port: read {@link #pipelineUrl()} again.
     */
    public synchronized void restartPipeline() {
        log.info("restarting PipelineApplication");
        DevShutdown.stopRole("pipeline", applications.get(0), DevShutdown.PIPELINE_WAITS_FOR);
        applications.set(0, run(PipelineApplication.class, common, pipelinePort));
    }

    /**
     * Closes the api's Spring context (requests in flight finish, new ones are refused) and starts a new one with
     * the same properties, as a restarted api process would. With a free port (0) the new api listens on another
     * port: read {@link #apiUrl()} again (keys stay valid: they are in PostgreSQL).
     */
    public synchronized void restartApi() {
        log.info("restarting ApiApplication");
        DevShutdown.stopRole("api", applications.get(2), DevShutdown.API_WAITS_FOR);
        applications.set(2, run(ApiApplication.class, apiProperties, apiPort));
    }

    /** The API's base URL, e.g. {@code http://localhost:8080}. */
    public String apiUrl() {
        return "http://localhost:" + port(applications.get(2));
    }

    /** The api's Actuator (health, metrics, prometheus), on a port of its own. */
    public String apiManagementUrl() {
        return "http://localhost:" + applications.get(2).getEnvironment().getProperty("local.management.port");
    }

    /** A key of the tenant {@value #DEV_TENANT}, made at start. */
    public String devKey() {
        return devKey;
    }

    /** The admin key the api started with (its bootstrap admin key, tenant {@code default}). */
    public String adminKey() {
        return adminKey;
    }

    /** A client of the api that sends {@link #devKey()}. */
    public ApiClient apiClient() {
        return new ApiClient(apiUrl(), devKey);
    }

    public String pipelineUrl() {
        return "http://localhost:" + port(applications.get(0));
    }

    public String workersUrl() {
        return "http://localhost:" + port(applications.get(1));
    }

    public String ollamaUrl() {
        return ollamaUrl;
    }

    /** The simulator standing in for Ollama, when no real Ollama answered. */
    public Optional<OllamaSimulator> simulator() {
        return Optional.ofNullable(simulator);
    }

    /** What answered at the settings' Ollama URL; {@code null} when it was not asked (the simulator was forced). */
    OllamaProbe.Answer ollamaAnswer() {
        return ollamaAnswer;
    }

    public Infrastructure infrastructure() {
        return infrastructure;
    }

    /** The running applications: pipeline, workers, api. */
    public List<ConfigurableApplicationContext> applications() {
        return Collections.unmodifiableList(applications);
    }

    private static int port(ConfigurableApplicationContext context) {
        return ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    /**
     * Stops the roles, then the simulator, then the infrastructure when it is the stack's own; logs each step, what
     * it waits for and how long it took. Once only: a second call (the infrastructure's shutdown hook, say) waits
     * for the first to end and does nothing.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        long started = System.nanoTime();
        log.info("stopping Askflow: {}", DevShutdown.plan(ownsInfrastructure));
        if (applications.size() == 3) {
            DevShutdown.stopRole("api", applications.get(2), DevShutdown.API_WAITS_FOR);
            DevShutdown.stopRole("workers", applications.get(1), DevShutdown.WORKERS_WAITS_FOR);
            DevShutdown.stopRole("pipeline", applications.get(0), DevShutdown.PIPELINE_WAITS_FOR);
        } else {
            List<ConfigurableApplicationContext> reversed = new ArrayList<>(applications);
            Collections.reverse(reversed);
            reversed.forEach(context -> DevShutdown.stopRole(context.getId(), context, "its beans to stop"));
        }
        applications.clear();
        if (simulator != null) {
            simulator.close();
        }
        if (ownsInfrastructure) {
            infrastructure.close();
        }
        log.info("Askflow stopped in {} ms", Duration.ofNanos(System.nanoTime() - started).toMillis());
    }

    @Override
    public String toString() {
        return "the dev stack";
    }
}
