package io.sensorflow.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;

/**
 * Which classes the cluster's processes loaded from the user jar, read from the JVMs' class-load
 * logs ({@code -Xlog:class+load}): the JobManager runs the jar's main from its upload directory,
 * the TaskManagers run the tasks from their blob caches.
 */
record ClassLoading(Map<String, Set<String>> fromUserJar, Set<String> inLib) {

    static ClassLoading of(FlinkCluster cluster, Path lib) throws IOException {
        List<String> userJarPlaces =
                List.of(
                        "file:" + cluster.home().resolve("blobs"),
                        "file:" + cluster.home().resolve("web"));
        Map<String, Set<String>> fromUserJar = new TreeMap<>();
        for (Path log : cluster.logs("-classes.txt")) {
            String process = log.getFileName().toString().replace("-classes.txt", "");
            Set<String> loaded = fromUserJar.computeIfAbsent(process, p -> new HashSet<>());
            try (var lines = Files.lines(log)) {
                lines.forEach(
                        line -> {
                            // "[1.234s] org.example.Foo source: file:/path/to/the.jar"
                            int name = line.indexOf("] ") + 2;
                            int source = line.indexOf(" source: ");
                            if (name < 2 || source < name) {
                                return;
                            }
                            String from = line.substring(source + " source: ".length());
                            if (userJarPlaces.stream().anyMatch(from::startsWith)) {
                                loaded.add(line.substring(name, source));
                            }
                        });
            }
        }
        Set<String> inLib = new HashSet<>();
        try (var jars = Files.list(lib)) {
            for (Path jar : jars.filter(j -> j.toString().endsWith(".jar")).toList()) {
                inLib.addAll(classesIn(jar));
            }
        }
        return new ClassLoading(fromUserJar, inLib);
    }

    /** What the JobManager loaded from the user jar. */
    Set<String> jobManager() {
        return fromUserJar.getOrDefault("jobmanager", Set.of());
    }

    /** What the TaskManagers, all of them so far, loaded from the user jar. */
    Set<String> taskManagers() {
        Set<String> all = new HashSet<>();
        fromUserJar.forEach(
                (process, classes) -> {
                    if (process.startsWith("taskmanager")) {
                        all.addAll(classes);
                    }
                });
        return all;
    }

    /** The classes in a jar, by name. */
    static Set<String> classesIn(Path jar) throws IOException {
        Set<String> classes = new HashSet<>();
        try (JarFile file = new JarFile(jar.toFile())) {
            file.stream()
                    .map(ZipEntry::getName)
                    .filter(n -> n.endsWith(".class") && !n.startsWith("META-INF/"))
                    .filter(n -> !n.endsWith("module-info.class"))
                    .map(n -> n.substring(0, n.length() - ".class".length()).replace('/', '.'))
                    .forEach(classes::add);
        }
        return classes;
    }
}
