package io.askflow.cli.batch;

import io.askflow.cli.client.ApiClient;
import io.askflow.cli.client.CliContext;
import io.askflow.cli.client.Durations;
import io.askflow.cli.client.ExitCode;
import io.askflow.cli.client.Json;
import io.askflow.cli.client.Session;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * {@code askflow batch submit FILE}: uploads the file ({@code POST /v1/files}, purpose {@code batch}), creates a
 * batch of it ({@code POST /v1/batches}) and, with --wait, follows it ({@code GET /v1/batches/{id}}) with a progress
 * bar until it ends, then downloads its output and error files.
 */
@Command(name = "submit", mixinStandardHelpOptions = true,
        description = "Upload a file of questions (JSONL in OpenAI's batch format or Askflow's, or CSV) and run it as a batch.")
final class BatchSubmitCommand implements Callable<Integer> {

    /** Between two plain progress lines while nothing else changes. */
    static final Duration PLAIN_PROGRESS_EVERY = Duration.ofSeconds(5);

    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "FILE", description = "The file of questions")
    private Path file;

    @Option(names = "--wait", description = "Follow the batch until it ends, then download its output and error files")
    private boolean waitForEnd;

    @Option(names = {"-o", "--output"}, paramLabel = "DIR", defaultValue = ".",
            description = "Where --wait puts the output and error files (default: the current directory)")
    private Path directory;

    @Option(names = "--completion-window", paramLabel = "WINDOW", defaultValue = "24h",
            description = "How long the batch may take; lines not done by then expire (default: ${DEFAULT-VALUE})")
    private String completionWindow;

    @Option(names = "--endpoint", paramLabel = "PATH", defaultValue = "/v1/chat/completions",
            description = "The endpoint of every line (default: ${DEFAULT-VALUE})")
    private String endpoint;

    @Option(names = "--metadata", paramLabel = "KEY=VALUE", description = "Metadata kept with the batch (repeatable)")
    private Map<String, String> metadata = new LinkedHashMap<>();

    @Option(names = "--poll-interval", paramLabel = "DURATION", defaultValue = "1s", converter = Durations.class,
            description = "How often --wait asks for the batch's progress (default: ${DEFAULT-VALUE})")
    private Duration pollInterval;

    @Option(names = "--timeout", paramLabel = "DURATION", converter = Durations.class,
            description = "Stop waiting after this long (the batch goes on; default: until it ends)")
    private Duration timeout;

    @Override
    public Integer call() throws InterruptedException {
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new IllegalArgumentException("cannot read " + file + ": not a readable file");
        }
        Session session = (Session) spec.root().userObject();
        ApiClient api = session.api();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        JsonNode uploaded = api.upload("/v1/files", Map.of("purpose", "batch"), file);
        JsonNode batch = api.post("/v1/batches", request(Json.text(uploaded, "id")));
        String batchId = Json.text(batch, "id");
        err.println("batch " + batchId + " created from " + file.getFileName() + " (file " + Json.text(uploaded, "id")
                + ", " + Json.number(uploaded, "bytes") + " bytes): " + BatchFormat.status(batch));
        err.flush();
        if (!waitForEnd) {
            out.println(batchId);
            return ExitCode.OK;
        }
        batch = follow(api, batch, session.context(), err);
        if (!BatchFormat.ended(batch)) {
            err.println("askflow: batch " + batchId + " is still " + BatchFormat.status(batch) + " after "
                    + Durations.format(timeout) + ": see it with 'askflow batch status " + batchId + "'");
            return ExitCode.TIMED_OUT;
        }
        out.println("batch " + batchId + " " + BatchFormat.status(batch) + ": " + BatchFormat.counts(batch));
        BatchFiles.download(api, batch, directory, out);
        boolean allAnswered = "completed".equals(BatchFormat.status(batch)) && BatchFormat.failed(batch) == 0;
        return allAnswered ? ExitCode.OK : ExitCode.FAILED;
    }

    /** The body of {@code POST /v1/batches}. */
    Map<String, Object> request(String fileId) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("input_file_id", fileId);
        body.put("endpoint", endpoint);
        body.put("completion_window", completionWindow);
        if (!metadata.isEmpty()) {
            body.put("metadata", metadata);
        }
        return body;
    }

    /** Polls the batch until it ends or the timeout runs out, showing its progress; the batch as last seen. */
    private JsonNode follow(ApiClient api, JsonNode created, CliContext context, PrintWriter err)
            throws InterruptedException {
        Instant deadline = timeout == null ? Instant.MAX : context.clock().instant().plus(timeout);
        JsonNode batch = created;
        try (BatchProgress progress = context.interactive()
                ? new BarProgress(context.terminal())
                : new PlainProgress(err, context.clock()::instant, PLAIN_PROGRESS_EVERY)) {
            progress.show(batch);
            while (!BatchFormat.ended(batch) && context.clock().instant().isBefore(deadline)) {
                TimeUnit.NANOSECONDS.sleep(pollInterval.toNanos());
                batch = api.get(BatchCommand.path(Json.text(batch, "id")));
                progress.show(batch);
            }
        }
        return batch;
    }
}
