package io.sensorflow.api;

/** Which side of the threshold breaches a rule. Strict: a value equal to it never breaches. */
public enum Direction {
    ABOVE("above", ">"),
    BELOW("below", "<");

    private final String wireName;
    private final String symbol;

    Direction(String wireName, String symbol) {
        this.wireName = wireName;
        this.symbol = symbol;
    }

    /** {@code above} or {@code below}: the rule's field that holds the threshold. */
    public String wireName() {
        return wireName;
    }

    /** {@code >} or {@code <}, for short summaries such as {@code overheat:temperature>30}. */
    public String symbol() {
        return symbol;
    }

    public boolean breaches(double value, double threshold) {
        return this == ABOVE ? value > threshold : value < threshold;
    }
}
