package dev.bulwark.loadtest;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One HTTP/1.1 connection written by hand on a socket channel bound to a chosen local address: requests in turn on
 * it (keep-alive), or an event stream whose head is read and whose channel is then handed over to a selector. Exists
 * because a client of ten thousand streams needs neither a thread nor a pooled connection per stream, and because the
 * server caps sessions and connections per client address. Not thread-safe: one caller at a time.
 */
final class RawHttpConnection implements Closeable {

    /** A whole answer: status, headers (names in lower case) and body. */
    record Answer(int status, Map<String, String> headers, byte[] body) {

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private final SocketChannel channel;
    private final InputStream in;
    private final OutputStream out;
    private final String host;

    private RawHttpConnection(SocketChannel channel, InetSocketAddress server) {
        this.channel = channel;
        this.in = new BufferedInputStream(Channels.newInputStream(channel), 16 * 1024);
        this.out = Channels.newOutputStream(channel);
        this.host = server.getHostString() + ":" + server.getPort();
    }

    /** Connects to {@code server} from {@code local} (any port of it; null: the system's choice). */
    static RawHttpConnection open(InetSocketAddress server, InetAddress local) throws IOException {
        SocketChannel channel = SocketChannel.open();
        try {
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            if (local != null) {
                channel.bind(new InetSocketAddress(local, 0));
            }
            channel.connect(server);
            return new RawHttpConnection(channel, server);
        } catch (IOException e) {
            channel.close();
            throw e;
        }
    }

    /** Sends one request and reads its whole answer (by its Content-Length, chunked, or to the connection's end). */
    Answer exchange(String method, String path, Map<String, String> headers, byte[] body) throws IOException {
        writeRequest(method, path, headers, body);
        int status = readStatus();
        Map<String, String> answerHeaders = readHeaders();
        return new Answer(status, answerHeaders, readBody(answerHeaders));
    }

    /**
     * Sends a GET for an event stream and reads the answer's head only; on 200 the stream stays open for {@link
     * #channel()}, otherwise the answer's body is read and returned.
     */
    Answer openStream(String path, Map<String, String> headers) throws IOException {
        writeRequest("GET", path, headers, null);
        int status = readStatus();
        Map<String, String> answerHeaders = readHeaders();
        byte[] body = status == 200 ? new byte[0] : readBody(answerHeaders);
        return new Answer(status, answerHeaders, body);
    }

    /** The connection's channel, in blocking mode until its reader changes that. */
    SocketChannel channel() {
        return channel;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    private void writeRequest(String method, String path, Map<String, String> headers, byte[] body) throws IOException {
        StringBuilder head = new StringBuilder(256)
                .append(method)
                .append(' ')
                .append(path)
                .append(" HTTP/1.1\r\nHost: ")
                .append(host)
                .append("\r\n");
        headers.forEach(
                (name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
        if (body != null) {
            head.append("Content-Length: ").append(body.length).append("\r\n");
        }
        head.append("\r\n");
        byte[] headBytes = head.toString().getBytes(StandardCharsets.ISO_8859_1);
        if (body == null) {
            out.write(headBytes);
        } else {
            byte[] request = new byte[headBytes.length + body.length];
            System.arraycopy(headBytes, 0, request, 0, headBytes.length);
            System.arraycopy(body, 0, request, headBytes.length, body.length);
            out.write(request);
        }
        out.flush();
    }

    private int readStatus() throws IOException {
        String line = readLine();
        String[] parts = line.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
            throw new IOException("not an HTTP/1.1 status line: " + line);
        }
        return Integer.parseInt(parts[1]);
    }

    private Map<String, String> readHeaders() throws IOException {
        Map<String, String> headers = new LinkedHashMap<>();
        for (String line = readLine(); !line.isEmpty(); line = readLine()) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                headers.put(
                        line.substring(0, colon).trim().toLowerCase(Locale.ROOT),
                        line.substring(colon + 1).trim());
            }
        }
        return headers;
    }

    private byte[] readBody(Map<String, String> headers) throws IOException {
        String length = headers.get("content-length");
        if (length != null) {
            return in.readNBytes(Integer.parseInt(length));
        }
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            for (int size = chunkSize(); size > 0; size = chunkSize()) {
                body.write(in.readNBytes(size));
                readLine();
            }
            for (String trailer = readLine(); !trailer.isEmpty(); trailer = readLine()) {
                // trailers are not used
            }
            return body.toByteArray();
        }
        return in.readAllBytes();
    }

    private int chunkSize() throws IOException {
        String line = readLine();
        int extension = line.indexOf(';');
        return Integer.parseInt((extension < 0 ? line : line.substring(0, extension)).trim(), 16);
    }

    private String readLine() throws IOException {
        StringBuilder line = new StringBuilder(64);
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("the server closed the connection");
            }
            if (b == '\n') {
                int end = line.length();
                if (end > 0 && line.charAt(end - 1) == '\r') {
                    line.setLength(end - 1);
                }
                return line.toString();
            }
            line.append((char) b);
        }
    }
}
