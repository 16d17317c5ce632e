package io.askflow.core.chain;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class ChainsConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withUserConfiguration(ChainsConfiguration.class);

    @TempDir
    Path chains;

    @Test
    void shouldLoadTheBuiltInChainsAndTheConfiguredDirectory() throws IOException {
        Files.writeString(chains.resolve("short.yaml"), """
                name: short
                agents:
                  answerer:
                    role: Terse assistant
                    goal: Answer in one line
                    backstory: You never waste words.
                tasks:
                  - name: answer
                    description: "Answer: {question}"
                    expected_output: One line
                    agent: answerer
                """);

        runner.withPropertyValues("askflow.chains.directories=" + chains)
                .run(context -> assertThat(context.getBean(ChainCatalog.class).names())
                        .contains("answer", "research", "short"));
    }

    @Test
    void shouldStopTheStartUpWithTheFileAndTheFaultOfABadChain() throws IOException {
        Files.writeString(chains.resolve("broken.yaml"), """
                name: broken
                agents:
                  writer:
                    role: Writer
                    goal: Write
                    backstory: You write.
                tasks:
                  - name: draft
                    description: "Draft {question}"
                    expected_output: A draft
                    agent: writr
                """);

        runner.withPropertyValues("askflow.chains.directories=" + chains)
                .run(context -> assertThat(context).hasFailed().getFailure()
                        .rootCause().hasMessageContaining("broken.yaml").hasMessageContaining("writr"));
    }
}
