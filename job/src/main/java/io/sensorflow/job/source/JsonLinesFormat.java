package io.sensorflow.job.source;

import io.sensorflow.job.model.ParsedRecord;
import java.io.IOException;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.reader.SimpleStreamFormat;
import org.apache.flink.connector.file.src.reader.StreamFormat;
import org.apache.flink.core.fs.FSDataInputStream;

/**
 * Reads and parses a file of JSON lines, each record named {@code <file>:<line number>} so that a
 * dead-letter record points at the line to fix. Lines are split and parsed as bytes (see {@link
 * Utf8Lines}); a line is decoded only when it is not an ordinary reading. Blank lines carry no
 * record and are skipped (they still count for line numbers). The format is not splittable: on
 * restore Flink re-reads the file and skips the records already emitted, which keeps the line
 * numbers right.
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
        Utf8Lines lines = new Utf8Lines(stream);
        String origin = displayName + ":";
        return new StreamFormat.Reader<>() {
            private long lineNumber;

            @Override
            public ParsedRecord read() throws IOException {
                byte[] line;
                while ((line = lines.next()) != null) {
                    lineNumber++;
                    if (!Utf8Lines.isBlank(line)) {
                        ParsedRecord record =
                                ReadingParser.parseRecord(line, origin, lineNumber, null);
                        record.fileOffset = lines.consumed();
                        return record;
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
