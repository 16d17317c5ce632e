package io.askflow.core.chain;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What kind of work a chain step is, and so what runs it: a chain file says {@code type: chat} (or leaves
 * {@code type} out, which means {@link #CHAT}). Each type needs a step runner in the workers
 * ({@code io.askflow.workers.step.StepRunner}); a worker refuses to start when a chain it loaded uses a type
 * it has no runner for.
 *
 * <p>An enum rather than free text checked against a list: the types are code, not configuration (a new
 * type is a new runner in the workers, and so a new release of this module), and the API and the workers
 * must agree on them because a step's type is part of its chain's {@linkplain ChainVersion version}. The
 * enum makes the chain parser, the version and the workers' runners agree by construction, and a switch over
 * it is checked for every type by the compiler. To add a type: a constant here with its YAML name, a runner
 * in the workers, and the type's own keys in {@code ChainParser} if it needs any.
 */
public enum StepType {

    /**
     * One chat call by the step's agent: its persona as the system message, the description, expected
     * output and context as the user message (the only type so far, and the default).
     */
    CHAT("chat");

    private final String yamlName;

    StepType(String yamlName) {
        this.yamlName = yamlName;
    }

    /** How a chain file names this type, e.g. {@code chat}. */
    public String yamlName() {
        return yamlName;
    }

    /** The type a chain file calls {@code name} (exactly, lower case), if there is one. */
    public static Optional<StepType> fromYamlName(String name) {
        return Arrays.stream(values()).filter(type -> type.yamlName.equals(name)).findFirst();
    }

    /** The YAML names of every type, comma-separated, for messages: {@code chat}. */
    public static String yamlNames() {
        return Arrays.stream(values()).map(StepType::yamlName).collect(Collectors.joining(", "));
    }
}
