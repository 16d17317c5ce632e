/**
 * Chains: multi-agent prompts as configuration, in the spirit of CrewAI's {@code agents.yaml} and
 * {@code tasks.yaml}. A chain file names its agents (role, goal, backstory, model, options) and an
 * ordered list of tasks, each run by one agent, each receiving the outputs of earlier tasks as
 * context. {@link io.askflow.core.chain.ChainCatalog} loads and validates them; the API uses a
 * chain's {@link io.askflow.core.chain.ChainDefinition#version() version} in fingerprints and the
 * workers run them.
 */
package io.askflow.core.chain;
