package io.sensorflow.job.sink;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Collection;
import java.util.List;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.StatefulSinkWriter;
import org.apache.flink.api.connector.sink2.SupportsWriterState;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * Writes lines to one named file, exactly once across failures. It must run with parallelism 1.
 *
 * <p>At each checkpoint the writer forces the file to disk and records its length; on restore it
 * truncates the file to that length, so the lines written after the checkpoint, which Flink will
 * replay, are not written twice. A fresh start (no restored state) truncates the file: the file
 * holds one run's output, complete when the job ends.
 */
public class JsonLinesFileSink implements Sink<String>, SupportsWriterState<String, Long> {

    private final String file;

    public JsonLinesFileSink(Path file) {
        this.file = file.toString();
    }

    @Override
    @SuppressWarnings("deprecation") // the abstract variant in Flink 1.20
    public Writer createWriter(InitContext context) throws IOException {
        return new Writer(Path.of(file), 0);
    }

    @Override
    public Writer createWriter(WriterInitContext context) throws IOException {
        return new Writer(Path.of(file), 0);
    }

    @Override
    public Writer restoreWriter(WriterInitContext context, Collection<Long> recoveredState)
            throws IOException {
        long length = recoveredState.stream().mapToLong(Long::longValue).max().orElse(0);
        return new Writer(Path.of(file), length);
    }

    @Override
    public SimpleVersionedSerializer<Long> getWriterStateSerializer() {
        return new LengthSerializer();
    }

    /** Appends lines to the file, which it first cuts back to the committed length. */
    static final class Writer implements StatefulSinkWriter<String, Long> {
        private final FileChannel channel;
        private final byte[] newline = {'\n'};

        Writer(Path file, long committedLength) throws IOException {
            Files.createDirectories(file.toAbsolutePath().getParent());
            channel =
                    FileChannel.open(
                            file,
                            StandardOpenOption.CREATE,
                            StandardOpenOption.WRITE,
                            StandardOpenOption.READ);
            channel.truncate(committedLength);
            channel.position(committedLength);
        }

        @Override
        public void write(String line, Context context) throws IOException {
            writeFully(ByteBuffer.wrap(line.getBytes(StandardCharsets.UTF_8)));
            writeFully(ByteBuffer.wrap(newline));
        }

        private void writeFully(ByteBuffer buffer) throws IOException {
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
        }

        @Override
        public void flush(boolean endOfInput) throws IOException {
            channel.force(false);
        }

        @Override
        public List<Long> snapshotState(long checkpointId) throws IOException {
            channel.force(false);
            return List.of(channel.position());
        }

        @Override
        public void close() throws IOException {
            channel.close();
        }
    }

    /** The committed length as eight bytes. */
    static final class LengthSerializer implements SimpleVersionedSerializer<Long> {
        @Override
        public int getVersion() {
            return 1;
        }

        @Override
        public byte[] serialize(Long length) {
            return ByteBuffer.allocate(Long.BYTES).putLong(length).array();
        }

        @Override
        public Long deserialize(int version, byte[] serialized) {
            return ByteBuffer.wrap(serialized).getLong();
        }
    }
}
