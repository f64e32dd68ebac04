package io.sensorflow.operator.reconciler;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
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

    private Conditions() {}

    static List<Condition> set(
            List<Condition> current,
            String type,
            boolean status,
            String reason,
            String message,
            long generation,
            Instant now) {
        List<Condition> next = new ArrayList<>();
        Condition previous = null;
        for (Condition c : current == null ? List.<Condition>of() : current) {
            if (c.getType().equals(type)) {
                previous = c;
            } else {
                next.add(c);
            }
        }
        String statusText = status ? "True" : "False";
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
        return next;
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
