package io.askflow.cli.batch;

import io.askflow.cli.client.ApiClient;
import io.askflow.cli.client.Json;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A batch's result files on disk: {@code <batch id>-output.jsonl} and {@code <batch id>-errors.jsonl}. */
final class BatchFiles {

    private BatchFiles() {
    }

    /**
     * Downloads the batch's output and error files that exist ({@code GET /v1/files/{id}/content}) into
     * {@code directory} (made if missing) and prints a line per file: {@code output: PATH}, {@code errors: PATH}.
     *
     * @return the files written
     */
    static List<Path> download(ApiClient api, JsonNode batch, Path directory, PrintWriter out) {
        String batchId = Json.text(batch, "id");
        List<Path> written = new ArrayList<>();
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make the directory " + directory, e);
        }
        String[][] files = {{"output", "output_file_id", "-output.jsonl"}, {"errors", "error_file_id", "-errors.jsonl"}};
        for (String[] file : files) {
            String fileId = Json.text(batch, file[1]);
            if (fileId != null) {
                Path target = directory.resolve(batchId + file[2]);
                api.download("/v1/files/" + ApiClient.segment(fileId) + "/content", target);
                out.println(file[0] + ": " + target);
                written.add(target);
            }
        }
        if (written.isEmpty()) {
            out.println("batch " + batchId + " has no output or error file (status " + BatchFormat.status(batch) + ")");
        }
        out.flush();
        return written;
    }
}
