/**
 * Running chains: {@link io.askflow.workers.chain.ChainExecutor} runs the steps of a chain one after the
 * other, each by the {@link io.askflow.workers.step.StepRunner} of its type (a {@code chat} step is one Ollama
 * call by its agent, see {@link io.askflow.workers.step.ChatStepRunner}); every finished step goes to
 * {@link io.askflow.workers.chain.Checkpoints} before the next starts, and a run delivered again resumes after
 * the steps it finds there. The chain deadline, progress, metrics and the run's outcome (a failure as data,
 * with its {@link io.askflow.core.error.ErrorCode}) are this package's; what one step does is
 * {@code io.askflow.workers.step}'s.
 */
package io.askflow.workers.chain;
