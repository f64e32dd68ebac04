package io.sensorflow.job.model;

import io.sensorflow.api.Metric;
import java.util.Objects;

/**
 * The read model: one sensor's averages over one tumbling window. An average is null, and its count
 * 0, when the window had no reading of that kind.
 */
public class Aggregate {
    public String sensorId;

    /** Window bounds, epoch milliseconds, start inclusive and end exclusive. */
    public long windowStart;

    public long windowEnd;
    public Double avgTemperature;
    public Double avgHumidity;
    public long temperatureReadings;
    public long humidityReadings;

    public Aggregate() {}

    public Aggregate(
            String sensorId,
            long windowStart,
            long windowEnd,
            Double avgTemperature,
            Double avgHumidity,
            long temperatureReadings,
            long humidityReadings) {
        this.sensorId = sensorId;
        this.windowStart = windowStart;
        this.windowEnd = windowEnd;
        this.avgTemperature = avgTemperature;
        this.avgHumidity = avgHumidity;
        this.temperatureReadings = temperatureReadings;
        this.humidityReadings = humidityReadings;
    }

    /** The average of this metric, or null when the window had none. */
    public Double average(Metric metric) {
        return metric == Metric.TEMPERATURE ? avgTemperature : avgHumidity;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Aggregate a
                && Objects.equals(sensorId, a.sensorId)
                && windowStart == a.windowStart
                && windowEnd == a.windowEnd
                && Objects.equals(avgTemperature, a.avgTemperature)
                && Objects.equals(avgHumidity, a.avgHumidity)
                && temperatureReadings == a.temperatureReadings
                && humidityReadings == a.humidityReadings;
    }

    @Override
    public int hashCode() {
        return Objects.hash(sensorId, windowStart, windowEnd);
    }

    @Override
    public String toString() {
        return "Aggregate{"
                + sensorId
                + " ["
                + windowStart
                + ","
                + windowEnd
                + ") t="
                + avgTemperature
                + "/"
                + temperatureReadings
                + " h="
                + avgHumidity
                + "/"
                + humidityReadings
                + "}";
    }
}
