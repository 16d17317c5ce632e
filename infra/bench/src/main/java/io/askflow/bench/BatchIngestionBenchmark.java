package io.askflow.bench;

import io.askflow.api.ApiApplication;
import io.askflow.core.json.Json;
import io.askflow.testing.Infrastructure;
import io.askflow.testing.Infrastructures;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

/**
 * Batch ingestion: a generated file of {@code --lines} OpenAI request lines ({@code --questions} distinct questions)
 * is uploaded to {@code POST /v1/files} as OpenAI's clients do (multipart), streamed from a generator so that the
 * client holds no file in memory; then a batch is created on it and the lines its dispatcher turns into jobs are
 * counted for {@code --dispatch-seconds}. The api runs in this JVM on embedded Kafka, Redis and PostgreSQL (Kafka
 * in this JVM too): run it with {@code -Xmx256m} and the heap figure is an upper bound of the api's. No pipeline
 * answers the jobs, so the dispatcher's window ({@code --max-open-jobs}) is lifted to measure the dispatcher's own
 * rate. Prints lines per second of the upload (goal at least 50,000), the peak heap during it, and the dispatch
 * rate; exits with 1 when the upload misses its goal or the heap its 256 MB.
 *
 * <pre>
 * java -Xmx256m -cp "infra/bench/target/askflow-bench.jar:infra/bench/target/lib/*" \
 *     io.askflow.bench.BatchIngestionBenchmark --lines 1000000
 * </pre>
 */
public final class BatchIngestionBenchmark {

    private static final long GOAL_LINES_PER_SECOND = 50_000;
    private static final long MAX_HEAP_BYTES = 256L << 20;

    private BatchIngestionBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        BenchArguments options = BenchArguments.parse("BatchIngestionBenchmark", args, BenchArguments.defaults(
                "lines", "1000000", "questions", "1000", "dispatch-seconds", "10", "max-open-jobs", "100000"));
        int lines = options.positive("lines");
        System.out.printf(Locale.ROOT, "BatchIngestionBenchmark %s%nmachine: %d cores, Java %s, max heap %d MB,"
                        + " load average %.2f%n", options.describe(), Runtime.getRuntime().availableProcessors(),
                Runtime.version(), Runtime.getRuntime().maxMemory() >> 20,
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        try (Infrastructure infrastructure = Infrastructures.start()) {
            ConfigurableApplicationContext api = startApi(infrastructure, options.positive("max-open-jobs"));
            try {
                String url = "http://localhost:" + ((WebServerApplicationContext) api).getWebServer().getPort();
                HttpClient http = HttpClient.newHttpClient();
                HeapSampler heap = HeapSampler.start();
                long started = System.nanoTime();
                JsonNode file = upload(http, url, lines, options.positive("questions"));
                double seconds = (System.nanoTime() - started) / 1e9;
                long peak = heap.stop();
                double rate = lines / seconds;
                System.out.printf(Locale.ROOT, "upload: %d lines, %d bytes in %.2f s: %.0f lines/s (goal >= %d);"
                                + " highest heap in use %d MB (goal <= %d MB)%n", lines, file.get("bytes").asLong(), seconds,
                        rate, GOAL_LINES_PER_SECOND, peak >> 20, MAX_HEAP_BYTES >> 20);
                double dispatch = dispatch(http, url, infrastructure, file.get("id").asString(),
                        options.positive("dispatch-seconds"));
                System.out.printf(Locale.ROOT, "dispatch: %.0f lines/s (one job each: validated, stored, published"
                        + " to Kafka and acknowledged)%n", dispatch);
                boolean met = rate >= GOAL_LINES_PER_SECOND && peak <= MAX_HEAP_BYTES;
                System.out.println(met ? "goals met" : "goals MISSED");
                if (!met) {
                    System.exit(1);
                }
            } finally {
                api.close();
            }
        }
    }

    private static ConfigurableApplicationContext startApi(Infrastructure infrastructure, int maxOpenJobs) {
        Map<String, Object> properties = new HashMap<>(infrastructure.springProperties());
        properties.put("server.port", 0);
        properties.put("management.server.port", 0);
        properties.put("askflow.security.enabled", false);
        properties.put("askflow.limits.enabled", false);
        properties.put("askflow.api.batches.max-open-jobs", maxOpenJobs);
        properties.put("logging.level.root", "WARN");
        String[] arguments = properties.entrySet().stream().map(p -> "--" + p.getKey() + "=" + p.getValue())
                .toArray(String[]::new);
        return new SpringApplicationBuilder(ApiApplication.class).logStartupInfo(false).run(arguments);
    }

    private static JsonNode upload(HttpClient http, String url, int lines, int questions) throws Exception {
        String boundary = "askflow-bench-boundary";
        InputStream head = stream("--" + boundary + "\r\nContent-Disposition: form-data; name=\"purpose\"\r\n\r\n"
                + "batch\r\n--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"bench.jsonl\""
                + "\r\nContent-Type: application/octet-stream\r\n\r\n");
        InputStream tail = stream("\r\n--" + boundary + "--\r\n");
        List<InputStream> parts = new ArrayList<>(List.of(head, new GeneratedLines(lines, questions), tail));
        HttpRequest request = HttpRequest.newBuilder(URI.create(url + "/v1/files"))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofInputStream(
                        () -> new SequenceInputStream(Collections.enumeration(parts))))
                .timeout(Duration.ofMinutes(10)).build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("upload answered " + response.statusCode() + ": " + response.body());
        }
        return Json.MAPPER.readTree(response.body());
    }

    private static double dispatch(HttpClient http, String url, Infrastructure infrastructure, String fileId,
                                   int seconds) throws Exception {
        HttpResponse<String> created = http.send(HttpRequest.newBuilder(URI.create(url + "/v1/batches"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"input_file_id\": \"" + fileId + "\", \"endpoint\":"
                        + " \"/v1/chat/completions\", \"completion_window\": \"24h\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        String batchId = Json.MAPPER.readTree(created.body()).get("id").asString();
        long first = dispatched(infrastructure, batchId);
        long started = System.nanoTime();
        long deadline = started + Duration.ofSeconds(seconds).toNanos();
        while (System.nanoTime() < deadline) {
            LockSupport.parkNanos(deadline - System.nanoTime()); // the measured interval
        }
        long count = dispatched(infrastructure, batchId) - first;
        double rate = count / ((System.nanoTime() - started) / 1e9);
        http.send(HttpRequest.newBuilder(URI.create(url + "/v1/batches/" + batchId + "/cancel"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
        return rate;
    }

    private static long dispatched(Infrastructure infrastructure, String batchId) throws Exception {
        try (Connection connection = DriverManager.getConnection(infrastructure.jdbcUrl(),
                infrastructure.jdbcUsername(), infrastructure.jdbcPassword());
             Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("select count(*) from batch_lines where batch_id = '"
                     + batchId.replace("'", "") + "'")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static InputStream stream(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }

    /** The highest heap in use, sampled every 5 ms on a thread of its own (this JVM's: Kafka's included). */
    private static final class HeapSampler implements Runnable {

        private final Thread thread = new Thread(this, "heap-sampler");
        private volatile boolean running = true;
        private volatile long max;

        static HeapSampler start() {
            System.gc();
            HeapSampler sampler = new HeapSampler();
            sampler.thread.setDaemon(true);
            sampler.thread.start();
            return sampler;
        }

        @Override
        public void run() {
            while (running) {
                max = Math.max(max, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
                LockSupport.parkNanos(5_000_000);
            }
        }

        long stop() throws InterruptedException {
            running = false;
            thread.join();
            return max;
        }
    }

    /** OpenAI request lines made as they are read: line i asks question i mod questions. */
    private static final class GeneratedLines extends InputStream {

        private final int lines;
        private final int questions;
        private int next;
        private byte[] line = new byte[0];
        private int position;

        GeneratedLines(int lines, int questions) {
            this.lines = lines;
            this.questions = questions;
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int off, int len) {
            if (position == line.length) {
                if (next == lines) {
                    return -1;
                }
                next++;
                line = ("{\"custom_id\":\"r-" + next + "\",\"method\":\"POST\",\"url\":\"/v1/chat/completions\","
                        + "\"body\":{\"model\":\"llama3.2\",\"messages\":[{\"role\":\"user\",\"content\":\"Question "
                        + (next % questions) + " of the benchmark?\"}]}}\n").getBytes(StandardCharsets.UTF_8);
                position = 0;
            }
            int n = Math.min(len, line.length - position);
            System.arraycopy(line, position, buffer, off, n);
            position += n;
            return n;
        }
    }
}
