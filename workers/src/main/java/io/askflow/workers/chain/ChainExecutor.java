package io.askflow.workers.chain;

import io.askflow.core.chain.ChainCatalog;
import io.askflow.core.chain.ChainDefinition;
import io.askflow.core.chain.StepDefinition;
import io.askflow.core.chain.StepType;
import io.askflow.core.error.ErrorCode;
import io.askflow.core.job.JobRequest;
import io.askflow.core.run.RunRequest;
import io.askflow.core.step.StepResult;
import io.askflow.workers.ollama.Deadline;
import io.askflow.workers.step.StepContext;
import io.askflow.workers.step.StepFailedException;
import io.askflow.workers.step.StepRunner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs the chain of one run request, step after step: each step is run by the {@link StepRunner} of its
 * {@link StepType} (a {@code chat} step is one Ollama call by its agent, whose prompt receives the question
 * and the outputs of the earlier steps it names). The answer is the last step's output. Every finished step
 * is recorded in {@link Checkpoints} before the next one starts, and a run that finds steps recorded (it was
 * delivered again after a crash) resumes after them: finished GPU work is never done again. Each run begins a
 * fenced attempt at its checkpoints, so a stale attempt running beside a newer one cannot overwrite its steps. A run is bounded
 * by the chain deadline, which no step starts after and which every runner is given; a chat step is also
 * bounded by the step deadline of its Ollama call. Failures become data: the outcome carries a
 * {@code JobError} whose type says what failed ({@code OLLAMA_MODEL_NOT_FOUND}, {@code OLLAMA_BUSY},
 * {@code CHAIN_NOT_FOUND}, ...) and whose message says what to do; a bug inside a step is a
 * {@code WORKER_ERROR} outcome too. A bug outside the steps (loading the checkpoints, telling the listener
 * about resumed steps) escapes as a {@link RuntimeException}, which the caller turns into a
 * {@code WORKER_ERROR} result. Every type comes from the catalog, {@link ErrorCode}.
 *
 * <p>The executor is built with one runner per step type; one that lacks the runner of a type a chain of its
 * catalog uses refuses to be built, so such a worker fails at start-up rather than at its first run.
 */
public final class ChainExecutor {

    private static final Logger log = LoggerFactory.getLogger(ChainExecutor.class);

    private final ChainCatalog catalog;
    private final Map<StepType, StepRunner> runners;
    private final Checkpoints checkpoints;
    private final ChainMetrics metrics;
    private final ChainSettings settings;

    /**
     * @param catalog     the chains this worker runs
     * @param runners     one runner per step type, at least one for every type the catalog's chains use
     * @param checkpoints where finished steps are recorded and found again
     * @param metrics     where runs and steps are counted
     * @param settings    default model and chain deadline
     * @throws IllegalArgumentException when two runners have the same type, or a chain of the catalog has a
     *                                  step of a type no runner runs
     */
    public ChainExecutor(ChainCatalog catalog, Collection<? extends StepRunner> runners, Checkpoints checkpoints,
                         ChainMetrics metrics, ChainSettings settings) {
        this.catalog = catalog;
        this.runners = byType(runners);
        this.checkpoints = checkpoints;
        this.metrics = metrics;
        this.settings = settings;
        requireRunnersFor(catalog);
    }

    private static Map<StepType, StepRunner> byType(Collection<? extends StepRunner> runners) {
        Map<StepType, StepRunner> byType = new EnumMap<>(StepType.class);
        for (StepRunner runner : runners) {
            StepRunner other = byType.putIfAbsent(runner.type(), runner);
            if (other != null) {
                throw new IllegalArgumentException("two runners for step type " + runner.type().yamlName() + ": "
                        + other.getClass().getName() + " and " + runner.getClass().getName());
            }
        }
        return byType;
    }

    private void requireRunnersFor(ChainCatalog catalog) {
        for (ChainDefinition chain : catalog.all()) {
            for (int index = 0; index < chain.steps().size(); index++) {
                StepDefinition step = chain.steps().get(index);
                if (!runners.containsKey(step.type())) {
                    throw new IllegalArgumentException(where(chain, index, step, null) + " is a "
                            + step.type().yamlName() + " step, but this worker has no runner for that type (it runs: "
                            + runnerTypes() + " steps); a chain file may only use the step types its workers run");
                }
            }
        }
    }

    private String runnerTypes() {
        return runners.isEmpty() ? "no"
                : String.join(", ", runners.keySet().stream().map(StepType::yamlName).toList());
    }

    /** The number of steps in the chain of {@code run}, or 0 when its chain is unknown. */
    public int stepsOf(RunRequest run) {
        return catalog.find(run.request().chain()).map(chain -> chain.steps().size()).orElse(0);
    }

    /** The name of the first step of {@code run}'s chain, or {@code null} when it is unknown. */
    public String firstStepOf(RunRequest run) {
        return catalog.find(run.request().chain()).map(chain -> chain.steps().get(0).name()).orElse(null);
    }

    /**
     * Runs the chain of {@code run}, or what is left of it.
     *
     * @param run      what to answer
     * @param listener told after every finished step, the resumed ones included
     * @return the answer or the reason it failed, with the finished steps (the resumed ones included)
     * @throws InterruptedException when the worker is stopping; nothing is to be published then
     */
    public ChainOutcome run(RunRequest run, StepListener listener) throws InterruptedException {
        JobRequest request = run.request();
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
                ? runSteps(run, chain, listener)
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

    private ChainOutcome runSteps(RunRequest run, ChainDefinition chain, StepListener listener)
            throws InterruptedException {
        Deadline deadline = Deadline.after(settings.deadline(), "chain deadline of " + settings.deadline(),
                ErrorCode.CHAIN_DEADLINE_EXCEEDED);
        List<StepDefinition> definitions = chain.steps();
        List<StepResult> steps = new ArrayList<>();
        Map<String, String> outputs = new HashMap<>();
        long fence = checkpoints.begin(run.runId());
        for (StepResult resumed : resumedSteps(run, chain)) {
            finished(resumed, definitions, steps, outputs, listener);
        }
        for (int index = steps.size(); index < definitions.size(); index++) {
            StepDefinition definition = definitions.get(index);
            String model = null;
            try {
                model = chain.modelFor(chain.agentOf(definition), run.request().model(), settings.defaultModel());
                if (deadline.passed()) {
                    return ChainOutcome.failed(chain.version(), steps, ErrorCode.CHAIN_DEADLINE_EXCEEDED.error(
                            where(chain, index, definition, model) + " not started: the " + deadline.description()
                                    + " passed. What to do: " + ErrorCode.CHAIN_DEADLINE_EXCEEDED.advice(), 0));
                }
                StepResult step = runStep(new StepContext(run, chain, index, definition, model, outputs, deadline));
                checkpoints.save(run.runId(), fence, step);
                metrics.stepFinished(chain.name(), step);
                finished(step, definitions, steps, outputs, listener);
            } catch (StepFailedException e) {
                log.warn("run {} fingerprint {} chain {} step {} failed on {} after {} attempt(s) ({}): {} {}",
                        run.runId(), run.fingerprint(), chain.name(), definition.name(), e.host(), e.attempts(),
                        e.why(), e.code(), e.detail());
                return ChainOutcome.failed(chain.version(), steps, e.code().error(
                        describe(chain, index, definition, model, e), e.attempts()));
            } catch (RuntimeException e) {
                log.error("run {} fingerprint {} chain {} step {} failed in the worker", run.runId(),
                        run.fingerprint(), chain.name(), definition.name(), e);
                return ChainOutcome.failed(chain.version(), steps, ErrorCode.WORKER_ERROR.error(
                        where(chain, index, definition, model) + " failed in the worker (run " + run.runId()
                                + "); " + ErrorCode.WORKER_ERROR.advice(), 1));
            }
        }
        return ChainOutcome.completed(chain.version(), steps);
    }

    /** Hands the step to the runner of its type (there is one: the constructor checked every chain). */
    private StepResult runStep(StepContext context) throws StepFailedException, InterruptedException {
        StepResult step = runners.get(context.step().type()).run(context);
        log.debug("run {} chain {} step {} done on {} in {} ms, {} + {} tokens", context.run().runId(),
                context.chain().name(), step.name(), step.host(), step.duration().toMillis(),
                step.tokens().promptTokens(), step.tokens().completionTokens());
        return step;
    }

    private static void finished(StepResult step, List<StepDefinition> definitions, List<StepResult> steps,
                                 Map<String, String> outputs, StepListener listener) {
        steps.add(step);
        outputs.put(step.name(), step.output());
        String next = step.index() + 1 < definitions.size() ? definitions.get(step.index() + 1).name() : null;
        listener.stepFinished(step, definitions.size(), next);
    }

    /** The steps recorded by an earlier delivery of this run that still fit the chain, from the first on. */
    private List<StepResult> resumedSteps(RunRequest run, ChainDefinition chain) {
        List<StepDefinition> definitions = chain.steps();
        List<StepResult> recorded = checkpoints.load(run.runId(), definitions.size());
        int usable = 0;
        while (usable < recorded.size() && usable < definitions.size() && recorded.get(usable).index() == usable
                && recorded.get(usable).name().equals(definitions.get(usable).name())) {
            usable++;
        }
        if (usable < recorded.size()) {
            log.warn("run {} fingerprint {}: {} recorded step(s) of chain {} do not fit it, running them again",
                    run.runId(), run.fingerprint(), recorded.size() - usable, chain.name());
        }
        if (usable > 0) {
            log.info("run {} fingerprint {}: chain {} resumes at step {} of {}, reusing {} recorded step(s)",
                    run.runId(), run.fingerprint(), chain.name(), usable + 1, definitions.size(), usable);
            metrics.stepsReused(chain.name(), usable);
        }
        return recorded.subList(0, usable);
    }

    /**
     * The public text of a failed step: where in the chain, how many attempts, why no more and the code's title and
     * advice. Never the host nor what the host or the connection said (a URL, an exception's text): those are in
     * this worker's log line for the run.
     */
    private static String describe(ChainDefinition chain, int index, StepDefinition definition, String model,
                                   StepFailedException e) {
        return where(chain, index, definition, model) + " failed after " + e.attempts() + " attempt(s) (" + e.why()
                + "): " + e.code().title() + ". What to do: " + e.code().advice().replace("<model>", model);
    }

    /** Where in the chain, for messages; {@code model} is {@code null} when it could not be chosen. */
    private static String where(ChainDefinition chain, int index, StepDefinition definition, String model) {
        return "chain " + chain.name() + " step " + (index + 1) + " of " + chain.steps().size() + " \""
                + definition.name() + "\" (agent " + definition.agent() + (model != null ? ", model " + model : "")
                + ")";
    }
}
