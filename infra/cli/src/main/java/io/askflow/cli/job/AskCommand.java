package io.askflow.cli.job;

import io.askflow.cli.client.ApiClient;
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
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code askflow ask "question"}: submits a job ({@code POST /v1/jobs}), waits for it with long polls
 * ({@code GET /v1/jobs/{id}?wait=}) and prints the answer; a failed job prints its reason on standard error.
 */
@Command(name = "ask", mixinStandardHelpOptions = true, description = "Ask a question and print the answer.")
public final class AskCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "QUESTION", description = "The question")
    private String question;

    @Option(names = "--chain", paramLabel = "NAME", description = "The chain to run (the server's default: answer)")
    private String chain;

    @Option(names = "--model", paramLabel = "MODEL", description = "The Ollama model (default: the chain's)")
    private String model;

    @Option(names = "--wait", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Wait for the answer (default); --no-wait prints the job id at once")
    private boolean waitForAnswer;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "5m", converter = Durations.class,
            description = "How long to wait for the answer (default: ${DEFAULT-VALUE}; 30s, 5m, 1h)")
    private Duration timeout;

    @Option(names = "--json", description = "Print the job as JSON instead of the answer")
    private boolean json;

    @Override
    public Integer call() {
        Session session = (Session) spec.root().userObject();
        ApiClient api = session.api();
        PrintWriter out = spec.commandLine().getOut();
        JsonNode job = api.post("/v1/jobs", request());
        if (!waitForAnswer) {
            out.println(json ? Json.pretty(job) : Json.text(job, "id"));
            return ExitCode.OK;
        }
        job = JobWaiter.await(api, Json.text(job, "id"), job, timeout, session.context().clock());
        return print(job);
    }

    /** The body of the submit: the question, and the chain and model when given. */
    Map<String, Object> request() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("question", question);
        if (chain != null) {
            body.put("chain", chain);
        }
        if (model != null) {
            body.put("model", model);
        }
        return body;
    }

    private int print(JsonNode job) {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (json) {
            out.println(Json.pretty(job));
        }
        if (!JobFormat.ended(job)) {
            String id = Json.text(job, "id");
            err.println("askflow: job " + id + " is still " + Json.text(job, "status") + " after "
                    + Durations.format(timeout) + ": see it with 'askflow jobs get " + id + "'");
            return ExitCode.TIMED_OUT;
        }
        if ("FAILED".equals(Json.text(job, "status"))) {
            err.println("askflow: " + JobFormat.failure(job));
            return ExitCode.FAILED;
        }
        if (!json) {
            out.println(Json.text(job, "answer", ""));
        }
        return ExitCode.OK;
    }
}
