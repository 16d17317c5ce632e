package io.askflow.cli.client;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The Askflow REST API over java.net.http: JSON in and out (Jackson), the API key as a bearer token, and every
 * error answer turned into an {@link ApiException} with one line to print (a problem's title and detail, or an
 * OpenAI-style {@code error.message}).
 */
public final class ApiClient {

    /** How long a call may take beyond what it waits for on the server (a long poll's wait). */
    static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);

    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private final HttpClient http;
    private final String baseUrl;
    private final String apiKey;

    /**
     * @param baseUrl the API's base URL, e.g. {@code http://localhost:8080} (a trailing slash is dropped)
     * @param apiKey  the API key, or null or blank to send none
     */
    public ApiClient(String baseUrl, String apiKey) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.apiKey = apiKey == null || apiKey.isBlank() ? null : apiKey.strip();
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    }

    /** The base URL calls go to. */
    public String baseUrl() {
        return baseUrl;
    }

    /** The Jackson mapper of requests and answers. */
    public static ObjectMapper json() {
        return JSON;
    }

    /** GET a JSON document. */
    public JsonNode get(String path) {
        return get(path, Duration.ZERO);
    }

    /** GET a JSON document the server may hold for up to {@code serverWait} (a long poll). */
    public JsonNode get(String path, Duration serverWait) {
        return send(request(path, serverWait).GET().build());
    }

    /** POST a JSON body (any object Jackson writes, e.g. a map or a node); null posts no body. */
    public JsonNode post(String path, Object body) {
        HttpRequest.BodyPublisher publisher = body == null
                ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body));
        return send(request(path, Duration.ZERO).header("Content-Type", "application/json").POST(publisher).build());
    }

    /**
     * POST a file as {@code multipart/form-data} with plain form fields beside it, as OpenAI's clients upload
     * files; the file is streamed from disk, not read into memory.
     */
    public JsonNode upload(String path, Map<String, String> fields, Path file) {
        String boundary = "askflow-" + UUID.randomUUID();
        List<HttpRequest.BodyPublisher> parts = new ArrayList<>();
        fields.forEach((name, value) -> parts.add(HttpRequest.BodyPublishers.ofString("--" + boundary + "\r\n"
                + "Content-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" + value + "\r\n")));
        parts.add(HttpRequest.BodyPublishers.ofString("--" + boundary + "\r\n"
                + "Content-Disposition: form-data; name=\"file\"; filename=\"" + file.getFileName() + "\"\r\n"
                + "Content-Type: application/octet-stream\r\n\r\n"));
        try {
            parts.add(HttpRequest.BodyPublishers.ofFile(file));
        } catch (FileNotFoundException e) {
            throw new IllegalArgumentException("cannot read " + file + ": no such file", e);
        }
        parts.add(HttpRequest.BodyPublishers.ofString("\r\n--" + boundary + "--\r\n"));
        HttpRequest request = request(path, Duration.ofMinutes(10))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.concat(parts.toArray(HttpRequest.BodyPublisher[]::new)))
                .build();
        return send(request);
    }

    /** GET a body and stream it into {@code target} (replaced if it exists); an error answer writes nothing. */
    public void download(String path, Path target) {
        HttpRequest request = request(path, Duration.ofMinutes(10)).GET().build();
        HttpResponse<InputStream> response = exchange(request, HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream body = response.body()) {
            if (response.statusCode() >= 400) {
                throw error(request, response.statusCode(), new String(body.readAllBytes(), StandardCharsets.UTF_8));
            }
            Files.copy(body, target, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new ApiException(response.statusCode(), "download of " + request.uri() + " broke off: " + e.getMessage());
        }
    }

    /**
     * A query string of the given names and values, leaving out null values: {@code query("a", 1, "b", null)} is
     * {@code ?a=1}, and no value at all the empty string.
     */
    public static String query(Object... namesAndValues) {
        StringBuilder query = new StringBuilder();
        for (int i = 0; i + 1 < namesAndValues.length; i += 2) {
            if (namesAndValues[i + 1] != null) {
                query.append(query.isEmpty() ? '?' : '&').append(namesAndValues[i]).append('=')
                        .append(URLEncoder.encode(namesAndValues[i + 1].toString(), StandardCharsets.UTF_8));
            }
        }
        return query.toString();
    }

    /** A path segment, encoded (an id typed by a user may hold anything). */
    public static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private HttpRequest.Builder request(String path, Duration serverWait) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(CALL_TIMEOUT.plus(serverWait))
                .header("Accept", "application/json");
        if (apiKey != null) {
            builder.header("Authorization", "Bearer " + apiKey);
        }
        return builder;
    }

    private JsonNode send(HttpRequest request) {
        HttpResponse<String> response = exchange(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 400) {
            throw error(request, response.statusCode(), response.body());
        }
        try {
            return response.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(response.body());
        } catch (JacksonException e) {
            throw new ApiException(response.statusCode(), request.method() + " " + request.uri().getPath()
                    + " answered " + response.statusCode() + " with a body that is not JSON");
        }
    }

    private <T> HttpResponse<T> exchange(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
        try {
            return http.send(request, handler);
        } catch (HttpConnectTimeoutException e) {
            throw new ApiException(0, "cannot reach the Askflow API at " + baseUrl + ": connection timed out");
        } catch (HttpTimeoutException e) {
            throw new ApiException(0, "the Askflow API at " + baseUrl + " did not answer " + request.method() + " "
                    + request.uri().getPath() + " in time");
        } catch (ConnectException e) {
            throw new ApiException(0, "cannot reach the Askflow API at " + baseUrl + ": connection refused"
                    + " (is it running? set --url or " + CliContext.URL_VARIABLE + ")");
        } catch (IOException e) {
            throw new ApiException(0, "cannot talk to the Askflow API at " + baseUrl + ": " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(0, "interrupted while calling the Askflow API");
        }
    }

    private ApiException error(HttpRequest request, int status, String body) {
        return new ApiException(status, ProblemLine.of(request.method() + " " + request.uri().getPath(), status, body));
    }
}
