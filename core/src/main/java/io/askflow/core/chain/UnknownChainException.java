package io.askflow.core.chain;

import java.util.Collection;
import java.util.NoSuchElementException;

/** Thrown when a job names a chain the catalog does not hold. */
public class UnknownChainException extends NoSuchElementException {

    private final String name;

    public UnknownChainException(String name, Collection<String> known) {
        super("unknown chain \"" + name + "\" (known: " + String.join(", ", known) + ")");
        this.name = name;
    }

    /** The name asked for. */
    public String name() {
        return name;
    }
}
