package io.askflow.api.batch;

/** How a batch file's lines read, decided by its first line that is not blank. */
public enum BatchFormat {
    /** JSON Lines: OpenAI's request lines ({@code custom_id, method, url, body}) or Askflow's ({@code question}). */
    JSONL,
    /** CSV with a header line naming a {@code question} column; other columns are the job's metadata. */
    CSV
}
