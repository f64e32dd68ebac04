package io.sensorflow.operator.crd;

import com.fasterxml.jackson.annotation.JsonProperty;

/** What a rule looks at, with the physical range its thresholds must lie in. */
public enum Metric {
    @JsonProperty("temperature")
    TEMPERATURE("temperature", -90, 150, "°C"),
    @JsonProperty("humidity")
    HUMIDITY("humidity", 0, 100, "%RH");

    private final String wireName;
    private final double min;
    private final double max;
    private final String unit;

    Metric(String wireName, double min, double max, String unit) {
        this.wireName = wireName;
        this.min = min;
        this.max = max;
        this.unit = unit;
    }

    public String wireName() {
        return wireName;
    }

    public boolean inRange(double value) {
        return value >= min && value <= max;
    }

    public String rangeText() {
        return "[" + fmt(min) + ", " + fmt(max) + "] " + unit;
    }

    /** A value as users write it: 30, not 30.0. */
    public static String fmt(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }
}
