package io.sensorflow.operator.config;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The controller's settings, from its environment (the Helm chart sets them).
 *
 * @param namespaces the namespaces to watch; empty means all
 * @param jobImage the job image of pipelines that name none
 * @param stateDir base URI of the checkpoints, savepoints and HA metadata of pipelines that name no
 *     storage directory, or null
 * @param leaderElection whether replicas elect a leader through a Lease
 * @param httpPort the port of /healthz, /readyz and /metrics
 */
public record OperatorSettings(
        List<String> namespaces,
        String jobImage,
        String stateDir,
        boolean leaderElection,
        int httpPort) {

    public static final String DEFAULT_JOB_IMAGE = "sensorflow/sensorflow-job:0.1.0";

    /** The levels SENSORFLOW_LOG_LEVEL may name; the logging set-up reads it itself. */
    static final List<String> LOG_LEVELS = List.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR");

    /** Reads SENSORFLOW_* variables; a bad value is an error that names the variable. */
    public static OperatorSettings fromEnvironment(Map<String, String> env) {
        List<String> namespaces =
                Arrays.stream(env.getOrDefault("SENSORFLOW_NAMESPACES", "").split(","))
                        .map(String::trim)
                        .filter(s -> !s.isEmpty())
                        .toList();
        String image = env.getOrDefault("SENSORFLOW_JOB_IMAGE", DEFAULT_JOB_IMAGE).trim();
        String stateDir = blankToNull(env.get("SENSORFLOW_STATE_DIR"));
        String election = env.getOrDefault("SENSORFLOW_LEADER_ELECTION", "false").trim();
        if (!election.equals("true") && !election.equals("false")) {
            throw new IllegalArgumentException(
                    "SENSORFLOW_LEADER_ELECTION must be true or false, not '" + election + "'");
        }
        String level = env.getOrDefault("SENSORFLOW_LOG_LEVEL", "INFO").trim();
        if (!LOG_LEVELS.contains(level)) {
            throw new IllegalArgumentException(
                    "SENSORFLOW_LOG_LEVEL must be one of " + LOG_LEVELS + ", not '" + level + "'");
        }
        String port = env.getOrDefault("SENSORFLOW_HTTP_PORT", "8080").trim();
        int httpPort;
        try {
            httpPort = Integer.parseInt(port);
        } catch (NumberFormatException e) {
            httpPort = -1;
        }
        if (httpPort < 1 || httpPort > 65535) {
            throw new IllegalArgumentException(
                    "SENSORFLOW_HTTP_PORT must be a port number, not '" + port + "'");
        }
        return new OperatorSettings(
                namespaces,
                image.isEmpty() ? DEFAULT_JOB_IMAGE : image,
                stateDir == null ? null : stripSlash(stateDir),
                Boolean.parseBoolean(election),
                httpPort);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    /** A URI without its trailing slash, so that paths can be appended with one. */
    public static String stripSlash(String s) {
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }
}
