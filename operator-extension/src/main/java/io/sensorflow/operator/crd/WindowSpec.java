package io.sensorflow.operator.crd;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;

public class WindowSpec {
    @Pattern(Patterns.DURATION)
    @Default("10m")
    @JsonPropertyDescription("Tumbling window size, event time: 1s .. 24h (e.g. 30s, 10m, 1h).")
    public String size = "10m";

    @Pattern(Patterns.DURATION)
    @Default("30s")
    @JsonPropertyDescription("How late a reading may be: 0s .. the window size.")
    public String maxOutOfOrderness = "30s";

    @Pattern(Patterns.DURATION)
    @Default("1m")
    @JsonPropertyDescription("After this long without readings a partition no longer holds time.")
    public String idleTimeout = "1m";
}
