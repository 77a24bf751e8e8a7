package dev.bulwark.http.edge;

import dev.bulwark.http.exchange.Exchange;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;

/**
 * Refuses a request whose declared {@code Content-Length} is over the limit with 413 and a JSON-RPC error before a
 * byte of its body is read. A body without a length (chunked) is counted as it is read by the MCP transport, which
 * stops at the same limit and answers 413 the same way (through {@link JsonRpcErrorResponse}), so no body is ever
 * buffered beyond the limit.
 *
 * <p>After any 413 the rest of the body is read and thrown away, up to {@value #DISCARD_FACTOR} times the limit
 * (never kept, and bounded in time by the idle timeout and the minimum read rate), and only then does the request
 * end. The client is usually still sending when it is refused: a server that closes the connection on unread bytes
 * makes the kernel reset it, and the client could get that reset instead of its 413. A declared body larger than
 * that is not read at all; its client may still see a reset. Thread-safe.
 */
public final class BodySizeFilter extends HttpFilter {

    private static final long serialVersionUID = 1L;

    /** How many times the limit a refused body may still be read, to be thrown away. */
    static final int DISCARD_FACTOR = 4;

    private final long maxBytes;

    public BodySizeFilter(long maxBytes) {
        if (maxBytes < 1) {
            throw new IllegalArgumentException("maxBytes must be positive, was " + maxBytes);
        }
        this.maxBytes = maxBytes;
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        long declared = request.getContentLengthLong();
        if (declared > maxBytes) {
            refuseTooLarge(request, response, maxBytes);
            if (declared <= discardLimit()) {
                discardRest(request);
            }
            return;
        }
        chain.doFilter(request, response);
        if (response.getStatus() == 413) {
            discardRest(request);
        }
    }

    private long discardLimit() {
        return DISCARD_FACTOR * maxBytes;
    }

    /**
     * Reads what is left of the body (the answer is already sent) and throws it away, up to the discard limit. A
     * client that stops sending, or sends too slowly, only ends it sooner: the connection is closed after the answer
     * in any case.
     */
    private void discardRest(HttpServletRequest request) {
        byte[] buffer = new byte[8192];
        long left = discardLimit();
        try {
            InputStream body = request.getInputStream();
            while (left > 0) {
                int read = body.read(buffer, 0, (int) Math.min(buffer.length, left));
                if (read < 0) {
                    return;
                }
                left -= read;
            }
        } catch (IOException | RuntimeException gone) {
            // the client went away or stalled: nothing is left to protect
        }
    }

    /**
     * Answers 413 with a JSON-RPC error naming the limit, and closes the connection (the rest of the body is not
     * read). For any filter that finds the body too large while reading it.
     */
    public static void refuseTooLarge(HttpServletRequest request, HttpServletResponse response, long maxBytes)
            throws IOException {
        Exchange.of(request).refuse("payload_too_large");
        response.setHeader("Connection", "close");
        JsonRpcErrors.send(response, 413, JsonRpcErrors.INVALID_REQUEST,
                "Request body too large: the limit is " + maxBytes + " bytes (limits.max-request-size)");
    }
}
