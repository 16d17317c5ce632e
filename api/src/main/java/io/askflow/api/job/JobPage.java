package io.askflow.api.job;

import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;

/**
 * A page of jobs, newest first.
 *
 * @param jobs       the jobs
 * @param nextCursor the cursor of the next page (pass it as {@code cursor}), or absent on the last page
 */
public record JobPage(List<JobSummary> jobs,
                      @Schema(description = "Opaque: pass it as cursor for the next page; absent on the last page")
                      String nextCursor) {
}
