package dev.bulwark.core;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;

/** The size of a value written as JSON, measured without holding the text: to bound what a tool takes or gives. */
public final class JsonSize {

    private JsonSize() {}

    /**
     * The bytes {@code mapper} writes for {@code value} (UTF-8), counted as they are written and dropped.
     *
     * @throws IOException if the mapper cannot write the value (too deeply nested, say)
     */
    public static long of(ObjectMapper mapper, Object value) throws IOException {
        ByteCounter counter = new ByteCounter();
        mapper.writeValue(counter, value);
        return counter.count;
    }

    /** Counts bytes and drops them. */
    private static final class ByteCounter extends OutputStream {

        private long count;

        @Override
        public void write(int b) {
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            count += len;
        }
    }
}
