package io.askflow.api.batch;

import io.askflow.api.job.NewJob;
import io.askflow.core.job.CachePolicy;
import io.askflow.core.json.Json;
import tools.jackson.core.JacksonException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads the lines of a batch file into jobs. JSON lines are OpenAI's request lines (those with a {@code body}: a
 * {@code /v1/chat/completions} body whose last user message is the question; its model, system messages and
 * sampling options kept) or Askflow's own ({@code custom_id, question, chain, model, options, metadata, cache}).
 * CSV lines follow the header line: the {@code question} column is the question, {@code custom_id},
 * {@code model} and {@code chain} columns are what they say, every other column is metadata. A line that cannot be
 * a job throws a {@link LineException} saying why; the file goes on.
 */
final class LineParser {

    /** OpenAI sampling options and the Ollama option each becomes. */
    private static final Map<String, String> OPTIONS = Map.of(
            "temperature", "temperature", "top_p", "top_p", "max_tokens", "num_predict",
            "max_completion_tokens", "num_predict", "seed", "seed", "stop", "stop",
            "presence_penalty", "presence_penalty", "frequency_penalty", "frequency_penalty");

    private final BatchFormat format;
    private final List<String> header;

    private LineParser(BatchFormat format, List<String> header) {
        this.format = format;
        this.header = header;
    }

    /**
     * The parser for a file whose first line that is not blank is {@code firstLine}.
     *
     * @throws LineException when that line starts no known format: the file is not a batch file
     */
    static LineParser forFirstLine(String firstLine) {
        String trimmed = firstLine.strip();
        if (trimmed.startsWith("{")) {
            return new LineParser(BatchFormat.JSONL, List.of());
        }
        List<String> columns = Csv.split(trimmed).stream().map(c -> c.strip().toLowerCase(Locale.ROOT)).toList();
        if (!columns.contains("question")) {
            throw new LineException("invalid_file", "neither a JSON object (JSON Lines) nor a CSV header with a"
                    + " question column");
        }
        return new LineParser(BatchFormat.CSV, columns);
    }

    BatchFormat format() {
        return format;
    }

    /** Whether the parser's first line is a header, not a job. */
    boolean hasHeader() {
        return format == BatchFormat.CSV;
    }

    /** The line's custom_id, or {@code null} when it cannot be read; for lines that are not dispatched. */
    String customIdOf(String line, long number) {
        try {
            return parse(line, number).customId();
        } catch (LineException e) {
            return null;
        }
    }

    /**
     * The job of line {@code number}.
     *
     * @throws LineException when the line cannot be one
     */
    Line parse(String line, long number) {
        return format == BatchFormat.CSV ? csv(line, number) : json(line);
    }

    private Line csv(String line, long number) {
        List<String> values = Csv.split(line);
        if (values.size() != header.size()) {
            throw new LineException("invalid_csv_line", "has " + values.size() + " columns, the header "
                    + header.size());
        }
        Map<String, Object> metadata = new LinkedHashMap<>();
        String question = null;
        String customId = "line-" + number;
        String model = null;
        String chain = null;
        for (int i = 0; i < values.size(); i++) {
            String value = values.get(i);
            switch (header.get(i)) {
                case "question" -> question = value;
                case "custom_id" -> customId = value;
                case "model" -> model = blankToNull(value);
                case "chain" -> chain = blankToNull(value);
                default -> metadata.put(header.get(i), value);
            }
        }
        if (customId == null || customId.isBlank()) {
            throw new LineException("missing_custom_id", "the custom_id column is empty");
        }
        return new Line(customId, new NewJob(question, model, chain, null, null, null, metadata, null));
    }

    private Line json(String text) {
        Map<String, Object> line = object(text);
        Object customId = line.get("custom_id");
        if (!(customId instanceof String id) || id.isBlank()) {
            throw new LineException("missing_custom_id", "custom_id is missing: each line needs a unique custom_id");
        }
        return line.containsKey("body") ? new Line(id, openAi(line)) : new Line(id, askflow(line));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(String text) {
        try {
            Object value = Json.MAPPER.readValue(text, Object.class);
            if (value instanceof Map<?, ?> map) {
                return (Map<String, Object>) map;
            }
        } catch (JacksonException e) {
            throw new LineException("invalid_json_line", "not valid JSON: " + e.getOriginalMessage());
        }
        throw new LineException("invalid_json_line", "not a JSON object");
    }

    private static NewJob openAi(Map<String, Object> line) {
        checkRequest(line);
        if (!(line.get("body") instanceof Map<?, ?> body)) {
            throw new LineException("invalid_body", "body must be a chat completions request object");
        }
        List<String> system = new ArrayList<>();
        String question = lastUserMessage(body.get("messages"), system);
        if (question == null) {
            throw new LineException("invalid_body", "body.messages has no user message: the last one is the question");
        }
        Map<String, Object> options = new LinkedHashMap<>();
        OPTIONS.forEach((openAi, ollama) -> {
            if (body.get(openAi) != null) {
                options.put(ollama, body.get(openAi));
            }
        });
        Map<String, Object> metadata = new LinkedHashMap<>();
        if (!system.isEmpty()) {
            metadata.put("system", String.join("\n", system));
        }
        Object model = body.get("model");
        return new NewJob(question, model instanceof String m ? m : null, null, options.isEmpty() ? null : options,
                null, null, metadata, null);
    }

    private static void checkRequest(Map<String, Object> line) {
        Object url = line.get("url");
        if (url != null && !BatchController.ENDPOINT.equals(url)) {
            throw new LineException("invalid_url", "url must be " + BatchController.ENDPOINT + ", was " + url);
        }
        Object method = line.get("method");
        if (method != null && !"POST".equals(method)) {
            throw new LineException("invalid_method", "method must be POST, was " + method);
        }
    }

    /** The last user message's text; system (and developer) messages are added to {@code system}. */
    private static String lastUserMessage(Object messages, List<String> system) {
        String question = null;
        if (messages instanceof List<?> list) {
            for (Object message : list) {
                if (message instanceof Map<?, ?> m) {
                    String content = content(m.get("content"));
                    if ("user".equals(m.get("role"))) {
                        question = content;
                    } else if ("system".equals(m.get("role")) || "developer".equals(m.get("role"))) {
                        system.add(content);
                    }
                }
            }
        }
        return question;
    }

    private static String content(Object content) {
        if (content instanceof String text) {
            return text;
        }
        if (content instanceof List<?> parts) {
            StringBuilder text = new StringBuilder();
            for (Object part : parts) {
                if (part instanceof Map<?, ?> p && "text".equals(p.get("type")) && p.get("text") instanceof String t) {
                    text.append(t);
                }
            }
            return text.toString();
        }
        return null;
    }

    @SuppressWarnings("unchecked")
    private static NewJob askflow(Map<String, Object> line) {
        Object question = line.get("question");
        CachePolicy.Mode mode = null;
        Integer ttl = null;
        if (line.get("cache") instanceof Map<?, ?> cache) {
            mode = cache.get("mode") instanceof String m ? cacheMode(m) : null;
            Object seconds = cache.containsKey("ttl_seconds") ? cache.get("ttl_seconds") : cache.get("ttlSeconds");
            ttl = seconds instanceof Number n ? n.intValue() : null;
        }
        return new NewJob(question instanceof String q ? q : null, text(line.get("model")), text(line.get("chain")),
                line.get("options") instanceof Map<?, ?> o ? (Map<String, Object>) o : null, mode, ttl,
                line.get("metadata") instanceof Map<?, ?> m ? new LinkedHashMap<>((Map<String, Object>) m)
                        : new LinkedHashMap<>(), null);
    }

    private static CachePolicy.Mode cacheMode(String mode) {
        try {
            return CachePolicy.Mode.valueOf(mode.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new LineException("invalid_request", "cache.mode must be USE, REFRESH or BYPASS, was " + mode);
        }
    }

    private static String text(Object value) {
        return value instanceof String s ? s : null;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    /** A line read: its custom_id and the job it asks for, not yet validated. */
    record Line(String customId, NewJob job) {
    }

    /** Why a line cannot be a job: an OpenAI-style error code and a message. */
    static final class LineException extends RuntimeException {

        private final String code;

        LineException(String code, String message) {
            super(message);
            this.code = code;
        }

        String code() {
            return code;
        }
    }

    /** RFC 4180 fields of one line: commas, double quotes, doubled quotes inside them. */
    static final class Csv {

        private Csv() {
        }

        static List<String> split(String line) {
            List<String> fields = new ArrayList<>();
            StringBuilder field = new StringBuilder();
            boolean quoted = false;
            for (int i = 0; i < line.length(); i++) {
                char c = line.charAt(i);
                if (quoted) {
                    if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                        field.append('"');
                        i++;
                    } else if (c == '"') {
                        quoted = false;
                    } else {
                        field.append(c);
                    }
                } else if (c == '"') {
                    quoted = true;
                } else if (c == ',') {
                    fields.add(field.toString());
                    field.setLength(0);
                } else if (c != '\r') {
                    field.append(c);
                }
            }
            fields.add(field.toString());
            return fields;
        }
    }
}
