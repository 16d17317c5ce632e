package io.askflow.core.chain;

import io.askflow.core.fingerprint.Sha256;
import io.askflow.core.json.CanonicalJson;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The version of a chain: the first 12 hex digits of a SHA-256 over the chain's canonical content.
 *
 * <p>The canonical content is the validated chain (name, description, model, every agent with its
 * options, every step in order, under the key {@code tasks} as in the file) written as JSON with keys sorted
 * at every depth and numbers without trailing zeros. So comments, key order, quoting and indentation do not
 * change the version; any change of a prompt, an option, a model, a step's type or the order of steps does.
 *
 * <p>A step's type is part of the content only when it is not {@link StepType#CHAT}: chat steps are written
 * as they were before steps had types, so that the chains of that time keep their versions, and with them
 * the fingerprints of their questions and the answers cached under those. Saying {@code type: chat} or
 * leaving it out is the same chain, with the same version.
 */
public final class ChainVersion {

    /** Hex digits kept from the digest. */
    public static final int LENGTH = 12;

    private ChainVersion() {
    }

    /** The version of a chain with this content (the {@code version} field is not part of it). */
    public static String of(String name, String description, String model, Map<String, AgentDefinition> agents,
                            List<StepDefinition> steps) {
        Map<String, Object> content = new LinkedHashMap<>();
        content.put("name", name);
        content.put("description", description);
        content.put("model", model);
        Map<String, Object> agentContent = new TreeMap<>();
        agents.forEach((key, agent) -> agentContent.put(key, Map.of(
                "role", agent.role(), "goal", agent.goal(), "backstory", agent.backstory(),
                "model", agent.model() == null ? "" : agent.model(), "options", agent.options())));
        content.put("agents", agentContent);
        content.put("tasks", steps.stream().map(ChainVersion::stepContent).toList());
        return Sha256.hex(CanonicalJson.write(content)).substring(0, LENGTH);
    }

    private static Map<String, Object> stepContent(StepDefinition step) {
        Map<String, Object> content = new LinkedHashMap<>();
        content.put("name", step.name());
        content.put("description", step.description());
        content.put("expected_output", step.expectedOutput());
        content.put("agent", step.agent());
        content.put("context", step.context());
        if (step.type() != StepType.CHAT) {
            content.put("type", step.type().yamlName());
        }
        return content;
    }
}
