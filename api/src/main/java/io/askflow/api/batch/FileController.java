package io.askflow.api.batch;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.askflow.api.auth.Caller;
import io.askflow.api.job.InvalidJobRequestException;
import io.askflow.core.error.ErrorCode;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.responses.ApiResponses;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * OpenAI's Files API for batches: uploads stored in PostgreSQL ({@link BatchFiles}), and the batches' output and
 * error files made on download ({@link BatchResults}). A file is its tenant's: another tenant's id is a 404.
 */
@RestController
@RequestMapping("/v1/files")
@Tag(name = "files", description = "OpenAI-compatible files: batch input, output and error files")
public class FileController {

    private static final MediaType JSONL = MediaType.parseMediaType("application/jsonl");
    private static final int MAX_PAGE = 10_000;

    private final BatchFiles files;
    private final Batches batches;
    private final BatchResults results;
    private final BatchProperties properties;

    public FileController(BatchFiles files, Batches batches, BatchResults results, BatchProperties properties) {
        this.files = files;
        this.batches = batches;
        this.results = results;
        this.properties = properties;
    }

    @PostMapping(consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    @Operation(summary = "Upload a file",
            description = "multipart/form-data with file (JSON Lines or CSV) and purpose=batch. Stored in PostgreSQL a"
                    + " chunk at a time. 400 for another purpose or no file, 413 past askflow.api.batches.max-file-bytes"
                    + " (200 MB) or max-lines (1,000,000).")
    @ApiResponses({
            @ApiResponse(responseCode = "200", description = "The file",
                    content = @Content(schema = @Schema(implementation = BatchFile.View.class))),
            @ApiResponse(responseCode = "400", description = "Invalid form (problem+json)",
                    content = @Content(mediaType = "application/problem+json")),
            @ApiResponse(responseCode = "413", description = "File too large (problem+json)",
                    content = @Content(mediaType = "application/problem+json"))})
    public BatchFile.View upload(@RequestPart(name = "file", required = false) MultipartFile file,
                                 @Parameter(description = "batch", example = "batch")
                                 @RequestParam(name = "purpose", required = false) String purpose,
                                 HttpServletRequest request) {
        if (!"batch".equals(purpose)) {
            throw invalid("purpose", "must be batch, was " + purpose);
        }
        if (file == null) {
            throw invalid("file", "is required: the file's part of the form");
        }
        if (file.getSize() > properties.maxFileBytes()) {
            throw FileTooLargeException.bytes(properties.maxFileBytes());
        }
        String filename = file.getOriginalFilename() == null ? "upload.jsonl" : file.getOriginalFilename();
        try (InputStream content = file.getInputStream()) {
            return files.upload(Caller.of(request).tenant(), filename, purpose, content).view();
        } catch (IOException e) {
            throw new UncheckedIOException("the upload could not be read", e);
        }
    }

    @GetMapping
    @Operation(summary = "List files", description = "The caller's uploaded files, newest first.")
    public FilePage list(@RequestParam(name = "purpose", required = false) String purpose,
                         @RequestParam(name = "limit", required = false) Integer limit,
                         @RequestParam(name = "after", required = false) String after,
                         HttpServletRequest request) {
        int size = limit == null ? MAX_PAGE : limit;
        if (size < 1 || size > MAX_PAGE) {
            throw invalid("limit", "must be from 1 to " + MAX_PAGE + ", was " + size);
        }
        List<BatchFile> page = files.list(Caller.of(request).tenant(), purpose, after, size + 1);
        List<BatchFile.View> data = page.stream().limit(size).map(BatchFile::view).toList();
        return new FilePage("list", data, page.size() > size);
    }

    @GetMapping("/{id}")
    @Operation(summary = "Get a file", description = "An uploaded file, or a batch's output or error file (bytes 0:"
            + " made on download). 404 for no such file of the caller's.")
    @ApiResponses({
            @ApiResponse(responseCode = "200", description = "The file",
                    content = @Content(schema = @Schema(implementation = BatchFile.View.class))),
            @ApiResponse(responseCode = "404", description = "No such file (problem+json)",
                    content = @Content(mediaType = "application/problem+json"))})
    public BatchFile.View get(@PathVariable("id") String id, HttpServletRequest request) {
        String tenant = Caller.of(request).tenant();
        String batchId = BatchResults.batchIdOf(id);
        if (batchId != null) {
            Batch batch = endedBatch(batchId, id, tenant);
            boolean output = BatchResults.isOutput(id);
            return new BatchFile.View(id, "file", 0, batch.times().endedAt().getEpochSecond(),
                    batch.id() + (output ? "_output.jsonl" : "_error.jsonl"), "batch_output");
        }
        return files.find(id, tenant).orElseThrow(() -> BatchException.fileNotFound(id)).view();
    }

    @GetMapping("/{id}/content")
    @Operation(summary = "Download a file", description = "Streamed: an uploaded file as it was, or a batch's output"
            + " or error file, one line per input line in input order (OpenAI's output line format).")
    @ApiResponses({
            @ApiResponse(responseCode = "200", description = "The bytes", content = @Content(mediaType = "application/jsonl")),
            @ApiResponse(responseCode = "404", description = "No such file (problem+json)",
                    content = @Content(mediaType = "application/problem+json"))})
    public ResponseEntity<StreamingResponseBody> content(@PathVariable("id") String id, HttpServletRequest request) {
        String tenant = Caller.of(request).tenant();
        String batchId = BatchResults.batchIdOf(id);
        if (batchId != null) {
            Batch batch = endedBatch(batchId, id, tenant);
            boolean output = BatchResults.isOutput(id);
            return ResponseEntity.ok().contentType(JSONL).body(out -> results.write(batch, output, out));
        }
        BatchFile file = files.find(id, tenant).orElseThrow(() -> BatchException.fileNotFound(id));
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_OCTET_STREAM).contentLength(file.bytes())
                .body(out -> {
                    try (InputStream in = files.open(file.id(), 0)) {
                        in.transferTo(out);
                    }
                });
    }

    @DeleteMapping("/{id}")
    @Operation(summary = "Delete a file", description = "An uploaded file no batch reads. 404 for no such file of the"
            + " caller's, 409 while a batch reads it.")
    public Deleted delete(@PathVariable("id") String id, HttpServletRequest request) {
        String tenant = Caller.of(request).tenant();
        files.find(id, tenant).orElseThrow(() -> BatchException.fileNotFound(id));
        if (!files.delete(id, tenant)) {
            throw new BatchException(ErrorCode.FILE_IN_USE, "file " + id + " is the input of a batch");
        }
        return new Deleted(id, "file", true);
    }

    /** A batch's result file exists once the batch ended. */
    private Batch endedBatch(String batchId, String fileId, String tenant) {
        return batches.find(batchId, tenant)
                .filter(b -> b.status().isTerminal() && b.status() != BatchStatus.FAILED)
                .orElseThrow(() -> BatchException.fileNotFound(fileId));
    }

    private static InvalidJobRequestException invalid(String field, String message) {
        return new InvalidJobRequestException(List.of(new InvalidJobRequestException.Violation(field, message)));
    }

    /** A page of files. */
    public record FilePage(String object, List<BatchFile.View> data, @JsonProperty("has_more") boolean hasMore) {
    }

    /** OpenAI's answer to a delete. */
    public record Deleted(String id, String object, boolean deleted) {
    }
}
