package io.askflow.dev;

import io.askflow.api.ApiApplication;
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

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The whole of Askflow in one JVM: embedded Kafka, Redis and PostgreSQL, a real Ollama when one
 * answers (else the simulator), and the pipeline, workers and api applications, each its own
 * Spring context. Closing it stops everything in reverse order, the infrastructure only when the
 * stack started it.
 */
public final class DevStack implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DevStack.class);

    private final Infrastructure infrastructure;
    private final boolean ownsInfrastructure;
    private final OllamaSimulator simulator;
    private final String ollamaUrl;
    private final List<ConfigurableApplicationContext> applications = new ArrayList<>();
    private final Map<String, Object> common = new HashMap<>();
    private int pipelinePort;

    private DevStack(Infrastructure infrastructure, boolean ownsInfrastructure, OllamaSimulator simulator,
                     String ollamaUrl) {
        this.infrastructure = infrastructure;
        this.ownsInfrastructure = ownsInfrastructure;
        this.simulator = simulator;
        this.ollamaUrl = ollamaUrl;
    }

    /** Starts a stack on an infrastructure of its own (as the environment asks), which it closes with itself. */
    public static DevStack start(DevSettings settings) {
        return start(settings, Infrastructures.start(), true);
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
        if (settings.useSimulator() || !OllamaProbe.answers(ollamaUrl)) {
            simulator = OllamaSimulator.start(settings.simulator());
            ollamaUrl = simulator.baseUrl();
        }
        DevStack stack = new DevStack(infrastructure, ownsInfrastructure, simulator, ollamaUrl);
        try {
            stack.startApplications(settings);
        } catch (RuntimeException e) {
            stack.close();
            throw e;
        }
        return stack;
    }

    private void startApplications(DevSettings settings) {
        common.putAll(infrastructure.springProperties());
        common.putAll(settings.extraProperties());
        common.put("askflow.ollama.url", ollamaUrl);
        common.put("logging.include-application-name", false); // the name of the first context would stand on every line
        pipelinePort = settings.pipelinePort();
        applications.add(run(PipelineApplication.class, common, pipelinePort));
        applications.add(run(WorkersApplication.class, common, settings.workersPort()));
        applications.add(run(ApiApplication.class, common, settings.apiPort()));
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
    public void restartPipeline() {
        log.info("restarting PipelineApplication");
        closeQuietly(applications.get(0));
        applications.set(0, run(PipelineApplication.class, common, pipelinePort));
    }

    /** The API's base URL, e.g. {@code http://localhost:8080}. */
    public String apiUrl() {
        return "http://localhost:" + port(applications.get(2));
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

    @Override
    public void close() {
        List<ConfigurableApplicationContext> reversed = new ArrayList<>(applications);
        Collections.reverse(reversed);
        reversed.forEach(DevStack::closeQuietly);
        applications.clear();
        if (simulator != null) {
            simulator.close();
        }
        if (ownsInfrastructure) {
            infrastructure.close();
        }
    }

    private static void closeQuietly(ConfigurableApplicationContext context) {
        try {
            context.close();
        } catch (RuntimeException e) {
            log.warn("closing {} failed: {}", context.getId(), e.getMessage(), e);
        }
    }
}
