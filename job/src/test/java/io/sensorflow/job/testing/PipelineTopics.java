package io.sensorflow.job.testing;

import java.util.List;

/** The five topics of one pipeline run on the test broker, freshly named so no run shares them. */
public record PipelineTopics(
        String temperature, String humidity, String averages, String alerts, String deadLetter) {

    /** Creates them, two partitions each. */
    public static PipelineTopics create(KafkaBroker kafka) {
        return create(kafka, 2);
    }

    /** Creates them with this many partitions each. */
    public static PipelineTopics create(KafkaBroker kafka, int partitions) {
        String temperature = KafkaBroker.uniqueName("temperature");
        String humidity = KafkaBroker.uniqueName("humidity");
        kafka.createTopics(partitions, temperature, humidity);
        return new PipelineTopics(temperature, humidity, null, null, null)
                .withFreshOutputs(kafka, partitions);
    }

    /** The same readings topics and new output topics, for another job over the same input. */
    public PipelineTopics withFreshOutputs(KafkaBroker kafka, int partitions) {
        PipelineTopics t =
                new PipelineTopics(
                        temperature,
                        humidity,
                        KafkaBroker.uniqueName("averages"),
                        KafkaBroker.uniqueName("alerts"),
                        KafkaBroker.uniqueName("dead-letter"));
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
}
