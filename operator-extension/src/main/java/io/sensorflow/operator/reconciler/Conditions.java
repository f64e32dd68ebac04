package io.sensorflow.operator.reconciler;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.sensorflow.operator.crd.SensorPipelineStatus;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The status conditions, Kubernetes style: one per type, and {@code lastTransitionTime} moves only
 * when the condition's status does, so an unchanged situation writes an unchanged status.
 */
final class Conditions {
    static final String VALID = "Valid";
    static final String RECONCILED = "Reconciled";
    static final String READY = "Ready";

    private final long generation;
    private final Instant now;

    /** Conditions stamped with the generation they describe and the time of this look. */
    Conditions(long generation, Instant now) {
        this.generation = generation;
        this.now = now;
    }

    /** Sets one condition in the status, replacing the one of its type. */
    void set(SensorPipelineStatus status, String type, boolean ok, String reason, String message) {
        List<Condition> next = new ArrayList<>();
        Condition previous = null;
        for (Condition c : status.conditions == null ? List.<Condition>of() : status.conditions) {
            if (c.getType().equals(type)) {
                previous = c;
            } else {
                next.add(c);
            }
        }
        String statusText = ok ? "True" : "False";
        String since =
                previous != null && Objects.equals(previous.getStatus(), statusText)
                        ? previous.getLastTransitionTime()
                        : now.truncatedTo(ChronoUnit.SECONDS).toString();
        next.add(
                new ConditionBuilder()
                        .withType(type)
                        .withStatus(statusText)
                        .withReason(reason)
                        .withMessage(message)
                        .withObservedGeneration(generation)
                        .withLastTransitionTime(since)
                        .build());
        next.sort((a, b) -> Integer.compare(order(a.getType()), order(b.getType())));
        status.conditions = next;
    }

    static Condition find(List<Condition> conditions, String type) {
        return conditions == null
                ? null
                : conditions.stream()
                        .filter(c -> c.getType().equals(type))
                        .findFirst()
                        .orElse(null);
    }

    private static int order(String type) {
        return switch (type) {
            case VALID -> 0;
            case RECONCILED -> 1;
            case READY -> 2;
            default -> 3;
        };
    }
}
