package io.askflow.core.chain;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The chains a deployment knows, by name: the built-in ones on the classpath ({@code chains/*.yaml},
 * {@code answer} and {@code research}) plus every {@code *.yaml} / {@code *.yml} file of the configured
 * directories. Every file is validated when loaded, so a bad chain stops the start-up with a message that
 * names the file, the line, the key and the fault. A directory's chain may replace a built-in chain of the
 * same name; two files of the directories may not share a name. Immutable and thread-safe.
 *
 * <p>The API and the workers must load the same files: the chain's {@link ChainDefinition#version()} is
 * part of every fingerprint, and a worker refuses a run whose chain version it does not have.
 */
public final class ChainCatalog {

    /** Where the built-in chains live on the classpath. */
    public static final String BUILT_IN_PATTERN = "classpath*:chains/*.yaml";

    /** The chain a job runs when it names none. */
    public static final String DEFAULT_CHAIN = "answer";

    /**
     * The model of a step when neither its agent, the job nor the chain names one: the workers' default
     * ({@code askflow.workers.default-model}) unless configured otherwise.
     */
    public static final String DEFAULT_MODEL = "llama3.2";

    private static final Logger log = LoggerFactory.getLogger(ChainCatalog.class);

    private final Map<String, ChainDefinition> chains;

    private ChainCatalog(Map<String, ChainDefinition> chains) {
        this.chains = Collections.unmodifiableMap(new TreeMap<>(chains));
    }

    /** The built-in chains only. */
    public static ChainCatalog fromClasspath() {
        return load(List.of());
    }

    /**
     * The built-in chains plus every chain file in {@code directories}.
     *
     * @throws ChainDefinitionException when a file is invalid, a directory is missing or two files share a name
     */
    public static ChainCatalog load(Collection<Path> directories) {
        Map<String, ChainDefinition> chains = new HashMap<>();
        Map<String, String> sources = new HashMap<>();
        for (Map.Entry<String, String> file : builtInFiles().entrySet()) {
            add(chains, sources, file.getKey(), ChainDefinition.fromYaml(file.getKey(), file.getValue()), false);
        }
        Map<String, String> builtInSources = Map.copyOf(sources);
        for (Path directory : directories) {
            for (Path file : chainFiles(directory)) {
                String source = file.toString();
                ChainDefinition chain = ChainDefinition.fromYaml(source, read(file));
                boolean replacesBuiltIn = builtInSources.containsKey(chain.name())
                        && builtInSources.get(chain.name()).equals(sources.get(chain.name()));
                add(chains, sources, source, chain, replacesBuiltIn);
            }
        }
        return new ChainCatalog(chains);
    }

    /** A catalog of exactly these chains (for tests and tools). */
    public static ChainCatalog of(ChainDefinition... chains) {
        Map<String, ChainDefinition> byName = new HashMap<>();
        Map<String, String> sources = new HashMap<>();
        Arrays.stream(chains).forEach(chain -> add(byName, sources, chain.name(), chain, false));
        return new ChainCatalog(byName);
    }

    /** The chain called {@code name}, if there is one. */
    public Optional<ChainDefinition> find(String name) {
        return Optional.ofNullable(name == null ? null : chains.get(name));
    }

    /**
     * The chain called {@code name}.
     *
     * @throws UnknownChainException naming the known chains when there is none
     */
    public ChainDefinition require(String name) {
        return find(name).orElseThrow(() -> new UnknownChainException(name, names()));
    }

    /** The names of all chains, sorted. */
    public SortedSet<String> names() {
        return Collections.unmodifiableSortedSet(new TreeSet<>(chains.keySet()));
    }

    /** All chains, sorted by name. */
    public Collection<ChainDefinition> all() {
        return chains.values();
    }

    private static void add(Map<String, ChainDefinition> chains, Map<String, String> sources, String source,
                            ChainDefinition chain, boolean replacesBuiltIn) {
        String earlier = sources.get(chain.name());
        if (earlier != null && !replacesBuiltIn) {
            throw new ChainDefinitionException(source, 0, "name",
                    "duplicate chain name \"" + chain.name() + "\" (also in " + earlier + ")");
        }
        if (replacesBuiltIn) {
            log.info("chain {} version {} from {} replaces the built-in {}", chain.name(), chain.version(), source,
                    earlier);
        }
        chains.put(chain.name(), chain);
        sources.put(chain.name(), source);
    }

    private static Map<String, String> builtInFiles() {
        try {
            Resource[] resources = new PathMatchingResourcePatternResolver(ChainCatalog.class.getClassLoader())
                    .getResources(BUILT_IN_PATTERN);
            Map<String, String> files = new TreeMap<>();
            for (Resource resource : resources) {
                String source = "chains/" + resource.getFilename();
                if (files.containsKey(source)) {
                    source = resource.getURL().toString();
                }
                try (InputStream in = resource.getInputStream()) {
                    files.put(source, new String(in.readAllBytes(), StandardCharsets.UTF_8));
                }
            }
            return files;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the built-in chains " + BUILT_IN_PATTERN, e);
        }
    }

    private static List<Path> chainFiles(Path directory) {
        if (!Files.isDirectory(directory)) {
            throw new ChainDefinitionException(directory.toString(), 0, null,
                    "not a directory: set the chain directories to existing directories of *.yaml files");
        }
        try (Stream<Path> files = Files.list(directory)) {
            List<Path> chainFiles = new ArrayList<>(files
                    .filter(Files::isRegularFile)
                    .filter(file -> file.getFileName().toString().matches(".*\\.ya?ml"))
                    .toList());
            chainFiles.sort(Comparator.comparing(Path::toString));
            return chainFiles;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list chain directory " + directory, e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ChainDefinitionException(file.toString(), 0, null, "cannot read: " + e.getMessage(), e);
        }
    }
}
