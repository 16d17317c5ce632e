package io.askflow.api.chain;

import io.askflow.core.chain.ChainCatalog;
import io.askflow.core.chain.ChainDefinition;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

/** The chains a job may name: the catalog this instance loaded, with their agents, steps and versions. */
@RestController
@RequestMapping("/v1/chains")
@Tag(name = "chains", description = "The agent chains jobs may run")
@SecurityRequirement(name = "bearer")
public class ChainController {

    private final ChainCatalog chains;

    public ChainController(ChainCatalog chains) {
        this.chains = chains;
    }

    @GetMapping
    @Operation(summary = "List the chains",
            description = "Every chain of the catalog by name: its version (a hash of everything that changes an"
                    + " answer), description, default model, agents (role, goal, model) and steps in order.")
    public ChainList list() {
        return new ChainList(chains.all().stream().map(ChainController::view).toList());
    }

    private static ChainView view(ChainDefinition chain) {
        return new ChainView(chain.name(), chain.version(), chain.description(), chain.model(),
                chain.agents().values().stream().map(agent -> new ChainView.AgentView(agent.name(), agent.role(),
                        agent.goal(), agent.model())).toList(),
                chain.steps().stream().map(step -> new ChainView.StepView(step.name(), step.type().name(),
                        step.agent())).toList());
    }

    /**
     * The catalog.
     *
     * @param chains every chain, by name
     */
    public record ChainList(List<ChainView> chains) {
    }
}
