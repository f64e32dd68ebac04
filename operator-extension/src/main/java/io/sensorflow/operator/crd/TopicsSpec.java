package io.sensorflow.operator.crd;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.sensorflow.api.Topics;
import java.util.Map;

/** Kafka topic names: 1 to 249 of letters, digits, '.', '_' and '-'. */
public class TopicsSpec {
    @Pattern(Patterns.TOPIC)
    @Default(Topics.TEMPERATURE)
    @JsonPropertyDescription("Temperature readings.")
    public String temperature = Topics.TEMPERATURE;

    @Pattern(Patterns.TOPIC)
    @Default(Topics.HUMIDITY)
    @JsonPropertyDescription("Humidity readings.")
    public String humidity = Topics.HUMIDITY;

    @Pattern(Patterns.TOPIC)
    @Default(Topics.AVERAGES)
    @JsonPropertyDescription("Window averages (the read model).")
    public String averages = Topics.AVERAGES;

    @Pattern(Patterns.TOPIC)
    @Default(Topics.ALERTS)
    @JsonPropertyDescription("Alerts.")
    public String alerts = Topics.ALERTS;

    @Pattern(Patterns.TOPIC)
    @Default(Topics.DEAD_LETTER)
    @JsonPropertyDescription("Readings that could not be used, with the reason.")
    public String deadLetter = Topics.DEAD_LETTER;

    /** The topics by role, as the contract names the roles. */
    public Map<String, String> byRole() {
        return Topics.byRole(temperature, humidity, averages, alerts, deadLetter);
    }
}
