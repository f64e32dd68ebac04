package io.sensorflow.api;

/**
 * Something wrong with one field, in words that say how to fix it. {@code field} is relative to
 * what was checked (a rule's {@code above}, a topic's role); the caller puts it where the user
 * wrote it: the controller as {@code spec.alerting.rules[0].above}, the job as its command-line
 * option.
 */
public record Problem(String field, String message) {
    @Override
    public String toString() {
        return field.isEmpty() ? message : field + ": " + message;
    }
}
