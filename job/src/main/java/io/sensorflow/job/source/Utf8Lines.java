package io.sensorflow.job.source;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The lines of a byte stream, as bytes, split where {@link java.io.BufferedReader#readLine} splits
 * the decoded text: at {@code \n}, {@code \r} or {@code \r\n}, with a last line that needs no
 * terminator. Splitting before decoding is the same split, since no byte of a UTF-8 sequence (nor
 * of a malformed one) is below 0x80; it spares each line the decoding and the copy into a string
 * that the parser and the reading do not need.
 */
final class Utf8Lines implements Closeable {
    private final InputStream in;
    private byte[] buffer;
    private int position;
    private int limit;

    /** Bytes taken from the stream so far. */
    private long streamBytes;

    /** The last line ended at a {@code \r}: a {@code \n} right after it belongs to that line. */
    private boolean afterCarriageReturn;

    Utf8Lines(InputStream in) {
        this(in, 64 * 1024);
    }

    /** With a first buffer of this size; it grows to hold the longest line. */
    Utf8Lines(InputStream in, int bufferSize) {
        this.in = in;
        this.buffer = new byte[bufferSize];
    }

    /** The next line without its terminator, or null at the end of the stream. */
    byte[] next() throws IOException {
        int scanned = 0; // bytes from position on already known to hold no terminator
        while (true) {
            if (afterCarriageReturn && position < limit) {
                if (buffer[position] == '\n') {
                    position++;
                }
                afterCarriageReturn = false;
            }
            for (int i = position + scanned; i < limit; i++) {
                byte b = buffer[i];
                if (b == '\n' || b == '\r') {
                    byte[] line = Arrays.copyOfRange(buffer, position, i);
                    position = i + 1;
                    afterCarriageReturn = b == '\r';
                    return line;
                }
            }
            scanned = limit - position;
            if (!fill()) {
                if (position == limit) {
                    return null;
                }
                byte[] line = Arrays.copyOfRange(buffer, position, limit);
                position = limit;
                return line;
            }
        }
    }

    /** How many bytes of the stream the lines returned so far (and their terminators) span. */
    long consumed() {
        return streamBytes - (limit - position);
    }

    /** Reads more after the unread bytes, moved to the front; false at the end of the stream. */
    private boolean fill() throws IOException {
        int unread = limit - position;
        if (position > 0) {
            System.arraycopy(buffer, position, buffer, 0, unread);
            position = 0;
            limit = unread;
        }
        if (limit == buffer.length) {
            buffer = Arrays.copyOf(buffer, buffer.length * 2);
        }
        int n = in.read(buffer, limit, buffer.length - limit);
        if (n < 0) {
            return false;
        }
        limit += n;
        streamBytes += n;
        return true;
    }

    /** Whether the line is empty or white space only, as {@link String#isBlank} judges its text. */
    static boolean isBlank(byte[] line) {
        for (byte b : line) {
            if (b < 0) {
                return new String(line, StandardCharsets.UTF_8).isBlank();
            }
            if (!Character.isWhitespace(b)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
