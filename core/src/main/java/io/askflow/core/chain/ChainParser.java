package io.askflow.core.chain;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Reads one chain file node by node, so that every fault names its line and key. SnakeYAML only
 * composes the node tree here (no object construction from tags), which is safe on untrusted input.
 *
 * <p>The file lists the chain's steps under {@code tasks}, CrewAI's word, which its users know; here they
 * are steps. Faults name the file's keys ({@code tasks[1].agent}) and speak of tasks as the file does.
 * A step's {@code type} is optional and means {@link StepType#CHAT} when left out.
 */
final class ChainParser {

    private static final List<String> CHAIN_KEYS = List.of("name", "description", "model", "agents", "tasks");
    private static final List<String> AGENT_KEYS = List.of("role", "goal", "backstory", "model", "options");
    private static final List<String> STEP_KEYS = List.of("name", "type", "description", "expected_output",
            "agent", "context");

    private final String source;
    private final ValueConstructor values = new ValueConstructor();

    ChainParser(String source) {
        this.source = source;
    }

    ChainDefinition parse(String yaml) {
        Node root = compose(yaml);
        if (!(root instanceof MappingNode)) {
            throw fault(root, null, "a chain file is a mapping with the keys name, agents and tasks");
        }
        Map<String, Node> chain = mapping(root, "", CHAIN_KEYS);
        String name = chain.containsKey("name") ? name(chain.get("name"), "name") : nameFromSource(root);
        String description = optionalText(chain, "description", "");
        String model = optionalText(chain, "model", "");
        Map<String, AgentDefinition> agents = agents(required(chain, "agents", root, ""));
        List<StepDefinition> steps = steps(required(chain, "tasks", root, ""), agents);
        String version = ChainVersion.of(name, description, model, agents, steps);
        return new ChainDefinition(name, version, description, model, agents, steps);
    }

    private Node compose(String yaml) {
        Node root;
        try {
            root = new Yaml(new LoaderOptions()).compose(new StringReader(yaml));
        } catch (MarkedYAMLException e) {
            int line = e.getProblemMark() != null ? e.getProblemMark().getLine() + 1 : 0;
            throw new ChainDefinitionException(source, line, null, "bad YAML: " + e.getProblem(), e);
        } catch (YAMLException e) {
            throw new ChainDefinitionException(source, 0, null, "bad YAML: " + e.getMessage(), e);
        }
        if (root == null) {
            throw new ChainDefinitionException(source, 0, null, "empty file: a chain needs name, agents and tasks");
        }
        return root;
    }

    private String nameFromSource(Node root) {
        String file = source.substring(Math.max(source.lastIndexOf('/'), source.lastIndexOf('\\')) + 1);
        String base = file.replaceFirst("\\.ya?ml$", "");
        if (!PromptTemplate.NAME.matcher(base).matches()) {
            throw fault(root, "name", "required (the file name \"" + base + "\" is not a valid chain name)");
        }
        return base;
    }

    private Map<String, AgentDefinition> agents(Node node) {
        Map<String, Node> byName = mapping(node, "agents", null);
        if (byName.isEmpty()) {
            throw fault(node, "agents", "a chain needs at least one agent");
        }
        Map<String, AgentDefinition> agents = new LinkedHashMap<>();
        byName.forEach((name, agentNode) -> {
            String path = "agents." + name;
            checkName(name, agentNode, path);
            Map<String, Node> agent = mapping(agentNode, path, AGENT_KEYS);
            String role = requiredText(agent, "role", agentNode, path);
            String goal = requiredText(agent, "goal", agentNode, path);
            String backstory = optionalText(agent, "backstory", path);
            for (String field : List.of("role", "goal", "backstory")) {
                if (agent.containsKey(field)) {
                    checkPlaceholders(agent.get(field), path + "." + field, Set.of(), null);
                }
            }
            String model = optionalText(agent, "model", path);
            Map<String, Object> options = agent.containsKey("options")
                    ? options(agent.get("options"), path + ".options") : Map.of();
            agents.put(name, new AgentDefinition(name, role, goal, backstory, model, options));
        });
        return agents;
    }

    private Map<String, Object> options(Node node, String path) {
        Map<String, Object> options = new LinkedHashMap<>();
        mapping(node, path, null).forEach((key, valueNode) -> {
            String optionPath = path + "." + key;
            if (!OllamaOptions.isValidName(key)) {
                throw fault(valueNode, optionPath, "not an Ollama option name (lower case, digits and _)");
            }
            Object value = values.construct(valueNode);
            checkOption(key, value, valueNode, optionPath);
            options.put(key, value);
        });
        return options;
    }

    private void checkOption(String key, Object value, Node node, String path) {
        OllamaOptions.expected(key, value).ifPresent(expected -> {
            throw fault(node, path, "expected " + expected + ", found " + describe(node));
        });
    }

    private List<StepDefinition> steps(Node node, Map<String, AgentDefinition> agents) {
        if (!(node instanceof SequenceNode sequence)) {
            throw fault(node, "tasks", "expected a list of tasks, found " + describe(node));
        }
        if (sequence.getValue().isEmpty()) {
            throw fault(node, "tasks", "a chain needs at least one task");
        }
        List<StepDefinition> steps = new ArrayList<>();
        Map<String, Integer> earlier = new LinkedHashMap<>();
        Map<String, Integer> all = allStepNames(sequence);
        for (Node stepNode : sequence.getValue()) {
            int index = steps.size();
            String path = "tasks[" + index + "]";
            Map<String, Node> step = mapping(stepNode, path, STEP_KEYS);
            String name = stepName(step, stepNode, path, earlier);
            StepType type = stepType(step, path);
            String description = requiredText(step, "description", stepNode, path);
            String expectedOutput = optionalText(step, "expected_output", path);
            String agent = requiredText(step, "agent", stepNode, path);
            if (!agents.containsKey(agent)) {
                throw fault(step.get("agent"), path + ".agent", "unknown agent \"" + agent + "\" (known: "
                        + String.join(", ", agents.keySet()) + ")");
            }
            checkPlaceholders(step.get("description"), path + ".description", earlier.keySet(), all);
            if (step.containsKey("expected_output")) {
                checkPlaceholders(step.get("expected_output"), path + ".expected_output", earlier.keySet(), all);
            }
            List<String> context = step.containsKey("context")
                    ? context(step.get("context"), path + ".context", name, earlier, all) : List.of();
            steps.add(new StepDefinition(name, type, description, expectedOutput, agent, context));
            earlier.put(name, index);
        }
        return steps;
    }

    /** The step's {@code type}: {@link StepType#CHAT} when left out. */
    private StepType stepType(Map<String, Node> step, String path) {
        Node node = step.get("type");
        if (node == null) {
            return StepType.CHAT;
        }
        String typePath = path + ".type";
        String name = text(node, typePath).strip();
        return StepType.fromYamlName(name).orElseThrow(() -> fault(node, typePath,
                "unknown step type \"" + name + "\" (known: " + StepType.yamlNames() + ")"));
    }

    private Map<String, Integer> allStepNames(SequenceNode sequence) {
        Map<String, Integer> names = new HashMap<>();
        List<Node> items = sequence.getValue();
        for (int i = 0; i < items.size(); i++) {
            if (items.get(i) instanceof MappingNode mapping) {
                for (NodeTuple tuple : mapping.getValue()) {
                    if (tuple.getKeyNode() instanceof ScalarNode key && key.getValue().equals("name")
                            && tuple.getValueNode() instanceof ScalarNode value) {
                        names.putIfAbsent(value.getValue(), i);
                    }
                }
            }
        }
        return names;
    }

    private String stepName(Map<String, Node> step, Node stepNode, String path, Map<String, Integer> earlier) {
        Node nameNode = required(step, "name", stepNode, path);
        String name = name(nameNode, path + ".name");
        if (name.equals(PromptTemplate.QUESTION)) {
            throw fault(nameNode, path + ".name", "\"question\" is reserved for the job's question");
        }
        if (earlier.containsKey(name)) {
            throw fault(nameNode, path + ".name", "duplicate task name \"" + name + "\" (also tasks["
                    + earlier.get(name) + "])");
        }
        return name;
    }

    private List<String> context(Node node, String path, String self, Map<String, Integer> earlier,
                                 Map<String, Integer> all) {
        if (!(node instanceof SequenceNode sequence)) {
            throw fault(node, path, "expected a list of earlier task names, found " + describe(node));
        }
        List<String> context = new ArrayList<>();
        for (Node item : sequence.getValue()) {
            String itemPath = path + "[" + context.size() + "]";
            String name = text(item, itemPath);
            if (name.equals(self)) {
                throw fault(item, itemPath, "a task cannot be its own context");
            }
            if (!earlier.containsKey(name)) {
                throw fault(item, itemPath, all.containsKey(name)
                        ? "task \"" + name + "\" runs later (tasks[" + all.get(name)
                                + "]); context may only name earlier tasks"
                        : "unknown task \"" + name + "\" (earlier tasks: " + listOrNone(earlier.keySet()) + ")");
            }
            if (context.contains(name)) {
                throw fault(item, itemPath, "task \"" + name + "\" is listed twice");
            }
            context.add(name);
        }
        return context;
    }

    private void checkPlaceholders(Node node, String path, Set<String> earlierSteps, Map<String, Integer> all) {
        Set<String> allowed = new LinkedHashSet<>();
        allowed.add(PromptTemplate.QUESTION);
        allowed.addAll(earlierSteps);
        for (String placeholder : PromptTemplate.placeholders(text(node, path))) {
            if (allowed.contains(placeholder)) {
                continue;
            }
            String allowedList = allowed.stream().map(a -> "{" + a + "}").collect(Collectors.joining(", "));
            if (all != null && all.containsKey(placeholder)) {
                throw fault(node, path, "placeholder {" + placeholder + "} names a task that has not run yet"
                        + " (allowed: " + allowedList + ")");
            }
            throw fault(node, path, "unknown placeholder {" + placeholder + "} (allowed: " + allowedList + ")");
        }
    }

    private Map<String, Node> mapping(Node node, String path, List<String> allowedKeys) {
        if (!(node instanceof MappingNode mapping)) {
            throw fault(node, path, "expected a mapping, found " + describe(node));
        }
        Map<String, Node> entries = new LinkedHashMap<>();
        for (NodeTuple tuple : mapping.getValue()) {
            Node keyNode = tuple.getKeyNode();
            if (!(keyNode instanceof ScalarNode scalarKey)) {
                throw fault(keyNode, path, "keys must be plain text");
            }
            String key = scalarKey.getValue();
            String keyPath = path.isEmpty() ? key : path + "." + key;
            if (allowedKeys != null && !allowedKeys.contains(key)) {
                throw fault(keyNode, keyPath, "unknown key (known: " + String.join(", ", allowedKeys) + ")");
            }
            if (entries.containsKey(key)) {
                throw fault(keyNode, keyPath, "duplicate key");
            }
            entries.put(key, tuple.getValueNode());
        }
        return entries;
    }

    private Node required(Map<String, Node> map, String key, Node parent, String path) {
        Node node = map.get(key);
        if (node == null) {
            throw fault(parent, path.isEmpty() ? key : path + "." + key, "required");
        }
        return node;
    }

    private String requiredText(Map<String, Node> map, String key, Node parent, String path) {
        String keyPath = path.isEmpty() ? key : path + "." + key;
        Node node = required(map, key, parent, path);
        String value = text(node, keyPath);
        if (value.isBlank()) {
            throw fault(node, keyPath, "must not be empty");
        }
        return value.strip();
    }

    private String optionalText(Map<String, Node> map, String key, String path) {
        Node node = map.get(key);
        return node == null ? "" : text(node, path.isEmpty() ? key : path + "." + key).strip();
    }

    private String name(Node node, String path) {
        String name = text(node, path).strip();
        if (!PromptTemplate.NAME.matcher(name).matches()) {
            throw fault(node, path, "\"" + name + "\" is not a valid name"
                    + " (letters, digits, _ and -, starting with a letter, at most 64)");
        }
        return name;
    }

    private void checkName(String name, Node node, String path) {
        if (!PromptTemplate.NAME.matcher(name).matches()) {
            throw fault(node, path, "\"" + name + "\" is not a valid name"
                    + " (letters, digits, _ and -, starting with a letter, at most 64)");
        }
    }

    private String text(Node node, String path) {
        if (!(node instanceof ScalarNode scalar)) {
            throw fault(node, path, "expected text, found " + describe(node));
        }
        return scalar.getValue();
    }

    private static String describe(Node node) {
        if (node instanceof MappingNode) {
            return "a mapping";
        }
        if (node instanceof SequenceNode) {
            return "a list";
        }
        return "\"" + ((ScalarNode) node).getValue() + "\"";
    }

    private static String listOrNone(Set<String> names) {
        return names.isEmpty() ? "none" : String.join(", ", names);
    }

    private ChainDefinitionException fault(Node node, String key, String fault) {
        int line = node == null || node.getStartMark() == null ? 0 : node.getStartMark().getLine() + 1;
        return new ChainDefinitionException(source, line, key, fault);
    }

    /** Builds plain Java values (numbers, text, booleans, lists) from option nodes, with YAML's own typing. */
    private static final class ValueConstructor extends SafeConstructor {

        ValueConstructor() {
            super(new LoaderOptions());
        }

        Object construct(Node node) {
            return constructObject(node);
        }
    }
}
