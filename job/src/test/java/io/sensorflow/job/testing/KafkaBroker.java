package io.sensorflow.job.testing;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * A real single-node KRaft Kafka broker for the tests, in its own JVM, from the class path that the
 * {@code kafka-broker} module copies out of Maven Central artifacts. One broker serves all test
 * classes of a test JVM; it stops when that JVM exits.
 */
public final class KafkaBroker {
    private static KafkaBroker shared;

    private final Process process;

    /** The one user of the SASL/PLAIN listener. */
    public static final String SASL_USER = "sensorflow";

    public static final String SASL_PASSWORD = "not-on-the-command-line";

    private final String bootstrapServers;
    private final String saslBootstrapServers;
    private final Path logFile;

    private KafkaBroker(
            Process process, String bootstrapServers, String saslBootstrapServers, Path logFile) {
        this.process = process;
        this.bootstrapServers = bootstrapServers;
        this.saslBootstrapServers = saslBootstrapServers;
        this.logFile = logFile;
    }

    /** The broker of this test JVM, started on first use. */
    public static synchronized KafkaBroker shared() {
        if (shared == null) {
            try {
                shared = start();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            KafkaBroker broker = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(broker::stop, "stop kafka broker"));
        }
        return shared;
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** The listener that takes only SASL/PLAIN clients with {@link #SASL_USER}'s password. */
    public String saslBootstrapServers() {
        return saslBootstrapServers;
    }

    /** Creates topics (1 partition unless given) and waits until they exist. */
    public void createTopics(int partitions, String... topics) {
        try (Admin admin = admin()) {
            List<NewTopic> newTopics = new ArrayList<>();
            for (String t : topics) {
                newTopics.add(new NewTopic(t, partitions, (short) 1));
            }
            admin.createTopics(newTopics).all().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("could not create topics", e);
        }
    }

    public Admin admin() {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        return Admin.create(p);
    }

    /** A fresh name, so that test classes sharing the broker never share a topic. */
    public static String uniqueName(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static KafkaBroker start() throws IOException, InterruptedException {
        Path lib =
                Path.of(System.getProperty("sensorflow.kafkaBrokerLib", "kafka-broker/target/lib"));
        if (!Files.isDirectory(lib)) {
            throw new IllegalStateException(
                    "no broker class path at "
                            + lib.toAbsolutePath()
                            + ": build from the repository root");
        }
        Path dir = Files.createTempDirectory("sensorflow-kafka");
        int port = Ports.free();
        int controllerPort = Ports.free();
        int saslPort = Ports.free();
        Path config = dir.resolve("server.properties");
        Files.writeString(
                config,
                String.join(
                                "\n",
                                "process.roles=broker,controller",
                                "node.id=1",
                                "controller.quorum.voters=1@127.0.0.1:" + controllerPort,
                                "listeners=PLAINTEXT://127.0.0.1:"
                                        + port
                                        + ",SASL_PLAINTEXT://127.0.0.1:"
                                        + saslPort
                                        + ",CONTROLLER://127.0.0.1:"
                                        + controllerPort,
                                "advertised.listeners=PLAINTEXT://127.0.0.1:"
                                        + port
                                        + ",SASL_PLAINTEXT://127.0.0.1:"
                                        + saslPort,
                                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,"
                                        + "SASL_PLAINTEXT:SASL_PLAINTEXT,CONTROLLER:PLAINTEXT",
                                // a listener that wants credentials, as a secured cluster does
                                "sasl.enabled.mechanisms=PLAIN",
                                "listener.name.sasl_plaintext.plain.sasl.jaas.config="
                                        + "org.apache.kafka.common.security.plain.PlainLoginModule"
                                        + " required user_"
                                        + SASL_USER
                                        + "=\""
                                        + SASL_PASSWORD
                                        + "\";",
                                "controller.listener.names=CONTROLLER",
                                "inter.broker.listener.name=PLAINTEXT",
                                "log.dirs=" + dir.resolve("data"),
                                "num.partitions=1",
                                "offsets.topic.replication.factor=1",
                                "offsets.topic.num.partitions=4",
                                "transaction.state.log.replication.factor=1",
                                "transaction.state.log.min.isr=1",
                                "transaction.state.log.num.partitions=4",
                                "group.initial.rebalance.delay.ms=0",
                                "auto.create.topics.enable=false",
                                // Tests and benchmarks replay readings of fixed dates, some sent
                                // with their event time as the record's timestamp. With Kafka's
                                // default time retention (7 days, judged by record timestamps) the
                                // broker deletes such input a week after those dates, in the
                                // middle of a run, and the job skips to the new log start.
                                // Nothing here is deleted by age; the check runs every second so
                                // that a test relying on this fails at once, not after minutes.
                                "log.retention.ms=-1",
                                "log.retention.check.interval.ms=1000",
                                "log.initial.task.delay.ms=0",
                                "")
                        + "\n",
                StandardCharsets.UTF_8);
        String classPath = lib.toAbsolutePath() + File.separator + "*";
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path logFile = dir.resolve("broker.log");

        Process format =
                new ProcessBuilder(
                                java,
                                "-cp",
                                classPath,
                                "kafka.tools.StorageTool",
                                "format",
                                "-t",
                                UUID.randomUUID().toString().replace("-", "").substring(0, 22),
                                "-c",
                                config.toString())
                        .redirectErrorStream(true)
                        .redirectOutput(dir.resolve("format.log").toFile())
                        .start();
        if (!format.waitFor(60, TimeUnit.SECONDS) || format.exitValue() != 0) {
            throw new IllegalStateException(
                    "formatting the broker's storage failed: "
                            + Files.readString(dir.resolve("format.log")));
        }
        Process broker =
                new ProcessBuilder(
                                java,
                                "-Xmx512m",
                                "-cp",
                                classPath,
                                "-Dlog4j.configuration=file:" + writeLog4j(dir),
                                "kafka.Kafka",
                                config.toString())
                        .redirectErrorStream(true)
                        .redirectOutput(logFile.toFile())
                        .start();
        KafkaBroker kafka =
                new KafkaBroker(broker, "127.0.0.1:" + port, "127.0.0.1:" + saslPort, logFile);
        kafka.awaitReady(Duration.ofSeconds(60));
        return kafka;
    }

    private static String writeLog4j(Path dir) throws IOException {
        Path file = dir.resolve("log4j.properties");
        Files.writeString(
                file,
                "log4j.rootLogger=WARN, stdout\n"
                        + "log4j.appender.stdout=org.apache.log4j.ConsoleAppender\n"
                        + "log4j.appender.stdout.layout=org.apache.log4j.PatternLayout\n"
                        + "log4j.appender.stdout.layout.ConversionPattern=[%d] %p %m (%c)%n\n");
        return file.toString();
    }

    private void awaitReady(Duration timeout) throws InterruptedException, IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Exception last = null;
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the broker exited: " + Files.readString(logFile));
            }
            try (Admin admin = admin()) {
                Collection<?> nodes = admin.describeCluster().nodes().get(5, TimeUnit.SECONDS);
                if (!nodes.isEmpty()) {
                    return;
                }
            } catch (Exception e) {
                last = e;
            }
            Thread.sleep(200);
        }
        stop();
        throw new IllegalStateException(
                "the broker did not start: " + Files.readString(logFile), last);
    }

    private void stop() {
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
