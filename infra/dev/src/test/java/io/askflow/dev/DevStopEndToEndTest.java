package io.askflow.dev;

import io.askflow.testing.process.ApplicationProcess;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.random.RandomGenerator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.askflow.dev.BurstChecks.distinctQuestions;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The dev mode stopped as a user stops it: {@link AskflowDev}'s main in a JVM of its own, with its own embedded
 * Kafka, Redis and PostgreSQL, a burst of jobs accepted and calls running on the workers, then SIGTERM. The stop
 * drains the roles before the infrastructure, within a bound, says what it waits for, and logs no ERROR or FATAL.
 *
 * <p>A separate process rather than a stack in this JVM: what went wrong at a stop was the JVM's shutdown hooks
 * racing each other (the embedded servers' own hooks stopped PostgreSQL, Redis and the broker's log directories
 * while the applications still ran), and only a real JVM shutdown runs them; the captured output is exactly what a
 * user reads. The infrastructure is thrown away with the process, so accepted jobs can only be followed as far as
 * the log goes: the workers' running calls finish (none handed back) and Kafka Streams closes cleanly. The output
 * is in a temporary file, removed when the test passes.
 */
class DevStopEndToEndTest {

    private static final Logger log = LoggerFactory.getLogger(DevStopEndToEndTest.class);
    private static final Pattern DEV_KEY = Pattern.compile("export ASKFLOW_KEY=(ask_[A-Za-z0-9_-]{43})");
    private static final Pattern SIMULATOR_URL = Pattern.compile("SIMULATOR at (http://[0-9.]+:[0-9]+)");
    private static final Pattern ERROR_LINE = Pattern.compile("^\\S+\\s+(ERROR|FATAL)\\s|FATAL|Exit\\.halt",
            Pattern.MULTILINE);
    /** The stop's design bound is per role (30 s each); a clean one here takes a few seconds. */
    private static final Duration STOP_BOUND = Duration.ofSeconds(30);

    @Test
    void shouldDrainTheRolesBeforeTheInfrastructureOnSigtermWithinABoundAndLogNoError() throws Exception {
        int port = freePortWithThreeAbove();
        Path output = Files.createTempFile("askflow-dev-stop-", ".log");
        long stopMillis;
        try (ApplicationProcess dev = ApplicationProcess.startMain(AskflowDev.class,
                List.of("-Xmx768m", "-Daskflow.test.infra=embedded",
                        // PostgreSQL's own log too: a session it had to end at the stop would say FATAL there
                        "-Dlogging.level.io.zonky.test.db.postgres=INFO"),
                List.of("--port=" + port, "--simulator"), output)) {
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250))
                    .until(() -> read(output).contains("Askflow dev mode is up") || !dev.isAlive());
            assertThat(dev.isAlive()).as("the dev mode started; its output:%n%s", read(output)).isTrue();
            String simulator = simulatorUrl(read(output));
            post(simulator + "/_simulator/config", "{\"latencyMillis\": 1500}"); // calls run when the stop comes

            List<Burst.Submitted> submitted;
            try (Burst burst = Burst.start(new ApiClient("http://localhost:" + port, devKey(read(output))),
                    distinctQuestions("stop", 40), 8)) {
                submitted = burst.await();
            }
            assertThat(submitted).extracting(Burst.Submitted::status).containsOnly(202);
            await().atMost(Duration.ofSeconds(30)).until(() -> get(simulator + "/_simulator/stats")
                    .matches("(?s).*\"inFlight\"\\s*:\\s*[1-9].*"));

            long stopAsked = System.nanoTime();
            dev.terminate();
            assertThat(dev.awaitExit(STOP_BOUND.plusSeconds(30))).as("stopped at all").isTrue();
            stopMillis = (System.nanoTime() - stopAsked) / 1_000_000;
        }
        String out = read(output);
        log.info("MEASURE dev stop: SIGTERM with 40 jobs accepted and calls running: the JVM ended {} ms later",
                stopMillis);

        assertThat(errorLines(out)).as("ERROR or FATAL lines (whole output in %s)", output).isEmpty();
        assertThat(Duration.ofMillis(stopMillis)).isLessThan(STOP_BOUND);
        assertThat(out).containsSubsequence(
                "stopping Askflow: the api first",
                "stopping the api: waiting for the HTTP requests in flight", "the api stopped in",
                "stopping the workers: waiting for the running calls",
                "running task(s) to finish, then handing back the rest", "every running task finished",
                "the workers stopped in",
                "stopping the pipeline: waiting for Kafka Streams to commit and close",
                "Kafka Streams askflow-pipeline went from PENDING_SHUTDOWN to NOT_RUNNING", "the pipeline stopped in",
                "stopping the test infrastructure (embedded): Redis, PostgreSQL, then Kafka",
                "test infrastructure (embedded) stopped in",
                "Askflow stopped in");
        assertThat(out).doesNotContain("handing them back");
        Files.delete(output); // kept when an assertion fails
    }

    private static List<String> errorLines(String out) {
        return out.lines().filter(line -> ERROR_LINE.matcher(line).find()).toList();
    }

    /** The dev tenant's key, from the banner's export line. */
    private static String devKey(String out) {
        Matcher matcher = DEV_KEY.matcher(out);
        assertThat(matcher.find()).as("the banner prints the dev key").isTrue();
        return matcher.group(1);
    }

    private static String simulatorUrl(String out) {
        Matcher matcher = SIMULATOR_URL.matcher(out);
        assertThat(matcher.find()).as("the banner names the simulator's address").isTrue();
        return matcher.group(1);
    }

    /**
     * A port whose next three are free as well: the dev mode's api, pipeline, workers and the api's Actuator. Taken
     * below Linux's ephemeral range (32768-60999), so that no outgoing connection of another process can take one of
     * them during the dev mode's start-up (seen on a machine running several builds at once).
     */
    private static int freePortWithThreeAbove() {
        RandomGenerator random = ThreadLocalRandom.current();
        for (int attempt = 0; attempt < 50; attempt++) {
            int port = 20_000 + random.nextInt(12_000);
            if (free(port) && free(port + 1) && free(port + 2) && free(port + 3)) {
                return port;
            }
        }
        throw new IllegalStateException("no four free ports in a row");
    }

    private static boolean free(int port) {
        try (ServerSocket ignored = new ServerSocket(port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static String read(Path output) {
        try {
            return Files.readString(output, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String get(String url) throws IOException, InterruptedException {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).GET().build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    private static void post(String url, String json) throws IOException, InterruptedException {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("POST %s: %s", url, response.body()).isEqualTo(200);
    }
}
