package io.sensorflow.job.source;

import io.sensorflow.job.model.ParsedRecord;
import io.sensorflow.job.model.RawRecord;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.reader.SimpleStreamFormat;
import org.apache.flink.connector.file.src.reader.StreamFormat;
import org.apache.flink.core.fs.FSDataInputStream;

/**
 * Reads and parses a file of JSON lines, each record named {@code <file>:<line number>} so that a
 * dead-letter record points at the line to fix. Blank lines carry no record and are skipped (they
 * still count for line numbers). The format is not splittable: on restore Flink re-reads the file
 * and skips the records already emitted, which keeps the line numbers right.
 */
public class JsonLinesFormat extends SimpleStreamFormat<ParsedRecord> {

    private final String displayName;

    /**
     * @param displayName the file as the user named it, used in the records' source
     */
    public JsonLinesFormat(String displayName) {
        this.displayName = displayName;
    }

    @Override
    public StreamFormat.Reader<ParsedRecord> createReader(
            Configuration config, FSDataInputStream stream) {
        BufferedReader lines =
                new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8));
        return new StreamFormat.Reader<>() {
            private long lineNumber;

            @Override
            public ParsedRecord read() throws IOException {
                String line;
                while ((line = lines.readLine()) != null) {
                    lineNumber++;
                    if (!line.isBlank()) {
                        return ReadingParser.parseRecord(
                                new RawRecord(line, displayName + ":" + lineNumber, null));
                    }
                }
                return null;
            }

            @Override
            public void close() throws IOException {
                lines.close();
            }
        };
    }

    @Override
    public TypeInformation<ParsedRecord> getProducedType() {
        return TypeInformation.of(ParsedRecord.class);
    }
}
