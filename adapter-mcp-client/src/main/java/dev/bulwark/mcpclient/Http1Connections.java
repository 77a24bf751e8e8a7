package dev.bulwark.mcpclient;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.StandardSocketOptions;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Deque;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;

/**
 * HTTP/1.1 POSTs to one {@code http} origin on kept connections, each written and read on the calling thread;
 * interrupting that thread closes its connection. Bulwark's own, as the JDK client's async exchange costs four thread
 * changes per call, {@code HttpURLConnection}'s keep-alive pool is set by a JVM-wide property, and Jetty's client
 * hops threads (docs/gateway.md). Thread-safe.
 */
final class Http1Connections implements AutoCloseable {

    /**
     * How long an idle connection is kept for reuse. Servers end idle connections after a while of their own (5 s for
     * Node's, 30 s for Jetty's); a connection older than this is closed rather than risked.
     */
    private static final long KEEP_NANOS = Duration.ofSeconds(4).toNanos();

    /** The deadline of a request whose answer may take as long as it takes: a stream that stays open. */
    static final long NO_DEADLINE = Long.MAX_VALUE;

    private static final int MAX_HEADER_BYTES = 64 * 1024;

    private final String host;
    private final int port;
    private final String target;
    private final byte[] head;
    private final int connectMillis;
    private final Deque<Connection> idle = new ConcurrentLinkedDeque<>();
    private volatile boolean closed;

    /**
     * An answer: its status, its content type, and its body, which gives its connection back for reuse once read to
     * its end, and closes it when closed before.
     */
    record Answer(int status, String contentType, InputStream body) {}

    /**
     * @param url an {@code http} URL
     * @param connectTime how long opening a connection may take
     */
    Http1Connections(URI url, Duration connectTime) {
        if (!"http".equalsIgnoreCase(url.getScheme())) {
            throw new IllegalArgumentException("not an http URL: " + url.getScheme());
        }
        this.host = url.getHost();
        this.port = url.getPort() < 0 ? 80 : url.getPort();
        String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
        this.target = url.getRawQuery() == null ? path : path + "?" + url.getRawQuery();
        String authority = url.getPort() < 0 ? host : host + ":" + port;
        this.head = ("POST " + target + " HTTP/1.1\r\nHost: " + authority + "\r\n").getBytes(StandardCharsets.US_ASCII);
        this.connectMillis = (int) Math.min(Integer.MAX_VALUE, connectTime.toMillis());
    }

    /**
     * Posts {@code body} with {@code headers} (names and values in ASCII, without line breaks) and reads the answer's
     * status and headers, by {@code deadline} (of {@link System#nanoTime()}, or {@link #NO_DEADLINE}); the body's
     * reads keep to it too.
     *
     * @throws SocketTimeoutException when the deadline passes
     * @throws IOException when the connection fails, or is closed by an interrupt of the calling thread
     */
    Answer post(Map<String, String> headers, byte[] body, long deadline) throws IOException {
        byte[] request = request(headers, body);
        Connection kept = kept();
        // a request is sent once: were a kept connection to fail after it was written, the upstream may have read it,
        // and a call sent again could run twice; so a kept connection is checked before use, and a failure is the
        // call's
        Connection connection = kept != null ? kept : open(deadline);
        return connection.exchange(request, deadline);
    }

    /** Closes every idle connection; connections in use close when their answers end. */
    @Override
    public void close() {
        closed = true;
        for (Connection connection = idle.pollFirst(); connection != null; connection = idle.pollFirst()) {
            connection.close();
        }
    }

    private byte[] request(Map<String, String> headers, byte[] body) {
        StringBuilder text = new StringBuilder(256);
        headers.forEach(
                (name, value) -> text.append(name).append(": ").append(value).append("\r\n"));
        text.append("Content-Length: ").append(body.length).append("\r\n\r\n");
        byte[] rest = text.toString().getBytes(StandardCharsets.UTF_8);
        byte[] request = new byte[head.length + rest.length + body.length];
        System.arraycopy(head, 0, request, 0, head.length);
        System.arraycopy(rest, 0, request, head.length, rest.length);
        System.arraycopy(body, 0, request, head.length + rest.length, body.length);
        return request;
    }

    /** The most recently used idle connection still young enough; older ones are closed. */
    private Connection kept() {
        long now = System.nanoTime();
        Connection oldest = idle.peekLast();
        if (oldest != null && now - oldest.idleSince >= KEEP_NANOS && idle.removeLastOccurrence(oldest)) {
            oldest.close(); // one a request, so that connections kept after a burst do not stay open
        }
        for (Connection connection = idle.pollFirst(); connection != null; connection = idle.pollFirst()) {
            if (now - connection.idleSince < KEEP_NANOS && connection.quietAndOpen()) {
                return connection;
            }
            connection.close();
        }
        return null;
    }

    private Connection open(long deadline) throws IOException {
        SocketChannel channel = SocketChannel.open();
        try {
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            long left = remainingMillis(deadline);
            int within = (int) (left == 0 ? connectMillis : Math.min(connectMillis, left));
            channel.socket().connect(new InetSocketAddress(host, port), within);
            return new Connection(channel);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** The time left until {@code deadline}, at least a millisecond; 0, no limit, for {@link #NO_DEADLINE}. */
    private static long remainingMillis(long deadline) throws SocketTimeoutException {
        if (deadline == NO_DEADLINE) {
            return 0;
        }
        long nanos = deadline - System.nanoTime();
        if (nanos <= 0) {
            throw new SocketTimeoutException("the deadline passed");
        }
        return Math.max(1, nanos / 1_000_000);
    }

    /** One connection: a blocking channel, read through its socket so that a read keeps to a deadline. */
    private final class Connection {

        private final SocketChannel channel;
        private final Socket socket;
        private final InputStream in;
        private final byte[] buffer = new byte[16 * 1024];
        private final byte[] probe = new byte[1];
        private int position;
        private int limit;
        private long idleSince;
        private long deadline;
        /** Reading the rest of a body nobody wants, only as far as it has come already. */
        private boolean draining;

        Connection(SocketChannel channel) throws IOException {
            this.channel = channel;
            this.socket = channel.socket();
            this.in = socket.getInputStream();
        }

        /**
         * Whether the server has neither closed this idle connection nor sent anything on it, read without waiting: a
         * connection that fails this is not used, and no request is ever sent twice.
         */
        boolean quietAndOpen() {
            try {
                channel.configureBlocking(false);
                try {
                    return channel.read(ByteBuffer.wrap(probe)) == 0;
                } finally {
                    channel.configureBlocking(true);
                }
            } catch (IOException e) {
                return false;
            }
        }

        Answer exchange(byte[] request, long deadline) throws IOException {
            this.deadline = deadline;
            try {
                ByteBuffer out = ByteBuffer.wrap(request);
                while (out.hasRemaining()) {
                    channel.write(out);
                }
                if (fill() < 0) {
                    throw new IOException("the upstream closed the connection without answering");
                }
                return answer();
            } catch (IOException | RuntimeException e) {
                close();
                throw e;
            }
        }

        private Answer answer() throws IOException {
            String status = line();
            if (!status.startsWith("HTTP/1.") || status.length() < 12) {
                throw new IOException("not an HTTP/1.1 answer");
            }
            int code = Integer.parseInt(status.substring(9, 12));
            Map<String, String> headers = new HashMap<>();
            int headBytes = status.length();
            for (String line = line(); !line.isEmpty(); line = line()) {
                headBytes += line.length();
                if (headBytes > MAX_HEADER_BYTES) {
                    throw new IOException("the answer's head is too long");
                }
                int colon = line.indexOf(':');
                if (colon > 0) {
                    headers.merge(
                            line.substring(0, colon).trim().toLowerCase(Locale.ROOT),
                            line.substring(colon + 1).trim(),
                            (first, second) -> first + ", " + second);
                }
            }
            if (code / 100 == 1) {
                return answer(); // an interim answer: the real one follows
            }
            boolean reusable = !headers.getOrDefault("connection", "")
                            .toLowerCase(Locale.ROOT)
                            .contains("close")
                    && !status.startsWith("HTTP/1.0");
            String type = headers.getOrDefault("content-type", "");
            InputStream body;
            if (code == 204 || code == 304) {
                body = new Sized(0, reusable);
            } else if (headers.getOrDefault("transfer-encoding", "")
                    .toLowerCase(Locale.ROOT)
                    .contains("chunked")) {
                body = new Chunked(reusable);
            } else if (headers.containsKey("content-length")) {
                body = new Sized(Long.parseLong(headers.get("content-length")), reusable);
            } else {
                body = new Sized(Long.MAX_VALUE, false); // to the end of the connection
            }
            return new Answer(code, type, body);
        }

        /** Reads more into the buffer, within the deadline: the count read, or -1 at the end of the connection. */
        private int fill() throws IOException {
            if (draining && in.available() <= 0) {
                throw new IOException("the rest of the answer has not come yet");
            }
            socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, remainingMillis(deadline)));
            int n = in.read(buffer, 0, buffer.length);
            position = 0;
            limit = Math.max(n, 0);
            return n;
        }

        private int read() throws IOException {
            if (position == limit && fill() < 0) {
                return -1;
            }
            return buffer[position++] & 0xff;
        }

        /** One line of the answer's head, without its line break. */
        private String line() throws IOException {
            ByteArrayOutputStream line = new ByteArrayOutputStream(64);
            for (int b = read(); b != '\n'; b = read()) {
                if (b < 0) {
                    throw new IOException("the answer ended in its head");
                }
                if (b != '\r') {
                    line.write(b);
                }
                if (line.size() > MAX_HEADER_BYTES) {
                    throw new IOException("the answer's head is too long");
                }
            }
            return line.toString(StandardCharsets.ISO_8859_1);
        }

        /** Reads up to {@code length} bytes of the body, at most what is buffered when some is. */
        private int readBody(byte[] into, int offset, int length) throws IOException {
            if (position == limit && fill() < 0) {
                return -1;
            }
            int n = Math.min(length, limit - position);
            System.arraycopy(buffer, position, into, offset, n);
            position += n;
            return n;
        }

        /** Keeps the connection for the next request, unless the answer says not to or bytes are left over. */
        private void release(boolean reusable) {
            draining = false;
            if (reusable && position == limit && !closed) {
                idleSince = System.nanoTime();
                idle.offerFirst(this);
                if (closed && idle.remove(this)) {
                    close();
                }
            } else {
                close();
            }
        }

        void close() {
            try {
                channel.close();
            } catch (IOException e) {
                // closing only
            }
        }

        /** An answer's body, which gives its connection back at its end. */
        private abstract class Body extends InputStream {

            /** Whether the body has ended, its connection kept or closed. */
            boolean done;

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            /**
             * Reads what is left of the body as far as it has come (a little at most), keeping the connection when that is
             * all of it: an event stream is closed once its response is read, and its end usually came with it.
             */
            @Override
            public void close() {
                if (done) {
                    return;
                }
                draining = true;
                byte[] skipped = new byte[512];
                try {
                    for (int total = 0; total < MAX_HEADER_BYTES; ) {
                        int n = read(skipped, 0, skipped.length);
                        if (n < 0) {
                            return;
                        }
                        total += n;
                    }
                } catch (IOException e) {
                    // the rest has not come: the connection is closed
                }
                end(false);
            }

            final void end(boolean keep) {
                if (!done) {
                    done = true;
                    release(keep);
                }
            }
        }

        /** A body of a known length, or to the end of the connection. */
        private final class Sized extends Body {

            private long left;
            private final boolean reusable;

            Sized(long length, boolean reusable) {
                this.left = length;
                this.reusable = reusable;
                if (length == 0) {
                    end(true);
                }
            }

            @Override
            public int read(byte[] into, int offset, int length) throws IOException {
                if (done || left == 0) {
                    return -1;
                }
                if (length == 0) {
                    return 0;
                }
                int n;
                try {
                    n = readBody(into, offset, (int) Math.min(length, left));
                } catch (IOException e) {
                    end(false);
                    throw e;
                }
                if (n < 0) {
                    end(false);
                    if (left != Long.MAX_VALUE) {
                        throw new IOException("the answer ended before its length");
                    }
                    return -1;
                }
                if (left != Long.MAX_VALUE) {
                    left -= n;
                    if (left == 0) {
                        end(reusable);
                    }
                }
                return n;
            }
        }

        /** A body in chunks. */
        private final class Chunked extends Body {

            private final boolean reusable;
            private long left;

            Chunked(boolean reusable) {
                this.reusable = reusable;
            }

            @Override
            public int read(byte[] into, int offset, int length) throws IOException {
                if (done) {
                    return -1;
                }
                if (length == 0) {
                    return 0;
                }
                try {
                    if (left == 0) {
                        String size = line();
                        int extension = size.indexOf(';');
                        left = Long.parseLong((extension < 0 ? size : size.substring(0, extension)).trim(), 16);
                        if (left == 0) {
                            while (!line().isEmpty()) {
                                // trailers: none are used
                            }
                            end(reusable);
                            return -1;
                        }
                    }
                    int n = readBody(into, offset, (int) Math.min(length, left));
                    if (n < 0) {
                        throw new IOException("the answer ended inside a chunk");
                    }
                    left -= n;
                    if (left == 0 && !line().isEmpty()) {
                        throw new IOException("a chunk did not end with a line break");
                    }
                    return n;
                } catch (IOException | NumberFormatException e) {
                    end(false);
                    throw e instanceof IOException io ? io : new IOException("a chunk's size is not a number");
                }
            }
        }
    }
}
