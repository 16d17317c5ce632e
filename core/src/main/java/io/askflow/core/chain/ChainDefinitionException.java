package io.askflow.core.chain;

/**
 * A chain file that cannot be used. The message names the file, the line, the key and the fault,
 * e.g. {@code chains/research.yaml:14: tasks[1].agent: unknown agent "writr" (known: researcher, writer)}.
 */
public class ChainDefinitionException extends RuntimeException {

    private final String source;
    private final int line;
    private final String key;
    private final String fault;

    public ChainDefinitionException(String source, int line, String key, String fault) {
        this(source, line, key, fault, null);
    }

    public ChainDefinitionException(String source, int line, String key, String fault, Throwable cause) {
        super(format(source, line, key, fault), cause);
        this.source = source;
        this.line = line;
        this.key = key;
        this.fault = fault;
    }

    private static String format(String source, int line, String key, String fault) {
        StringBuilder message = new StringBuilder(source);
        if (line > 0) {
            message.append(':').append(line);
        }
        message.append(": ");
        if (key != null && !key.isEmpty()) {
            message.append(key).append(": ");
        }
        return message.append(fault).toString();
    }

    /** The file (or resource) at fault. */
    public String source() {
        return source;
    }

    /** The 1-based line of the fault, or 0 when it concerns the whole file. */
    public int line() {
        return line;
    }

    /** The key at fault, such as {@code tasks[1].agent}, or {@code null}. */
    public String key() {
        return key;
    }

    /** What is wrong, without the location. */
    public String fault() {
        return fault;
    }
}
