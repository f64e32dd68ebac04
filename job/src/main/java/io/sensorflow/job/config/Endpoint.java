package io.sensorflow.job.config;

import io.sensorflow.api.JobCommandLine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;

/**
 * Where readings come from ({@code --source}) or results go ({@code --sink}): a kind and, for
 * files, a path.
 */
public final class Endpoint {

    /** The kinds of endpoint; not every kind is valid on both sides. */
    public enum Kind {
        GENERATOR,
        STDOUT,
        FILE,
        KAFKA
    }

    private final Kind kind;
    private final Path path;

    private Endpoint(Kind kind, Path path) {
        this.kind = kind;
        this.path = path;
    }

    public Kind kind() {
        return kind;
    }

    /** The file (source) or directory (sink), for {@link Kind#FILE} only. */
    public Path path() {
        return path;
    }

    /** {@code generator}, {@code file:PATH} (an existing, readable file) or {@code kafka}. */
    public static Endpoint source(String text) {
        if (JobCommandLine.GENERATOR.equals(text)) {
            return new Endpoint(Kind.GENERATOR, null);
        }
        if (JobCommandLine.KAFKA.equals(text)) {
            return new Endpoint(Kind.KAFKA, null);
        }
        Path path = filePath(text, "generator, file:PATH or kafka");
        if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
            throw new IllegalArgumentException("'" + path + "' is not a readable file");
        }
        return new Endpoint(Kind.FILE, path);
    }

    /** {@code stdout}, {@code file:DIR} (a directory, created if absent) or {@code kafka}. */
    public static Endpoint sink(String text) {
        if (JobCommandLine.STDOUT.equals(text)) {
            return new Endpoint(Kind.STDOUT, null);
        }
        if (JobCommandLine.KAFKA.equals(text)) {
            return new Endpoint(Kind.KAFKA, null);
        }
        Path path = filePath(text, "stdout, file:DIR or kafka");
        if (Files.exists(path) && !Files.isDirectory(path)) {
            throw new IllegalArgumentException("'" + path + "' exists and is not a directory");
        }
        return new Endpoint(Kind.FILE, path);
    }

    private static Path filePath(String text, String choices) {
        String prefix = JobCommandLine.FILE_PREFIX;
        if (text == null || !text.startsWith(prefix) || text.length() == prefix.length()) {
            throw new IllegalArgumentException("'" + text + "' is not one of " + choices);
        }
        return Path.of(text.substring(prefix.length())).toAbsolutePath().normalize();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Endpoint e && kind == e.kind && Objects.equals(path, e.path);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, path);
    }

    @Override
    public String toString() {
        return kind == Kind.FILE
                ? JobCommandLine.FILE_PREFIX + path
                : kind.name().toLowerCase(Locale.ROOT);
    }
}
