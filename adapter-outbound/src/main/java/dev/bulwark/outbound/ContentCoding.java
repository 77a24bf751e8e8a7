package dev.bulwark.outbound;

import dev.bulwark.ports.outbound.ServiceFailure;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;
import java.util.zip.ZipException;

/**
 * Undoes a response body's {@code gzip} or {@code deflate} coding, up to the body cap.
 */
final class ContentCoding {

    private ContentCoding() {}

    /**
     * The body with the codings of {@code contentEncoding} undone, last applied first.
     *
     * @param contentEncoding the {@code Content-Encoding} values; empty for none
     * @throws AttemptFailure {@link ServiceFailure#PROTOCOL_ERROR} for a coding it does not know or a body that does
     *     not decode, {@link ServiceFailure#RESPONSE_TOO_LARGE} for a decoded body over {@code maxBytes}
     */
    static byte[] decode(List<String> contentEncoding, byte[] body, long maxBytes) {
        String[] codings = String.join(",", contentEncoding).split(",");
        byte[] decoded = body;
        for (int i = codings.length - 1; i >= 0; i--) {
            String coding = codings[i].strip().toLowerCase(Locale.ROOT);
            if (coding.isEmpty() || coding.equals("identity") || decoded.length == 0) {
                continue;
            }
            try {
                decoded = switch (coding) {
                    case "gzip", "x-gzip" -> read(new GZIPInputStream(new ByteArrayInputStream(decoded)), maxBytes);
                    case "deflate" -> inflate(decoded, maxBytes);
                    default ->
                        throw new AttemptFailure(
                                ServiceFailure.PROTOCOL_ERROR, "answered with a content coding it was not asked for");
                };
            } catch (IOException e) {
                throw new AttemptFailure(ServiceFailure.PROTOCOL_ERROR, "answered with a body that does not decode");
            }
        }
        return decoded;
    }

    /** {@code deflate} is zlib-wrapped by the standard, raw from some servers: both are read. */
    private static byte[] inflate(byte[] body, long maxBytes) throws IOException {
        try {
            return inflate(body, maxBytes, false);
        } catch (ZipException e) {
            return inflate(body, maxBytes, true);
        }
    }

    private static byte[] inflate(byte[] body, long maxBytes, boolean raw) throws IOException {
        Inflater inflater = new Inflater(raw);
        try {
            return read(new InflaterInputStream(new ByteArrayInputStream(body), inflater), maxBytes);
        } finally {
            inflater.end();
        }
    }

    private static byte[] read(InputStream in, long maxBytes) throws IOException {
        try (in) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                if (out.size() + (long) n > maxBytes) {
                    throw new AttemptFailure(
                            ServiceFailure.RESPONSE_TOO_LARGE,
                            "answered with a body larger than " + maxBytes + " bytes once decoded");
                }
                out.write(buffer, 0, n);
            }
            return out.toByteArray();
        }
    }
}
