package io.askflow.simulator;

import java.util.HexFormat;
import java.util.Locale;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Which model names the simulator serves, and {@code /api/tags} in Ollama's shape. */
final class ModelCatalog {

    private static final String MODIFIED_AT = "2025-01-01T00:00:00Z";
    private static final long SIZE = 2_019_393_189L;

    private ModelCatalog() {
    }

    /** True when the config lists the model; {@code name} and {@code name:latest} are the same. */
    static boolean serves(SimulatorConfig config, String model) {
        if (config.acceptAnyModel()) {
            return true;
        }
        String wanted = withTag(model);
        return config.models().stream().anyMatch(m -> withTag(m).equals(wanted));
    }

    static ObjectNode tags(SimulatorConfig config) {
        ObjectNode root = HttpIo.JSON.createObjectNode();
        ArrayNode models = root.putArray("models");
        for (String name : config.models()) {
            String tagged = withTag(name);
            String family = family(name);
            ObjectNode model = models.addObject();
            model.put("name", tagged);
            model.put("model", tagged);
            model.put("modified_at", MODIFIED_AT);
            model.put("size", SIZE);
            model.put("digest", HexFormat.of().formatHex(DeterministicRandom.sha256(tagged)));
            ObjectNode details = model.putObject("details");
            details.put("parent_model", "");
            details.put("format", "gguf");
            details.put("family", family);
            details.putArray("families").add(family);
            details.put("parameter_size", "0B (simulated)");
            details.put("quantization_level", "Q4_K_M");
        }
        return root;
    }

    static String withTag(String model) {
        String lower = model.trim().toLowerCase(Locale.ROOT);
        return lower.contains(":") ? lower : lower + ":latest";
    }

    private static String family(String name) {
        int end = 0;
        while (end < name.length() && Character.isLetter(name.charAt(end))) {
            end++;
        }
        return end == 0 ? name : name.substring(0, end);
    }
}
