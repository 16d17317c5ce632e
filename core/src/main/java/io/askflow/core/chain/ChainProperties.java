package io.askflow.core.chain;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.nio.file.Path;
import java.util.List;

/**
 * Where chains come from ({@code askflow.chains.*}); the api and the workers read the same setting,
 * so a job is checked against the chains the workers will run.
 *
 * @param directories directories whose {@code *.yaml} chain files are loaded besides the built-in ones
 *                    ({@code answer}, {@code research}); a file there may replace a built-in chain
 */
@ConfigurationProperties("askflow.chains")
public record ChainProperties(List<Path> directories) {

    public ChainProperties {
        directories = directories == null ? List.of() : List.copyOf(directories);
    }
}
