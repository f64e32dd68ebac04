package io.sensorflow.operator.crd;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.sensorflow.api.Windows;

public class WindowSpec {
    @Pattern(Patterns.DURATION)
    @Default(Windows.DEFAULT_SIZE)
    @JsonPropertyDescription("Tumbling window size, event time: 1s .. 24h (e.g. 30s, 10m, 1h).")
    public String size = Windows.DEFAULT_SIZE;

    @Pattern(Patterns.DURATION)
    @Default(Windows.DEFAULT_MAX_OUT_OF_ORDERNESS)
    @JsonPropertyDescription("How late a reading may be: 0s .. the window size.")
    public String maxOutOfOrderness = Windows.DEFAULT_MAX_OUT_OF_ORDERNESS;

    @Pattern(Patterns.DURATION)
    @Default(Windows.DEFAULT_IDLE_TIMEOUT)
    @JsonPropertyDescription("After this long without readings a partition no longer holds time.")
    public String idleTimeout = Windows.DEFAULT_IDLE_TIMEOUT;
}
