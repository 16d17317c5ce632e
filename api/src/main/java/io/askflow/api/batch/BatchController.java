package io.askflow.api.batch;

import io.askflow.api.auth.Caller;
import io.askflow.api.job.InvalidJobRequestException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.responses.ApiResponses;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

/** OpenAI's Batch API: every line of an uploaded file becomes a job of the caller's tenant (ADR 14). */
@RestController
@RequestMapping("/v1/batches")
@Tag(name = "batches", description = "OpenAI-compatible batches of chat completion requests")
public class BatchController {

    /** The one endpoint a batch and its lines may name. */
    public static final String ENDPOINT = "/v1/chat/completions";

    private static final int MAX_PAGE = 100;

    private final BatchCommands commands;
    private final Batches batches;

    public BatchController(BatchCommands commands, Batches batches) {
        this.commands = commands;
        this.batches = batches;
    }

    @PostMapping
    @Operation(summary = "Create a batch",
            description = "Every line of the input file becomes a job (cache, coalescing and deduplication apply), "
                    + "run in the batch lane after interactive jobs. The file's first line decides the format: "
                    + "JSON Lines (OpenAI request lines or Askflow's own) or CSV with a question column; a file of "
                    + "neither makes the batch failed at once, with that line in errors. 400 for an invalid body, "
                    + "404 for a file that is not the caller's.")
    @ApiResponses({
            @ApiResponse(responseCode = "200", description = "The batch (in_progress, or failed)",
                    content = @Content(schema = @Schema(implementation = BatchView.class))),
            @ApiResponse(responseCode = "400", description = "Invalid body (problem+json)",
                    content = @Content(mediaType = "application/problem+json")),
            @ApiResponse(responseCode = "404", description = "No such file (problem+json)",
                    content = @Content(mediaType = "application/problem+json"))})
    public BatchView create(@RequestBody CreateBatchRequest body, HttpServletRequest request) {
        return BatchView.of(commands.create(body, Caller.of(request).tenant()));
    }

    @GetMapping("/{id}")
    @Operation(summary = "Get a batch", description = "Its status and request_counts (live while it runs).")
    @ApiResponses({
            @ApiResponse(responseCode = "200", description = "The batch",
                    content = @Content(schema = @Schema(implementation = BatchView.class))),
            @ApiResponse(responseCode = "404", description = "No such batch of the caller's (problem+json)",
                    content = @Content(mediaType = "application/problem+json"))})
    public BatchView get(@PathVariable("id") String id, HttpServletRequest request) {
        return BatchView.of(batches.find(id, Caller.of(request).tenant())
                .orElseThrow(() -> BatchException.batchNotFound(id)));
    }

    @GetMapping
    @Operation(summary = "List batches", description = "The caller's batches, newest first; pass the last id as after "
            + "for the next page. 400 for a limit outside 1 to 100.")
    @ApiResponses({
            @ApiResponse(responseCode = "200", description = "A page",
                    content = @Content(schema = @Schema(implementation = BatchView.Page.class)))})
    public BatchView.Page list(@Parameter(description = "Batches per page, 1 to 100", example = "20")
                               @RequestParam(name = "limit", required = false) Integer limit,
                               @Parameter(description = "The last id of the previous page")
                               @RequestParam(name = "after", required = false) String after,
                               HttpServletRequest request) {
        int size = limit == null ? 20 : limit;
        if (size < 1 || size > MAX_PAGE) {
            throw new InvalidJobRequestException(List.of(new InvalidJobRequestException.Violation("limit",
                    "must be from 1 to " + MAX_PAGE + ", was " + size)));
        }
        List<BatchView> page = batches.list(Caller.of(request).tenant(), after, size + 1).stream()
                .map(BatchView::of).toList();
        List<BatchView> data = page.size() > size ? page.subList(0, size) : page;
        return new BatchView.Page("list", data, data.isEmpty() ? null : data.get(0).id(),
                data.isEmpty() ? null : data.get(data.size() - 1).id(), page.size() > size);
    }

    @PostMapping("/{id}/cancel")
    @Operation(summary = "Cancel a batch", description = "Dispatching stops at once; lines running finish; the batch "
            + "is cancelling until they did, then cancelled. Lines not answered are batch_cancelled in the error "
            + "file. 404 for no such batch, 409 for a batch that ended.")
    @ApiResponses({
            @ApiResponse(responseCode = "200", description = "The batch, cancelling (or cancelled)",
                    content = @Content(schema = @Schema(implementation = BatchView.class))),
            @ApiResponse(responseCode = "404", description = "No such batch of the caller's (problem+json)",
                    content = @Content(mediaType = "application/problem+json")),
            @ApiResponse(responseCode = "409", description = "The batch has ended (problem+json)",
                    content = @Content(mediaType = "application/problem+json"))})
    public BatchView cancel(@PathVariable("id") String id, HttpServletRequest request) {
        return BatchView.of(commands.cancel(id, Caller.of(request).tenant()));
    }
}
