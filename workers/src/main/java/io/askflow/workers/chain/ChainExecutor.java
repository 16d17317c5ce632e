package io.askflow.workers.chain;

import io.askflow.core.chain.AgentDefinition;
import io.askflow.core.chain.ChainCatalog;
import io.askflow.core.chain.ChainDefinition;
import io.askflow.core.chain.StepDefinition;
import io.askflow.core.error.ErrorCode;
import io.askflow.core.job.JobRequest;
import io.askflow.core.run.RunRequest;
import io.askflow.core.step.StepResult;
import io.askflow.core.step.TokenUsage;
import io.askflow.workers.ollama.ChatCall;
import io.askflow.workers.ollama.ChatReply;
import io.askflow.workers.ollama.Deadline;
import io.askflow.workers.ollama.OllamaActivity;
import io.askflow.workers.ollama.OllamaActivityException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs one chain for one task, sequentially: every task of the chain is one Ollama call by its agent, whose
 * prompt receives the question and the outputs of the earlier tasks it names. The answer is the last task's
 * output. Every finished step is recorded in {@link Checkpoints} before the next one starts, and a run that
 * finds steps recorded (it was delivered again after a crash) resumes after them: finished GPU work is never
 * done again. A run is bounded by the chain deadline, each step by the step deadline of {@link OllamaActivity}.
 * Failures become data: the outcome carries a {@code JobError} whose type says what failed
 * ({@code OLLAMA_MODEL_NOT_FOUND}, {@code OLLAMA_BUSY}, {@code CHAIN_NOT_FOUND}, ...) and whose message says
 * what to do; a bug inside a step is a {@code WORKER_ERROR} outcome too. A bug outside the steps (loading
 * the checkpoints, telling the listener about resumed steps) escapes as a {@link RuntimeException}, which
 * the caller turns into a {@code WORKER_ERROR} result. Every type comes from the catalog, {@link ErrorCode}.
 */
public final class ChainExecutor {

    private static final Logger log = LoggerFactory.getLogger(ChainExecutor.class);

    private final ChainCatalog catalog;
    private final OllamaActivity ollama;
    private final Checkpoints checkpoints;
    private final ChainMetrics metrics;
    private final ChainSettings settings;

    /**
     * @param catalog     the chains this worker runs
     * @param ollama      the bounded Ollama call
     * @param checkpoints where finished steps are recorded and found again
     * @param metrics     where runs and steps are counted
     * @param settings    default model, num_predict cap and chain deadline
     */
    public ChainExecutor(ChainCatalog catalog, OllamaActivity ollama, Checkpoints checkpoints, ChainMetrics metrics,
                         ChainSettings settings) {
        this.catalog = catalog;
        this.ollama = ollama;
        this.checkpoints = checkpoints;
        this.metrics = metrics;
        this.settings = settings;
    }

    /** The number of steps {@code task} will run, or 0 when its chain is unknown. */
    public int stepsOf(RunRequest task) {
        return catalog.find(task.request().chain()).map(chain -> chain.steps().size()).orElse(0);
    }

    /** The name of the first step of {@code task}'s chain, or {@code null} when it is unknown. */
    public String firstStepOf(RunRequest task) {
        return catalog.find(task.request().chain()).map(chain -> chain.steps().get(0).name()).orElse(null);
    }

    /**
     * Runs the task's chain, or what is left of it.
     *
     * @param task     what to answer
     * @param listener told after every finished step, the resumed ones included
     * @return the answer or the reason it failed, with the finished steps (the resumed ones included)
     * @throws InterruptedException when the worker is stopping; nothing is to be published then
     */
    public ChainOutcome run(RunRequest task, StepListener listener) throws InterruptedException {
        JobRequest request = task.request();
        Optional<ChainDefinition> found = catalog.find(request.chain());
        if (found.isEmpty()) {
            ChainOutcome outcome = ChainOutcome.failed(null, List.of(), ErrorCode.CHAIN_NOT_FOUND.error(
                    "unknown chain \"" + request.chain() + "\" (this worker has: " + String.join(", ", catalog.names())
                            + "); " + ErrorCode.CHAIN_NOT_FOUND.advice(), 0));
            metrics.runFinished("unknown", outcome);
            return outcome;
        }
        ChainDefinition chain = found.get();
        ChainOutcome outcome = versionMatches(request, chain)
                ? runSteps(task, chain, listener)
                : ChainOutcome.failed(chain.version(), List.of(), ErrorCode.CHAIN_VERSION_MISMATCH.error(
                        "the job asks for chain \"" + chain.name() + "\" version " + request.chainVersion()
                                + " but this worker has version " + chain.version() + "; "
                                + ErrorCode.CHAIN_VERSION_MISMATCH.advice(), 0));
        metrics.runFinished(chain.name(), outcome);
        return outcome;
    }

    private static boolean versionMatches(JobRequest request, ChainDefinition chain) {
        return request.chainVersion().isEmpty() || request.chainVersion().equals(chain.version());
    }

    private ChainOutcome runSteps(RunRequest task, ChainDefinition chain, StepListener listener)
            throws InterruptedException {
        Deadline deadline = Deadline.after(settings.deadline(), "chain deadline of " + settings.deadline(),
                ErrorCode.CHAIN_DEADLINE_EXCEEDED);
        List<StepDefinition> tasks = chain.steps();
        List<StepResult> steps = new ArrayList<>();
        Map<String, String> outputs = new HashMap<>();
        for (StepResult resumed : resumedSteps(task, chain)) {
            finished(resumed, tasks, steps, outputs, listener);
        }
        for (int index = steps.size(); index < tasks.size(); index++) {
            StepDefinition definition = tasks.get(index);
            String model = null;
            try {
                AgentDefinition agent = chain.agentOf(definition);
                model = chain.modelFor(agent, task.request().model(), settings.defaultModel());
                if (deadline.passed()) {
                    return ChainOutcome.failed(chain.version(), steps, ErrorCode.CHAIN_DEADLINE_EXCEEDED.error(
                            where(chain, index, definition, model) + " not started: the " + deadline.description()
                                    + " passed. What to do: " + ErrorCode.CHAIN_DEADLINE_EXCEEDED.advice(), 0));
                }
                StepResult step = runStep(task, chain, index, definition, agent, model, outputs, deadline);
                checkpoints.save(task.runId(), step);
                metrics.stepFinished(chain.name(), step);
                finished(step, tasks, steps, outputs, listener);
            } catch (OllamaActivityException e) {
                return ChainOutcome.failed(chain.version(), steps, e.code().error(
                        describe(chain, index, definition, model, e), e.attempts()));
            } catch (RuntimeException e) {
                log.error("run {} fingerprint {} chain {} step {} failed in the worker", task.runId(),
                        task.fingerprint(), chain.name(), definition.name(), e);
                return ChainOutcome.failed(chain.version(), steps, ErrorCode.WORKER_ERROR.error(
                        where(chain, index, definition, model) + " failed in the worker: " + e + "; "
                                + ErrorCode.WORKER_ERROR.advice(), 1));
            }
        }
        return ChainOutcome.completed(chain.version(), steps);
    }

    private static void finished(StepResult step, List<StepDefinition> tasks, List<StepResult> steps,
                                 Map<String, String> outputs, StepListener listener) {
        steps.add(step);
        outputs.put(step.name(), step.output());
        String next = step.index() + 1 < tasks.size() ? tasks.get(step.index() + 1).name() : null;
        listener.stepFinished(step, tasks.size(), next);
    }

    /** The steps recorded by an earlier delivery of this run that still fit the chain, from the first on. */
    private List<StepResult> resumedSteps(RunRequest task, ChainDefinition chain) {
        List<StepDefinition> tasks = chain.steps();
        List<StepResult> recorded = checkpoints.load(task.runId(), tasks.size());
        int usable = 0;
        while (usable < recorded.size() && usable < tasks.size() && recorded.get(usable).index() == usable
                && recorded.get(usable).name().equals(tasks.get(usable).name())) {
            usable++;
        }
        if (usable < recorded.size()) {
            log.warn("run {} fingerprint {}: {} recorded step(s) of chain {} do not fit it, running them again",
                    task.runId(), task.fingerprint(), recorded.size() - usable, chain.name());
        }
        if (usable > 0) {
            log.info("run {} fingerprint {}: chain {} resumes at step {} of {}, reusing {} recorded step(s)",
                    task.runId(), task.fingerprint(), chain.name(), usable + 1, tasks.size(), usable);
            metrics.stepsReused(chain.name(), usable);
        }
        return recorded.subList(0, usable);
    }

    private StepResult runStep(RunRequest task, ChainDefinition chain, int index, StepDefinition definition,
                               AgentDefinition agent, String model, Map<String, String> outputs, Deadline deadline)
            throws OllamaActivityException, InterruptedException {
        ChatCall call = new ChatCall(model,
                PromptBuilder.messages(agent, definition, task.request().question(), outputs),
                GenerationOptions.merge(agent.options(), task.request().options(), settings.numPredictCap()));
        long start = System.nanoTime();
        ChatReply reply = ollama.call(call, task.runId(), definition.name(), deadline);
        Duration duration = Duration.ofNanos(System.nanoTime() - start);
        log.debug("run {} chain {} step {} done on {} in {} ms, {} + {} tokens", task.runId(), chain.name(),
                definition.name(), reply.host(), duration.toMillis(), reply.promptTokens(), reply.completionTokens());
        return new StepResult(index, definition.name(), agent.role(), reply.model(), reply.host(), reply.content(),
                new TokenUsage(reply.promptTokens(), reply.completionTokens()), duration);
    }

    private static String describe(ChainDefinition chain, int index, StepDefinition definition, String model,
                                   OllamaActivityException e) {
        String host = e.host() != null ? " on " + e.host() : "";
        return where(chain, index, definition, model) + host + " failed after " + e.attempts() + " attempt(s) ("
                + e.why() + "): " + e.detail() + ". What to do: " + e.code().advice().replace("<model>", model);
    }

    /** Where in the chain, for messages; {@code model} is {@code null} when it could not be chosen. */
    private static String where(ChainDefinition chain, int index, StepDefinition definition, String model) {
        return "chain " + chain.name() + " step " + (index + 1) + " of " + chain.steps().size() + " \""
                + definition.name() + "\" (agent " + definition.agent() + (model != null ? ", model " + model : "")
                + ")";
    }
}
