package io.sensorflow.job.bench;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A backfill from a file as a user runs it: the packaged {@code sensorflow-job-local.jar} as a
 * whole {@code java -jar} process (JVM start, planning, mini cluster and all) replaying a file of
 * JSON readings into files; next to it, in the same run, a single-threaded plain Java program that
 * reads the same file with Jackson's streaming parser and computes the same per-sensor window
 * averages: the floor on the cost of the work.
 *
 * <p>Run on purpose, not as a test: {@code mvn -q -B -Pbench -pl job -am package -DskipTests
 * -Dbench.phase=package -Dbench.main=io.sensorflow.job.bench.FileReplayBenchmark
 * -Dbench.args="6000000 2000 2"}. Args: {@code [readings] [sensors] [rounds]}; each sensor reads
 * every second, alternating kinds, so 6 million readings of 2,000 sensors are 50 minutes: 100,000
 * averages of 1-minute windows. {@code -Dreplay.jvmOptions=...} passes JVM options to the replay.
 */
public final class FileReplayBenchmark {
    static final long START = 1795514400000L; // 2026-11-24T10:00:00Z

    public static void main(String[] args) throws Exception {
        int readings = args.length > 0 ? Integer.parseInt(args[0]) : 6_000_000;
        int sensors = args.length > 1 ? Integer.parseInt(args[1]) : 2000;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 2;
        Path jar = Path.of("target/sensorflow-job-local.jar").toAbsolutePath();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: package the job first");
        }
        Path dir = Files.createTempDirectory("sensorflow-replay-bench");
        Path file = dir.resolve("readings.jsonl");
        long bytes = write(file, readings, sensors);
        System.out.printf(
                Locale.ROOT,
                "machine: %d cores, %s %s; file: %,d readings of %,d sensors, %,d MB, 1-minute"
                        + " windows%n",
                Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.vm.name"),
                System.getProperty("java.version"),
                readings,
                sensors,
                bytes >> 20);
        for (int round = 1; round <= rounds; round++) {
            long t0 = System.nanoTime();
            int plainWindows = plainJava(file, dir.resolve("plain-averages-" + round + ".jsonl"));
            double plain = (System.nanoTime() - t0) / 1e9;
            Path out = dir.resolve("out-" + round);
            t0 = System.nanoTime();
            int exit = replay(jar, file, out);
            double job = (System.nanoTime() - t0) / 1e9;
            long averages;
            try (var lines = Files.lines(out.resolve("averages.jsonl"))) {
                averages = lines.count();
            }
            if (exit != 0 || averages != plainWindows) {
                throw new IllegalStateException(
                        "the replay exited "
                                + exit
                                + " with "
                                + averages
                                + " averages, not "
                                + plainWindows);
            }
            System.out.printf(
                    Locale.ROOT,
                    "round %d: java -jar replay %.1f s (%,.0f readings/s, %,d averages) | plain java"
                            + " %.1f s (%,.0f readings/s) | replay/plain %.2f%n",
                    round,
                    job,
                    readings / job,
                    averages,
                    plain,
                    readings / plain,
                    plain / job);
        }
    }

    /** Readings in time order, every sensor every second, alternating kinds per sensor and tick. */
    static long write(Path file, int readings, int sensors) throws IOException {
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (int i = 0; i < readings; i++) {
                int sensor = i % sensors;
                int tick = i / sensors;
                boolean temperature = (tick + sensor) % 2 == 0;
                long timestamp = START + tick * 1000L + sensor % 1000;
                double value =
                        temperature
                                ? 18 + (sensor % 9) * 1.5 + (i % 17) * 0.1
                                : 35 + (sensor % 7) * 4 + (i % 13) * 0.1;
                w.write(
                        String.format(
                                Locale.ROOT,
                                "{\"sensorId\":\"sensor-%05d\",\"type\":\"%s\",\"timestamp\":%d,"
                                        + "\"value\":%.2f}\n",
                                sensor,
                                temperature ? "temperature" : "humidity",
                                timestamp,
                                value));
            }
        }
        return Files.size(file);
    }

    /** The whole job as a user starts it, with the JVM flags it would have. */
    static int replay(Path jar, Path file, Path out) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        String jvmOptions = System.getProperty("replay.jvmOptions", "");
        if (!jvmOptions.isBlank()) {
            command.addAll(List.of(jvmOptions.trim().split("\\s+")));
        }
        command.addAll(
                List.of(
                        "-jar",
                        jar.toString(),
                        "--source",
                        "file:" + file,
                        "--sink",
                        "file:" + out,
                        "--window-size",
                        "1m",
                        "--max-out-of-orderness",
                        "30s",
                        "--checkpoint-interval",
                        "0s"));
        Process p =
                new ProcessBuilder(command)
                        .redirectErrorStream(true)
                        .redirectOutput(out.resolveSibling(out.getFileName() + ".log").toFile())
                        .start();
        return p.waitFor();
    }

    /**
     * One thread: Jackson's streaming parser over each line, a hash map of windows per sensor, and
     * the averages written as JSON lines. It checks nothing beyond what it needs and raises no
     * alerts, so it is a floor, not a peer.
     */
    static int plainJava(Path file, Path averages) throws IOException {
        JsonFactory json = new JsonFactory();
        Map<String, double[]> windows = new HashMap<>();
        try (BufferedReader lines = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            while ((line = lines.readLine()) != null) {
                String sensorId = null;
                boolean temperature = false;
                long timestamp = 0;
                double value = 0;
                try (JsonParser p = json.createParser(line)) {
                    p.nextToken();
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        String name = p.currentName();
                        p.nextToken();
                        switch (name) {
                            case "sensorId" -> sensorId = p.getText();
                            case "type" -> temperature = p.getText().equals("temperature");
                            case "timestamp" -> timestamp = p.getLongValue();
                            case "value" -> value = p.getDoubleValue();
                            default -> p.skipChildren();
                        }
                    }
                }
                long start = timestamp - Math.floorMod(timestamp, 60_000L);
                double[] acc = windows.computeIfAbsent(sensorId + '@' + start, k -> new double[4]);
                int slot = temperature ? 0 : 2;
                acc[slot] += value;
                acc[slot + 1]++;
            }
        }
        try (BufferedWriter w = Files.newBufferedWriter(averages, StandardCharsets.UTF_8)) {
            for (Map.Entry<String, double[]> e : windows.entrySet()) {
                double[] acc = e.getValue();
                int at = e.getKey().lastIndexOf('@');
                w.write(
                        "{\"sensorId\":\""
                                + e.getKey().substring(0, at)
                                + "\",\"windowStart\":"
                                + e.getKey().substring(at + 1)
                                + ",\"avgTemperature\":"
                                + (acc[1] == 0 ? "null" : Double.toString(acc[0] / acc[1]))
                                + ",\"avgHumidity\":"
                                + (acc[3] == 0 ? "null" : Double.toString(acc[2] / acc[3]))
                                + "}\n");
            }
        }
        return windows.size();
    }
}
