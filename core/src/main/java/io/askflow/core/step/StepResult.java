package io.askflow.core.step;

import java.time.Duration;

/**
 * One finished step of a chain run: one agent's LLM call.
 *
 * @param index    0-based position in the chain
 * @param name     the chain task's name
 * @param agent    the agent's role
 * @param model    the model that answered
 * @param host     the Ollama host that answered
 * @param output   the step's output
 * @param tokens   tokens counted by Ollama
 * @param duration how long the call took
 */
public record StepResult(int index, String name, String agent, String model, String host, String output,
                         TokenUsage tokens, Duration duration) {
}
