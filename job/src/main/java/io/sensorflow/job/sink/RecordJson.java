package io.sensorflow.job.sink;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.sensorflow.job.model.Aggregate;
import io.sensorflow.job.model.Alert;
import io.sensorflow.job.model.DeadLetter;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;

/**
 * The output records as JSON, field for field and in the order of the README ("Records"). Times are
 * ISO-8601 UTC instants; absent averages are {@code null}.
 */
public final class RecordJson {
    private static final JsonFactory JSON = new JsonFactory();

    private RecordJson() {}

    public static String of(Aggregate a) {
        return write(
                g -> {
                    g.writeStringField("sensorId", a.sensorId);
                    g.writeStringField("windowStart", instant(a.windowStart));
                    g.writeStringField("windowEnd", instant(a.windowEnd));
                    writeNullable(g, "avgTemperature", a.avgTemperature);
                    writeNullable(g, "avgHumidity", a.avgHumidity);
                    g.writeNumberField("temperatureReadings", a.temperatureReadings);
                    g.writeNumberField("humidityReadings", a.humidityReadings);
                });
    }

    public static String of(Alert a) {
        return write(
                g -> {
                    g.writeStringField("alertId", a.alertId);
                    g.writeStringField("status", a.status.name());
                    g.writeStringField("rule", a.rule);
                    g.writeStringField("sensorId", a.sensorId);
                    g.writeStringField("metric", a.metric.wireName());
                    g.writeNumberField("value", a.value);
                    g.writeNumberField("threshold", a.threshold);
                    g.writeStringField("windowStart", instant(a.windowStart));
                    g.writeStringField("windowEnd", instant(a.windowEnd));
                    g.writeNumberField("consecutiveWindows", a.consecutiveWindows);
                    g.writeNumberField("rulesVersion", a.rulesVersion);
                });
    }

    public static String of(DeadLetter d) {
        return write(
                g -> {
                    g.writeStringField("reason", d.reason);
                    g.writeStringField("source", d.source);
                    g.writeStringField("payload", d.payload);
                    g.writeStringField("at", instant(d.at));
                });
    }

    private static String instant(long epochMillis) {
        return Instant.ofEpochMilli(epochMillis).toString();
    }

    private static void writeNullable(JsonGenerator g, String field, Double value)
            throws IOException {
        if (value == null) {
            g.writeNullField(field);
        } else {
            g.writeNumberField(field, value);
        }
    }

    private interface Fields {
        void write(JsonGenerator g) throws IOException;
    }

    private static String write(Fields fields) {
        StringWriter out = new StringWriter(192);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            fields.write(g);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not fail
        }
        return out.toString();
    }
}
