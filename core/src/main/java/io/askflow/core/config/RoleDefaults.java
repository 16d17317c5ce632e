package io.askflow.core.config;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ClassPathResource;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Loads each role's defaults from the {@code application.yaml} in its application class's package
 * (for example {@code io/askflow/api/application.yaml}), with the lowest precedence.
 *
 * <p>In dev mode the api, the pipeline and the workers run as three Spring Boot applications in one
 * JVM; a root {@code application.yaml} per module would shadow the others' on the shared classpath.
 * Keeping each role's file in its own package gives every application its own defaults, and leaves
 * the usual places ({@code ./application.yaml}, {@code config/}, environment variables) to the
 * operator, all of which override these.
 */
public class RoleDefaults implements EnvironmentPostProcessor {

    private final YamlPropertySourceLoader yaml = new YamlPropertySourceLoader();

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        for (Object source : application.getAllSources()) {
            if (source instanceof Class<?> type && type.getPackageName().startsWith("io.askflow.")) {
                String path = type.getPackageName().replace('.', '/') + "/application.yaml";
                ClassPathResource resource = new ClassPathResource(path, type.getClassLoader());
                if (resource.exists()) {
                    load(path, resource).forEach(environment.getPropertySources()::addLast);
                }
            }
        }
    }

    private java.util.List<PropertySource<?>> load(String path, ClassPathResource resource) {
        try {
            return yaml.load("askflow role defaults (" + path + ")", resource);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path, e);
        }
    }
}
