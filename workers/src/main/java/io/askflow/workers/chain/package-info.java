/**
 * Running chains: {@link io.askflow.workers.chain.ChainExecutor} runs the tasks of a chain one after
 * the other, one Ollama call each, with prompts built by {@link io.askflow.workers.chain.PromptBuilder}
 * from the agent's persona, the task and the outputs of earlier tasks; every finished step goes to
 * {@link io.askflow.workers.chain.Checkpoints} before the next starts, and a run delivered again resumes after
 * the steps it finds there.
 */
package io.askflow.workers.chain;
