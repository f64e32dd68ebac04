package io.sensorflow.job.alerting;

/** Which side of the threshold breaches a rule. Strict: a value equal to it never breaches. */
public enum Direction {
    ABOVE("above"),
    BELOW("below");

    private final String wireName;

    Direction(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public boolean breaches(double value, double threshold) {
        return this == ABOVE ? value > threshold : value < threshold;
    }
}
