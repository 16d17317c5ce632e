/**
 * Chains: multi-agent prompts as configuration, in the spirit of CrewAI's {@code agents.yaml} and
 * {@code tasks.yaml}. A chain file names its agents (role, goal, backstory, model, options) and an
 * ordered list of steps under the key {@code tasks} (the word CrewAI's users know; in the code they are
 * {@linkplain io.askflow.core.chain.StepDefinition steps}). Each step has a
 * {@linkplain io.askflow.core.chain.StepType type} ({@code chat}, the default: one call of one agent),
 * and receives the outputs of the earlier steps it names as context.
 * {@link io.askflow.core.chain.ChainCatalog} loads and validates them; the API uses a chain's
 * {@link io.askflow.core.chain.ChainDefinition#version() version} in fingerprints and the workers run them,
 * each step with the runner of its type.
 */
package io.askflow.core.chain;
