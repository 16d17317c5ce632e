package io.askflow.api.job;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

import java.util.List;

/**
 * Which models callers may name ({@code askflow.api.models.*}).
 *
 * @param allowed the models a job's {@code model} may name, exactly as Ollama names them (e.g.
 *                {@code llama3.2}, {@code qwen2.5:7b}); empty (the default) allows any. The models the chain files
 *                name are the operator's choice and are not checked
 */
@Validated
@ConfigurationProperties("askflow.api.models")
public record ModelsProperties(List<String> allowed) {

    /** Any model. */
    public static final ModelsProperties ANY = new ModelsProperties(List.of());

    public ModelsProperties {
        allowed = allowed == null ? List.of() : allowed.stream().map(String::strip).filter(m -> !m.isEmpty())
                .distinct().toList();
    }

    /** Whether a job may name {@code model}. */
    public boolean allows(String model) {
        return allowed.isEmpty() || allowed.contains(model);
    }
}
