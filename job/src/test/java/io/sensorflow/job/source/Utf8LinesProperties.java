package io.sensorflow.job.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/** Byte lines split and judged blank exactly as the decoded text's lines would be. */
class Utf8LinesProperties {

    @Property(tries = 2000)
    void textSplitsAsBufferedReaderSplitsIt(
            @ForAll("texts") String text,
            @ForAll @IntRange(min = 1, max = 9) int bufferSize,
            @ForAll @IntRange(min = 1, max = 7) int bytesPerRead)
            throws IOException {
        List<String> expected = new BufferedReader(new StringReader(text)).lines().toList();
        List<String> lines = new ArrayList<>();
        for (byte[] line : split(text.getBytes(StandardCharsets.UTF_8), bufferSize, bytesPerRead)) {
            lines.add(new String(line, StandardCharsets.UTF_8));
        }
        assertThat(lines).isEqualTo(expected);
    }

    /** Malformed UTF-8 too: each line decodes to what the stream's decoder made of it. */
    @Property(tries = 2000)
    void bytesSplitAsTheirDecodedText(
            @ForAll byte[] bytes,
            @ForAll @IntRange(min = 1, max = 9) int bufferSize,
            @ForAll @IntRange(min = 1, max = 7) int bytesPerRead)
            throws IOException {
        List<String> expected =
                new BufferedReader(
                                new InputStreamReader(
                                        new ByteArrayInputStream(bytes), StandardCharsets.UTF_8))
                        .lines()
                        .toList();
        List<String> lines = new ArrayList<>();
        for (byte[] line : split(bytes, bufferSize, bytesPerRead)) {
            lines.add(new String(line, StandardCharsets.UTF_8));
        }
        assertThat(lines).isEqualTo(expected);
    }

    @Property(tries = 2000)
    void blankAsTheTextIsBlank(@ForAll("blankish") String text) {
        assertThat(Utf8Lines.isBlank(text.getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(text.isBlank());
    }

    @Provide
    Arbitrary<String> texts() {
        return Arbitraries.of("a", "{\"v\":1}", "\n", "\r", "\r\n", " ", "é", "温", "😀", "\t", "")
                .list()
                .ofMaxSize(40)
                .map(parts -> String.join("", parts));
    }

    @Provide
    Arbitrary<String> blankish() {
        return Arbitraries.of(" ", "\t", "\u000B", "\f", "\u001C", "\u3000", "\u00A0", "x", "é")
                .list()
                .ofMaxSize(6)
                .map(parts -> String.join("", parts));
    }

    private static List<byte[]> split(byte[] bytes, int bufferSize, int bytesPerRead)
            throws IOException {
        InputStream trickle =
                new ByteArrayInputStream(bytes) {
                    @Override
                    public synchronized int read(byte[] b, int off, int len) {
                        return super.read(b, off, Math.min(len, bytesPerRead));
                    }
                };
        List<byte[]> lines = new ArrayList<>();
        try (Utf8Lines reader = new Utf8Lines(trickle, bufferSize)) {
            byte[] line;
            while ((line = reader.next()) != null) {
                lines.add(line);
            }
        }
        return lines;
    }
}
