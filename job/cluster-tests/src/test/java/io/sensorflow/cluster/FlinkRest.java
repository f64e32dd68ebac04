package io.sensorflow.cluster;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * The JobManager's REST API, as the Flink CLI and the Flink Kubernetes Operator use it: jars are
 * uploaded and run, jobs watched, stopped with a savepoint and cancelled.
 */
public final class FlinkRest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> TERMINAL = Set.of("FINISHED", "CANCELED", "FAILED");

    private final String base;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    FlinkRest(String base) {
        this.base = base;
    }

    boolean isUp() {
        try {
            return http.send(get("/overview"), HttpResponse.BodyHandlers.discarding()).statusCode()
                    == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Uploads a jar (a multipart form, as the web UI and the operator send it); returns its id. */
    public String upload(Path jar) throws IOException, InterruptedException {
        String boundary = "----sensorflow" + UUID.randomUUID();
        String head =
                "--"
                        + boundary
                        + "\r\nContent-Disposition: form-data; name=\"jarfile\"; filename=\""
                        + jar.getFileName()
                        + "\"\r\nContent-Type: application/x-java-archive\r\n\r\n";
        String tail = "\r\n--" + boundary + "--\r\n";
        HttpRequest request =
                HttpRequest.newBuilder(URI.create(base + "/jars/upload"))
                        .timeout(Duration.ofMinutes(2))
                        .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                        // the jar streamed from its file, not held in memory
                        .POST(
                                HttpRequest.BodyPublishers.concat(
                                        HttpRequest.BodyPublishers.ofString(head),
                                        HttpRequest.BodyPublishers.ofFile(jar),
                                        HttpRequest.BodyPublishers.ofString(tail)))
                        .build();
        JsonNode answer = send(request);
        String file = answer.path("filename").asText();
        return Path.of(file).getFileName().toString();
    }

    /**
     * Runs an uploaded jar: its main method builds the job in the JobManager, which then runs it.
     * Returns the job id.
     */
    public String run(
            String jarId,
            String entryClass,
            List<String> args,
            int parallelism,
            Map<String, String> configuration,
            String savepoint)
            throws IOException, InterruptedException {
        ObjectNode body = JSON.createObjectNode();
        body.put("entryClass", entryClass);
        body.set("programArgsList", JSON.valueToTree(args));
        body.put("parallelism", parallelism);
        body.set("flinkConfiguration", JSON.valueToTree(configuration));
        if (savepoint != null) {
            body.put("savepointPath", savepoint);
            body.put("allowNonRestoredState", true);
        }
        return send(post("/jars/" + jarId + "/run", body)).path("jobid").asText();
    }

    /** The ids of the jobs that have not ended yet. */
    public List<String> unfinishedJobs() throws IOException, InterruptedException {
        List<String> ids = new ArrayList<>();
        for (JsonNode job : send(get("/jobs/overview")).path("jobs")) {
            if (!TERMINAL.contains(job.path("state").asText())) {
                ids.add(job.path("jid").asText());
            }
        }
        return ids;
    }

    /** Cancels a job and waits until it has ended, however it ends. */
    public void cancelAndWait(String jobId, Duration timeout)
            throws IOException, InterruptedException {
        HttpRequest cancel =
                HttpRequest.newBuilder(URI.create(base + "/jobs/" + jobId + "?mode=cancel"))
                        .method("PATCH", HttpRequest.BodyPublishers.noBody())
                        .build();
        http.send(cancel, HttpResponse.BodyHandlers.discarding());
        getUntil("/jobs/" + jobId, j -> TERMINAL.contains(j.path("state").asText()), timeout);
    }

    /**
     * What the job last restored its state from ({@code is_savepoint}, {@code external_path}), or a
     * missing node if it never restored.
     */
    public JsonNode restored(String jobId) throws IOException, InterruptedException {
        return send(get("/jobs/" + jobId + "/checkpoints")).path("latest").path("restored");
    }

    /**
     * Why the job last failed over, as the web UI's exception history shows it, or null if it never
     * did.
     */
    public String lastFailure(String jobId) throws IOException, InterruptedException {
        JsonNode entries =
                send(get("/jobs/" + jobId + "/exceptions"))
                        .path("exceptionHistory")
                        .path("entries");
        return entries.isEmpty()
                ? null
                : entries.get(0).path("exceptionName").asText()
                        + ": "
                        + entries.get(0).path("stacktrace").asText().lines().findFirst().orElse("");
    }

    /** Stops the job with a savepoint in {@code directory}; returns the savepoint's path. */
    public String stopWithSavepoint(String jobId, String directory, Duration timeout)
            throws IOException, InterruptedException {
        ObjectNode body = JSON.createObjectNode();
        body.put("targetDirectory", directory);
        body.put("drain", false);
        String trigger = send(post("/jobs/" + jobId + "/stop", body)).path("request-id").asText();
        JsonNode done =
                getUntil(
                        "/jobs/" + jobId + "/savepoints/" + trigger,
                        s -> s.path("status").path("id").asText().equals("COMPLETED"),
                        timeout);
        JsonNode operation = done.path("operation");
        if (operation.has("failure-cause")) {
            throw new IllegalStateException(
                    "The savepoint failed: " + operation.path("failure-cause"));
        }
        return operation.path("location").asText();
    }

    /** Waits until this many TaskManagers are registered with the JobManager. */
    public void awaitTaskManagers(int count, Duration timeout)
            throws IOException, InterruptedException {
        getUntil("/taskmanagers", t -> t.path("taskmanagers").size() >= count, timeout);
    }

    /** Waits until the job is in this state; fails fast if it ended otherwise. */
    public void awaitState(String jobId, String state, Duration timeout)
            throws IOException, InterruptedException {
        getUntil(
                "/jobs/" + jobId,
                j -> {
                    String s = j.path("state").asText();
                    if (!s.equals(state) && TERMINAL.contains(s)) {
                        throw new IllegalStateException("Job " + jobId + " is " + s);
                    }
                    return s.equals(state);
                },
                timeout);
    }

    /** The job's exception history, as the web UI shows it, for a failed test's report. */
    public String exceptions(String jobId) throws IOException, InterruptedException {
        return send(get("/jobs/" + jobId + "/exceptions")).toPrettyString();
    }

    /** GETs {@code path} until its answer satisfies {@code done}; returns that answer. */
    private JsonNode getUntil(String path, Predicate<JsonNode> done, Duration timeout) {
        return await("GET " + path)
                .atMost(timeout)
                .pollInterval(Duration.ofMillis(200))
                .until(() -> send(get(path)), done::test);
    }

    private HttpRequest get(String path) {
        return HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(30))
                .build();
    }

    private HttpRequest post(String path, JsonNode body) {
        return HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(120))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                .build();
    }

    private JsonNode send(HttpRequest request) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw new IllegalStateException(
                    request.method()
                            + " "
                            + request.uri()
                            + " answered "
                            + response.statusCode()
                            + ": "
                            + response.body());
        }
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
