package io.askflow.core.chain;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Every fault a chain file can have, and the message that names it. */
class ChainDefinitionFaultsTest {

    private static final String SOURCE = "chains/research.yaml";

    private static final String VALID = """
            name: research
            agents:
              researcher:
                role: Researcher
                goal: Find facts.
              writer:
                role: Writer
                goal: Write.
            tasks:
              - name: research
                description: Research {question}
                agent: researcher
              - name: write
                description: Write about {question} using {research}
                agent: writer
                context: [research]
            """;

    @Test
    void shouldAcceptTheValidChain() {
        ChainDefinition chain = ChainDefinition.fromYaml(SOURCE, VALID);

        assertThat(chain.name()).isEqualTo("research");
        assertThat(chain.steps()).hasSize(2);
    }

    @Test
    void shouldNameAnUnknownAgent() {
        assertFault(VALID.replace("agent: writer", "agent: writr"),
                "chains/research.yaml:15: tasks[1].agent: unknown agent \"writr\" (known: researcher, writer)");
    }

    @Test
    void shouldTakeAStepWithoutTypeForAChatStep() {
        assertThat(ChainDefinition.fromYaml(SOURCE, VALID).steps()).extracting(StepDefinition::type)
                .containsExactly(StepType.CHAT, StepType.CHAT);
    }

    @Test
    void shouldNameAnUnknownStepTypeAndTheKnownOnes() {
        assertFault(VALID.replace("    agent: writer\n", "    agent: writer\n    type: tool\n"),
                "chains/research.yaml:16: tasks[1].type: unknown step type \"tool\" (known: chat)");
    }

    @Test
    void shouldRefuseAStepTypeThatIsNotText() {
        assertFault(VALID.replace("    agent: researcher\n", "    agent: researcher\n    type: [chat]\n"),
                "chains/research.yaml:13: tasks[0].type: expected text, found a list");
    }

    @Test
    void shouldRefuseContextFromALaterTask() {
        assertFault(VALID.replace("    agent: researcher\n", "    agent: researcher\n    context: [write]\n"),
                "chains/research.yaml:13: tasks[0].context[0]: task \"write\" runs later (tasks[1]);"
                        + " context may only name earlier tasks");
    }

    @Test
    void shouldRefuseContextFromAnUnknownTask() {
        assertFault(VALID.replace("context: [research]", "context: [reserch]"),
                "chains/research.yaml:16: tasks[1].context[0]: unknown task \"reserch\" (earlier tasks: research)");
    }

    @Test
    void shouldRefuseATaskAsItsOwnContext() {
        assertFault(VALID.replace("context: [research]", "context: [research, write]"),
                "chains/research.yaml:16: tasks[1].context[1]: a task cannot be its own context");
    }

    @Test
    void shouldNameAnUnknownPlaceholder() {
        assertFault(VALID.replace("using {research}", "using {topic}"),
                "chains/research.yaml:14: tasks[1].description: unknown placeholder {topic}"
                        + " (allowed: {question}, {research})");
    }

    @Test
    void shouldRefuseAPlaceholderOfALaterTask() {
        assertFault(VALID.replace("Research {question}", "Research {write}"),
                "chains/research.yaml:11: tasks[0].description: placeholder {write} names a task that has not"
                        + " run yet (allowed: {question})");
    }

    @Test
    void shouldRefuseATaskPlaceholderInAnAgent() {
        assertFault(VALID.replace("goal: Write.", "goal: Write about {research}."),
                "chains/research.yaml:8: agents.writer.goal: unknown placeholder {research} (allowed: {question})");
    }

    @Test
    void shouldRefuseDuplicateTaskNames() {
        assertFault(VALID.replace("name: write", "name: research"),
                "chains/research.yaml:13: tasks[1].name: duplicate task name \"research\" (also tasks[0])");
    }

    @Test
    void shouldRefuseDuplicateAgentNames() {
        assertFault(VALID.replace("  writer:\n", "  researcher:\n"),
                "chains/research.yaml:6: agents.researcher: duplicate key");
    }

    @Test
    void shouldRefuseEmptyTasks() {
        assertFault(VALID.substring(0, VALID.indexOf("tasks:")) + "tasks: []\n",
                "chains/research.yaml:9: tasks: a chain needs at least one task");
    }

    @Test
    void shouldRequireTasks() {
        assertFault(VALID.substring(0, VALID.indexOf("tasks:")),
                "chains/research.yaml:1: tasks: required");
    }

    @Test
    void shouldRequireTheRoleOfAnAgent() {
        assertFault(VALID.replace("    role: Writer\n", ""),
                "chains/research.yaml:7: agents.writer.role: required");
    }

    @Test
    void shouldNameAnUnknownKey() {
        assertFault(VALID.replace("    goal: Write.\n", "    goal: Write.\n    backstroy: Once.\n"),
                "chains/research.yaml:9: agents.writer.backstroy: unknown key"
                        + " (known: role, goal, backstory, model, options)");
    }

    @Test
    void shouldNameAnUnknownKeyOfAStep() {
        assertFault(VALID.replace("    agent: writer\n", "    agent: writer\n    kind: chat\n"),
                "chains/research.yaml:16: tasks[1].kind: unknown key"
                        + " (known: name, type, description, expected_output, agent, context)");
    }

    @Test
    void shouldCheckOptionTypes() {
        assertFault(VALID.replace("    goal: Write.\n", "    goal: Write.\n    options: {temperature: hot}\n"),
                "chains/research.yaml:9: agents.writer.options.temperature: expected a number, found \"hot\"");
        assertFault(VALID.replace("    goal: Write.\n", "    goal: Write.\n    options:\n      num_predict: 1.5\n"),
                "chains/research.yaml:10: agents.writer.options.num_predict: expected a whole number, found \"1.5\"");
    }

    @Test
    void shouldRefuseAnInfiniteOrNaNOption() {
        assertFault(VALID.replace("    goal: Write.\n", "    goal: Write.\n    options: {temperature: .inf}\n"),
                "chains/research.yaml:9: agents.writer.options.temperature: expected a finite number, found \".inf\"");
        assertFault(VALID.replace("    goal: Write.\n", "    goal: Write.\n    options: {stop: [a, .nan]}\n"),
                "chains/research.yaml:9: agents.writer.options.stop: expected finite numbers only, found a list");
    }

    @Test
    void shouldRefuseAnInvalidTaskName() {
        assertFault(VALID.replace("name: write", "name: write it"),
                "chains/research.yaml:13: tasks[1].name: \"write it\" is not a valid name"
                        + " (letters, digits, _ and -, starting with a letter, at most 64)");
    }

    @Test
    void shouldReserveTheQuestionName() {
        assertFault(VALID.replace("name: write", "name: question"),
                "chains/research.yaml:13: tasks[1].name: \"question\" is reserved for the job's question");
    }

    @Test
    void shouldReportBadYamlWithItsLine() {
        ChainDefinitionException fault = catchThrowableOfType(ChainDefinitionException.class,
                () -> ChainDefinition.fromYaml(SOURCE, VALID.replace("goal: Write.", "goal: [Write.")));

        assertThat(fault.getMessage()).startsWith("chains/research.yaml:9: bad YAML: ");
        assertThat(fault.line()).isEqualTo(9);
    }

    @Test
    void shouldRefuseAnEmptyFile() {
        assertFault("# nothing\n", "chains/research.yaml: empty file: a chain needs name, agents and tasks");
    }

    @Test
    void shouldRefuseAFileThatIsNotAMapping() {
        assertFault("- a\n- b\n",
                "chains/research.yaml:1: a chain file is a mapping with the keys name, agents and tasks");
    }

    @Test
    void shouldTakeTheNameFromTheFileWhenItHasNone() {
        assertThat(ChainDefinition.fromYaml("dir/research.yaml", VALID.replaceFirst("^name: research\n", "")).name())
                .isEqualTo("research");
    }

    private static void assertFault(String yaml, String message) {
        assertThatThrownBy(() -> ChainDefinition.fromYaml(SOURCE, yaml))
                .isInstanceOf(ChainDefinitionException.class)
                .hasMessage(message);
    }
}
