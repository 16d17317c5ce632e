package io.askflow.dev.deploy;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Reads the deployment files of infra/deploy and the roles' own defaults (their application.yaml), and answers
 * what a role's setting comes to once environment variables from a ConfigMap, a compose file or an env file are
 * laid over its defaults, the way Spring Boot's relaxed binding does.
 */
final class DeployFiles {

    static final Path ROOT = projectRoot();
    static final Path DEPLOY = ROOT.resolve("infra/deploy");

    private DeployFiles() {
    }

    private static Path projectRoot() {
        Path directory = Path.of("").toAbsolutePath();
        while (directory != null && !Files.isDirectory(directory.resolve("infra/deploy"))) {
            directory = directory.getParent();
        }
        if (directory == null) {
            throw new IllegalStateException("no infra/deploy above " + Path.of("").toAbsolutePath());
        }
        return directory;
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every YAML document of every {@code .yaml} file in a directory, in file order. */
    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> documents(Path directory) {
        List<Map<String, Object>> documents = new ArrayList<>();
        try (Stream<Path> files = Files.list(directory)) {
            files.filter(file -> file.toString().endsWith(".yaml")).sorted().forEach(file -> {
                for (Object document : yaml().loadAll(read(file))) {
                    if (document != null) {
                        documents.add((Map<String, Object>) document);
                    }
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return documents;
    }

    /** One YAML (or JSON) file. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> load(Path file) {
        return (Map<String, Object>) yaml().load(read(file));
    }

    private static Yaml yaml() {
        LoaderOptions options = new LoaderOptions();
        options.setMaxAliasesForCollections(200);
        return new Yaml(options);
    }

    /** A role's packaged defaults, flattened to dotted names. */
    static Map<String, String> roleDefaults(String role) {
        Path file = ROOT.resolve(role + "/src/main/resources/io/askflow/" + role + "/application.yaml");
        Map<String, String> flat = new LinkedHashMap<>();
        flatten("", load(file), flat);
        return flat;
    }

    @SuppressWarnings("unchecked")
    private static void flatten(String prefix, Object value, Map<String, String> into) {
        if (value instanceof Map<?, ?> map) {
            map.forEach((key, child) -> flatten(prefix.isEmpty() ? key.toString() : prefix + "." + key, child, into));
        } else if (value instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                flatten(prefix + "[" + i + "]", list.get(i), into);
            }
        } else {
            into.put(prefix, String.valueOf(value));
        }
    }

    /** What a property comes to for a role given these environment variables (both of Spring's spellings). */
    static Optional<String> setting(String role, Map<String, String> environment, String property) {
        String legacy = property.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
        String canonical = property.toUpperCase(Locale.ROOT).replace('.', '_').replace("-", "");
        return Optional.ofNullable(environment.get(canonical))
                .or(() -> Optional.ofNullable(environment.get(legacy)))
                .or(() -> Optional.ofNullable(roleDefaults(role).get(property)));
    }

    /** The port of a role's actuator: management.server.port, else the server's own. */
    static int managementPort(String role, Map<String, String> environment) {
        return Integer.parseInt(setting(role, environment, "management.server.port")
                .or(() -> setting(role, environment, "server.port")).orElse("8080"));
    }

    /** Where a role's actuator answers: management.endpoints.web.base-path, by default /actuator. */
    static String actuatorBase(String role, Map<String, String> environment) {
        return setting(role, environment, "management.endpoints.web.base-path").orElse("/actuator");
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object value) {
        return value == null ? Map.of() : (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object value) {
        return value == null ? List.of() : (List<Object>) value;
    }
}
