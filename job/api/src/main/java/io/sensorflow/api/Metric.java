package io.sensorflow.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Locale;

/**
 * What a reading measures, with the physical range a real sensor can report: readings and
 * thresholds outside it are refused. The wire name is how records, rules, topics and the
 * SensorPipeline resource spell it.
 */
public enum Metric {
    @JsonProperty("temperature")
    TEMPERATURE("temperature", -90.0, 150.0, "°C"),
    @JsonProperty("humidity")
    HUMIDITY("humidity", 0.0, 100.0, "%RH");

    /** values(), without the copy that every call of it makes. */
    private static final Metric[] ALL = values();

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

    /** {@code temperature} or {@code humidity}. */
    public String wireName() {
        return wireName;
    }

    public boolean inRange(double value) {
        return value >= min && value <= max;
    }

    /** The range as a reader would write it, for messages: {@code [-90, 150] °C}. */
    public String rangeText() {
        return String.format(Locale.ROOT, "[%s, %s] %s", plain(min), plain(max), unit);
    }

    /** The metric with this wire name, or null. */
    public static Metric fromWireName(String name) {
        for (Metric m : ALL) {
            if (m.wireName.equals(name)) {
                return m;
            }
        }
        return null;
    }

    /**
     * The metric whose wire name is these characters, or null: the parser's way of reading a {@code
     * type} in place, without making a string of it first.
     */
    public static Metric fromWireName(char[] chars, int offset, int length) {
        for (Metric m : ALL) {
            if (m.wireName.length() == length && m.spelledAt(chars, offset)) {
                return m;
            }
        }
        return null;
    }

    private boolean spelledAt(char[] chars, int offset) {
        for (int i = 0; i < wireName.length(); i++) {
            if (wireName.charAt(i) != chars[offset + i]) {
                return false;
            }
        }
        return true;
    }

    /** A number as users write it: 30, not 30.0. */
    public static String plain(double v) {
        return v == Math.rint(v) && !Double.isInfinite(v)
                ? Long.toString((long) v)
                : Double.toString(v);
    }
}
