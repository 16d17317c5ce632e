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
 * options, every task in order) written as JSON with keys sorted at every depth and numbers without
 * trailing zeros. So comments, key order, quoting and indentation do not change the version; any
 * change of a prompt, an option, a model or the order of tasks does.
 */
public final class ChainVersion {

    /** Hex digits kept from the digest. */
    public static final int LENGTH = 12;

    private ChainVersion() {
    }

    /** The version of a chain with this content (the {@code version} field is not part of it). */
    public static String of(String name, String description, String model, Map<String, AgentDefinition> agents,
                            List<StepDefinition> tasks) {
        Map<String, Object> content = new LinkedHashMap<>();
        content.put("name", name);
        content.put("description", description);
        content.put("model", model);
        Map<String, Object> agentContent = new TreeMap<>();
        agents.forEach((key, agent) -> agentContent.put(key, Map.of(
                "role", agent.role(), "goal", agent.goal(), "backstory", agent.backstory(),
                "model", agent.model() == null ? "" : agent.model(), "options", agent.options())));
        content.put("agents", agentContent);
        content.put("tasks", tasks.stream().map(task -> Map.of(
                "name", task.name(), "description", task.description(), "expected_output", task.expectedOutput(),
                "agent", task.agent(), "context", task.context())).toList());
        return Sha256.hex(CanonicalJson.write(content)).substring(0, LENGTH);
    }
}
