package io.askflow.workers.step;

import io.askflow.core.chain.AgentDefinition;
import io.askflow.core.chain.StepType;
import io.askflow.core.job.JobRequest;
import io.askflow.core.step.StepResult;
import io.askflow.core.step.TokenUsage;
import io.askflow.workers.ollama.ChatCall;
import io.askflow.workers.ollama.ChatReply;
import io.askflow.workers.ollama.OllamaActivity;
import io.askflow.workers.ollama.OllamaActivityException;

import java.time.Duration;
import java.util.Objects;

/**
 * Runs {@code chat} steps: one non-streaming Ollama chat by the step's agent, through {@link OllamaActivity}
 * (slots, attempts, back-off, the step deadline and the chain deadline). The messages come from
 * {@link PromptBuilder}, the options from {@link GenerationOptions} (the agent's, overridden by the job's, with
 * {@code num_predict} capped). A failed call becomes a {@link StepFailedException} with the activity's code,
 * attempts, host, reason and detail.
 */
public final class ChatStepRunner implements StepRunner {

    private final OllamaActivity ollama;
    private final int numPredictCap;

    /**
     * @param ollama        the bounded Ollama call
     * @param numPredictCap the most tokens one step may generate ({@code askflow.workers.num-predict})
     */
    public ChatStepRunner(OllamaActivity ollama, int numPredictCap) {
        this.ollama = Objects.requireNonNull(ollama, "ollama");
        if (numPredictCap < 1) {
            throw new IllegalArgumentException("the num_predict cap must be at least 1, was " + numPredictCap);
        }
        this.numPredictCap = numPredictCap;
    }

    @Override
    public StepType type() {
        return StepType.CHAT;
    }

    @Override
    public StepResult run(StepContext context) throws StepFailedException, InterruptedException {
        AgentDefinition agent = context.agent();
        JobRequest request = context.run().request();
        ChatCall call = new ChatCall(context.model(),
                PromptBuilder.messages(agent, context.step(), request.question(), context.outputs()),
                GenerationOptions.merge(agent.options(), request.options(), numPredictCap));
        long start = System.nanoTime();
        ChatReply reply;
        try {
            reply = ollama.call(call, context.run().runId(), context.step().name(), context.deadline());
        } catch (OllamaActivityException e) {
            throw new StepFailedException(e.code(), e.attempts(), e.host(), e.why(), e.detail(), e);
        }
        Duration duration = Duration.ofNanos(System.nanoTime() - start);
        return new StepResult(context.index(), context.step().name(), agent.role(), reply.model(), reply.host(),
                reply.content(), new TokenUsage(reply.promptTokens(), reply.completionTokens()), duration);
    }
}
