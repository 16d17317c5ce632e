/**
 * Chain steps by type: a {@link io.askflow.workers.step.StepRunner} runs the steps of one
 * {@link io.askflow.core.chain.StepType}, given a {@link io.askflow.workers.step.StepContext} (the run, the
 * chain, the step, the outputs of earlier steps, the chain deadline), and reports a failure as a
 * {@link io.askflow.workers.step.StepFailedException} with its error code.
 * {@link io.askflow.workers.step.ChatStepRunner} runs {@code chat} steps: one Ollama chat by the step's agent,
 * with messages from {@link io.askflow.workers.step.PromptBuilder} and options from
 * {@link io.askflow.workers.step.GenerationOptions}. A new step type is a constant of {@code StepType} and a
 * runner here, registered as a bean in {@code io.askflow.workers.config.ChainConfiguration}. This package does
 * not depend on {@code io.askflow.workers.chain}, which sequences the steps.
 */
package io.askflow.workers.step;
