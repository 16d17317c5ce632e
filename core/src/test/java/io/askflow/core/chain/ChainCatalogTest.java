package io.askflow.core.chain;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ChainCatalogTest {

    private static final String CUSTOM = """
            name: %s
            agents:
              poet:
                role: Poet
                goal: Answer in verse.
            tasks:
              - name: poem
                description: Write a short poem that answers {question}
                agent: poet
            """;

    @TempDir
    Path dir;

    @Test
    void shouldLoadTheBuiltInChains() {
        ChainCatalog catalog = ChainCatalog.fromClasspath();

        assertThat(catalog.names()).containsExactly("answer", "research");
        ChainDefinition answer = catalog.require("answer");
        assertThat(answer.steps()).extracting(StepDefinition::name).containsExactly("answer");
        assertThat(answer.agents()).containsOnlyKeys("assistant");
        assertThat(answer.agents().get("assistant").model()).isNull();
        assertThat(answer.agents().get("assistant").options()).containsEntry("temperature", 0.2);
    }

    @Test
    void shouldPassContextAlongTheResearchChain() {
        ChainDefinition research = ChainCatalog.fromClasspath().require("research");

        assertThat(research.steps()).extracting(StepDefinition::name).containsExactly("research", "draft", "review");
        assertThat(research.steps()).extracting(StepDefinition::agent)
                .containsExactly("researcher", "writer", "reviewer");
        assertThat(research.steps().get(1).context()).containsExactly("research");
        assertThat(research.steps().get(2).context()).containsExactly("research", "draft");
    }

    @Test
    void shouldFindNothingForAnUnknownName() {
        ChainCatalog catalog = ChainCatalog.fromClasspath();

        assertThat(catalog.find("nope")).isEmpty();
        assertThat(catalog.find(null)).isEmpty();
        assertThatThrownBy(() -> catalog.require("nope"))
                .isInstanceOf(UnknownChainException.class)
                .hasMessage("unknown chain \"nope\" (known: answer, research)");
    }

    @Test
    void shouldAddTheChainsOfADirectory() throws IOException {
        Files.writeString(dir.resolve("poem.yaml"), CUSTOM.formatted("poem"));
        Files.writeString(dir.resolve("notes.txt"), "not a chain");

        ChainCatalog catalog = ChainCatalog.load(List.of(dir));

        assertThat(catalog.names()).containsExactly("answer", "poem", "research");
    }

    @Test
    void shouldLetADirectoryReplaceABuiltInChain() throws IOException {
        Files.writeString(dir.resolve("my-answer.yml"), CUSTOM.formatted("answer"));

        ChainDefinition answer = ChainCatalog.load(List.of(dir)).require("answer");

        assertThat(answer.agents()).containsOnlyKeys("poet");
        assertThat(answer.version()).isNotEqualTo(ChainCatalog.fromClasspath().require("answer").version());
    }

    @Test
    void shouldRefuseTwoFilesWithOneChainName() throws IOException {
        Files.writeString(dir.resolve("a.yaml"), CUSTOM.formatted("poem"));
        Files.writeString(dir.resolve("b.yaml"), CUSTOM.formatted("poem"));

        assertThatThrownBy(() -> ChainCatalog.load(List.of(dir)))
                .isInstanceOf(ChainDefinitionException.class)
                .hasMessage(dir.resolve("b.yaml") + ": name: duplicate chain name \"poem\" (also in "
                        + dir.resolve("a.yaml") + ")");
    }

    @Test
    void shouldRefuseAMissingDirectory() {
        Path missing = dir.resolve("missing");

        assertThatThrownBy(() -> ChainCatalog.load(List.of(missing)))
                .isInstanceOf(ChainDefinitionException.class)
                .hasMessageStartingWith(missing + ": not a directory");
    }

    @Test
    void shouldNameTheFileOfABadChain() throws IOException {
        Files.writeString(dir.resolve("broken.yaml"), CUSTOM.formatted("broken").replace("agent: poet", "agent: poem"));

        assertThatThrownBy(() -> ChainCatalog.load(List.of(dir)))
                .hasMessage(dir.resolve("broken.yaml") + ":9: tasks[0].agent: unknown agent \"poem\" (known: poet)");
    }

    @Test
    void shouldPickTheModelOfAStep() {
        ChainDefinition chain = ChainDefinition.fromYaml("chains/models.yaml", """
                name: models
                model: qwen2.5
                agents:
                  pinned: {role: R, goal: G, model: mistral}
                  free: {role: R, goal: G}
                tasks:
                  - {name: one, description: "{question}", agent: pinned}
                  - {name: two, description: "{one}", agent: free}
                """);
        AgentDefinition pinned = chain.agents().get("pinned");
        AgentDefinition free = chain.agents().get("free");

        assertThat(chain.modelFor(pinned, "llama3.2", "llama3.2")).isEqualTo("mistral");
        assertThat(chain.modelFor(free, "gemma3", "llama3.2")).isEqualTo("gemma3");
        assertThat(chain.modelFor(free, null, "llama3.2")).isEqualTo("qwen2.5");
        assertThat(ChainCatalog.fromClasspath().require("answer")
                .modelFor(ChainCatalog.fromClasspath().require("answer").agents().get("assistant"), null, "llama3.2"))
                .isEqualTo("llama3.2");
    }
}
