package io.sensorflow.api;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The pipeline's Kafka topics: their defaults and Kafka's naming rules. Each topic is known by its
 * role: {@code temperature}, {@code humidity}, {@code averages}, {@code alerts}, {@code
 * deadLetter}.
 */
public final class Topics {
    /** Kafka's legal characters and length; "." and ".." are refused besides. */
    public static final String PATTERN = "^[a-zA-Z0-9._-]{1,249}$";

    public static final String TEMPERATURE = "sensors.temperature";
    public static final String HUMIDITY = "sensors.humidity";
    public static final String AVERAGES = "sensors.averages";
    public static final String ALERTS = "sensors.alerts";
    public static final String DEAD_LETTER = "sensors.dead-letter";

    private static final Pattern NAME = Pattern.compile(PATTERN);

    private Topics() {}

    /** The topics by role, in the order the roles are listed everywhere. */
    public static Map<String, String> byRole(
            String temperature,
            String humidity,
            String averages,
            String alerts,
            String deadLetter) {
        Map<String, String> topics = new LinkedHashMap<>();
        topics.put("temperature", temperature);
        topics.put("humidity", humidity);
        topics.put("averages", averages);
        topics.put("alerts", alerts);
        topics.put("deadLetter", deadLetter);
        return topics;
    }

    /**
     * What is wrong with these topics, by role: each must be a legal Kafka topic name, and no two
     * roles may share a topic (the job would read its own output).
     */
    public static List<Problem> check(Map<String, String> byRole) {
        List<Problem> problems = new ArrayList<>();
        Map<String, String> roleOf = new LinkedHashMap<>();
        byRole.forEach(
                (role, topic) -> {
                    if (topic == null
                            || !NAME.matcher(topic).matches()
                            || topic.equals(".")
                            || topic.equals("..")) {
                        problems.add(
                                new Problem(
                                        role,
                                        "'"
                                                + topic
                                                + "' is not a Kafka topic name: 1 to 249 of"
                                                + " letters, digits, '.', '_' and '-', not '.' or"
                                                + " '..'"));
                    } else if (roleOf.containsKey(topic)) {
                        problems.add(
                                new Problem(
                                        role,
                                        "'"
                                                + topic
                                                + "' is also the "
                                                + roleOf.get(topic)
                                                + " topic: each stream needs a topic of its own"));
                    } else {
                        roleOf.put(topic, role);
                    }
                });
        return problems;
    }
}
