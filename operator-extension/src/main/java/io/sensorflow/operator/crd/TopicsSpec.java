package io.sensorflow.operator.crd;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;

/** Kafka topic names: 1 to 249 of letters, digits, '.', '_' and '-'. */
public class TopicsSpec {
    @Pattern(Patterns.TOPIC)
    @Default("sensors.temperature")
    @JsonPropertyDescription("Temperature readings.")
    public String temperature = "sensors.temperature";

    @Pattern(Patterns.TOPIC)
    @Default("sensors.humidity")
    @JsonPropertyDescription("Humidity readings.")
    public String humidity = "sensors.humidity";

    @Pattern(Patterns.TOPIC)
    @Default("sensors.averages")
    @JsonPropertyDescription("Window averages (the read model).")
    public String averages = "sensors.averages";

    @Pattern(Patterns.TOPIC)
    @Default("sensors.alerts")
    @JsonPropertyDescription("Alerts.")
    public String alerts = "sensors.alerts";

    @Pattern(Patterns.TOPIC)
    @Default("sensors.dead-letter")
    @JsonPropertyDescription("Readings that could not be used, with the reason.")
    public String deadLetter = "sensors.dead-letter";
}
