package io.sensorflow.job.alerting;

import java.io.Serializable;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A versioned set of threshold values by rule name, as the broadcast stream carries them. The
 * version is the SensorPipeline's generation when it comes from Kubernetes and 0 for the values on
 * the command line. Parallel arrays rather than a map keep it a Flink POJO, serialized without
 * Kryo.
 */
public class ThresholdSet implements Serializable {
    private static final long serialVersionUID = 1L;

    public long version;
    public String[] rules;
    public double[] values;

    public ThresholdSet() {}

    public static ThresholdSet of(long version, Map<String, Double> thresholds) {
        ThresholdSet set = new ThresholdSet();
        set.version = version;
        set.rules = thresholds.keySet().toArray(new String[0]);
        set.values = new double[set.rules.length];
        for (int i = 0; i < set.rules.length; i++) {
            set.values[i] = thresholds.get(set.rules[i]);
        }
        return set;
    }

    /** The threshold for this rule, or null when the set has none. */
    public Double valueOf(String rule) {
        for (int i = 0; i < rules.length; i++) {
            if (rules[i].equals(rule)) {
                return values[i];
            }
        }
        return null;
    }

    public Map<String, Double> asMap() {
        Map<String, Double> map = new LinkedHashMap<>();
        for (int i = 0; i < rules.length; i++) {
            map.put(rules[i], values[i]);
        }
        return map;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ThresholdSet t
                && version == t.version
                && Arrays.equals(rules, t.rules)
                && Arrays.equals(values, t.values);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(version) * 31 + Arrays.hashCode(rules);
    }

    @Override
    public String toString() {
        return "v" + version + " " + asMap();
    }
}
