package io.sensorflow.job.testing;

import java.util.List;

/** The five topics of one pipeline run on the test broker, freshly named so no run shares them. */
public record PipelineTopics(
        String temperature, String humidity, String averages, String alerts, String deadLetter) {

    /** Creates them, two partitions each. */
    public static PipelineTopics create(KafkaBroker kafka) {
        PipelineTopics t =
                new PipelineTopics(
                        KafkaBroker.uniqueName("temperature"),
                        KafkaBroker.uniqueName("humidity"),
                        KafkaBroker.uniqueName("averages"),
                        KafkaBroker.uniqueName("alerts"),
                        KafkaBroker.uniqueName("dead-letter"));
        kafka.createTopics(2, t.temperature, t.humidity, t.averages, t.alerts, t.deadLetter);
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
