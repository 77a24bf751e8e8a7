package dev.bulwark.http.edge;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A request body that fails with {@link NotUtf8BodyException} as soon as what has been read of it is not UTF-8,
 * and at its end when it stops inside a sequence. The bytes are checked as they pass, by the JDK's strict UTF-8
 * decoder (no overlong forms, no encoded surrogates, nothing past U+10FFFF); nothing is kept but the at most three
 * bytes of a sequence split between two reads. Not thread-safe, as a request's input stream is not.
 */
final class Utf8CheckingInputStream extends ServletInputStream {

    private static final byte[] NOTHING = new byte[0];

    private final ServletInputStream body;
    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    private final CharBuffer decoded = CharBuffer.allocate(256);
    /** The start of a sequence the last read ended inside of. */
    private byte[] split = NOTHING;
    /** Offset in the body of the first byte not yet decoded (the first of {@link #split}). */
    private long offset;
    private boolean ended;

    Utf8CheckingInputStream(ServletInputStream body) {
        this.body = body;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int read = read(one, 0, 1);
        return read == -1 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] bytes, int off, int len) throws IOException {
        int read = body.read(bytes, off, len);
        if (read > 0) {
            check(bytes, off, read);
        } else if (read == -1) {
            end();
        }
        return read;
    }

    @Override
    public boolean isFinished() {
        return body.isFinished();
    }

    @Override
    public boolean isReady() {
        return body.isReady();
    }

    @Override
    public void setReadListener(ReadListener listener) {
        body.setReadListener(listener);
    }

    private void check(byte[] bytes, int off, int len) throws NotUtf8BodyException {
        ByteBuffer in;
        if (split.length == 0) {
            in = ByteBuffer.wrap(bytes, off, len).slice();
        } else {
            byte[] joined = Arrays.copyOf(split, split.length + len);
            System.arraycopy(bytes, off, joined, split.length, len);
            in = ByteBuffer.wrap(joined);
        }
        decode(in, false);
        offset += in.position();
        split = in.hasRemaining() ? Arrays.copyOfRange(in.array(), in.arrayOffset() + in.position(),
                in.arrayOffset() + in.limit()) : NOTHING;
    }

    private void end() throws NotUtf8BodyException {
        if (ended) {
            return;
        }
        ended = true;
        ByteBuffer rest = ByteBuffer.wrap(split);
        decode(rest, true);
        decoded.clear();
        decoder.flush(decoded);
    }

    private void decode(ByteBuffer in, boolean last) throws NotUtf8BodyException {
        CoderResult result;
        do {
            decoded.clear();
            result = decoder.decode(in, decoded, last);
            if (result.isError()) {
                NotUtf8BodyException notUtf8 = new NotUtf8BodyException(offset + in.position());
                InboundMessageMapper.refuseUnreadable(notUtf8.getMessage());
                throw notUtf8;
            }
        } while (result.isOverflow());
    }
}
