package io.sensorflow.job.testing;

import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/** The five topics of one pipeline run on the test broker, freshly named so no run shares them. */
public record PipelineTopics(
        String temperature,
        String humidity,
        String averages,
        String alerts,
        String deadLetter,
        int partitions) {

    private static final Pattern SENSOR = Pattern.compile("\"sensorId\":\"([^\"]*)\"");

    /** Creates them, two partitions each. */
    public static PipelineTopics create(KafkaBroker kafka) {
        return create(kafka, 2);
    }

    /** Creates them with this many partitions each. */
    public static PipelineTopics create(KafkaBroker kafka, int partitions) {
        String temperature = KafkaBroker.uniqueName("temperature");
        String humidity = KafkaBroker.uniqueName("humidity");
        kafka.createTopics(partitions, temperature, humidity);
        return new PipelineTopics(temperature, humidity, null, null, null, partitions)
                .withFreshOutputs(kafka);
    }

    /** The same readings topics and new output topics, for another job over the same input. */
    public PipelineTopics withFreshOutputs(KafkaBroker kafka) {
        PipelineTopics t =
                new PipelineTopics(
                        temperature,
                        humidity,
                        KafkaBroker.uniqueName("averages"),
                        KafkaBroker.uniqueName("alerts"),
                        KafkaBroker.uniqueName("dead-letter"),
                        partitions);
        kafka.createTopics(partitions, t.averages, t.alerts, t.deadLetter);
        return t;
    }

    /** The job's Kafka arguments for these topics, with a consumer group of their own. */
    public List<String> jobArgs(KafkaBroker kafka) {
        return List.of(
                "--source", "kafka",
                "--sink", "kafka",
                "--kafka-bootstrap", kafka.bootstrapServers(),
                "--temperature-topic", temperature,
                "--humidity-topic", humidity,
                "--averages-topic", averages,
                "--alerts-topic", alerts,
                "--dead-letter-topic", deadLetter,
                "--consumer-group", "group-" + averages);
    }

    /** Sends a line to the topic of its {@code type} (temperature without one), keyed by sensor. */
    public void send(KafkaProducer<String, String> producer, String line) {
        Matcher sensor = SENSOR.matcher(line);
        String topic = line.contains("\"type\":\"humidity\"") ? humidity : temperature;
        KafkaTopics.send(producer, topic, sensor.find() ? sensor.group(1) : null, line);
    }

    /**
     * Sends the lines, then a reading of sensor {@code clock} at {@code clockMillis} to every
     * partition of both topics, so that every window before it closes, whichever partition its
     * readings are in; waits until all is written.
     */
    public void produce(KafkaBroker kafka, List<String> lines, long clockMillis) throws Exception {
        List<String> clock = clockReadings(clockMillis);
        sendThen(
                kafka,
                lines,
                producer -> {
                    for (int partition = 0; partition < partitions; partition++) {
                        producer.send(
                                new ProducerRecord<>(
                                        temperature, partition, "clock", clock.get(0)));
                        producer.send(
                                new ProducerRecord<>(humidity, partition, "clock", clock.get(1)));
                    }
                });
    }

    /** Sends the lines and no clock reading (more are to come); waits until all is written. */
    public void sendAll(KafkaBroker kafka, List<String> lines) throws Exception {
        sendThen(kafka, lines, producer -> {});
    }

    private void sendThen(
            KafkaBroker kafka, List<String> lines, Consumer<KafkaProducer<String, String>> then) {
        try (KafkaProducer<String, String> producer =
                KafkaTopics.producer(kafka.bootstrapServers())) {
            for (String line : lines) {
                send(producer, line);
            }
            then.accept(producer);
            producer.flush();
        }
    }

    /** A temperature and a humidity reading of sensor {@code clock} that breach no test rule. */
    public static List<String> clockReadings(long at) {
        String format = "{\"sensorId\":\"clock\",\"type\":\"%s\",\"timestamp\":%d,\"value\":%d}";
        return List.of(
                String.format(format, "temperature", at, 20),
                String.format(format, "humidity", at, 50));
    }
}
