package dev.bulwark.loadtest;

import dev.bulwark.ports.origin.ProtocolEra;
import java.io.Closeable;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * MCP requests over one {@link RawHttpConnection}: a session of the session era (initialize, then calls in it),
 * or requests of the 2026 era, which need none. Not thread-safe: one caller at a time.
 */
final class McpHttpClient implements Closeable {

    static final String ERA_2025 = ProtocolEra.SESSIONS_2025_11_25.version();
    static final String ERA_2026 = ProtocolEra.REQUESTS_2026_07_28.version();
    private static final String META_2026 = ",\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":\"" + ERA_2026
            + "\",\"io.modelcontextprotocol/clientCapabilities\":{}}";

    private final InetSocketAddress server;
    private final InetAddress local;
    private final String path;
    /** A connection idle this long is opened anew: the server closes idle ones (http.idle-timeout, 30 s shipped). */
    private static final long STALE_NANOS = 10_000_000_000L;

    private RawHttpConnection connection;
    private long lastUsed;
    private String session;
    private long nextId = 1;

    McpHttpClient(InetSocketAddress server, InetAddress local, String path) {
        this.server = server;
        this.local = local;
        this.path = path;
    }

    /** Opens a session: initialize and its notification; throws naming the status and body if refused. */
    String initialize() throws IOException {
        RawHttpConnection.Answer answer = post(
                null,
                "{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"" + ERA_2025
                        + "\",\"capabilities\":{},\"clientInfo\":{\"name\":\"bulwark-scale\",\"version\":\"1\"}}}",
                ERA_2025,
                null);
        String id = answer.headers().get("mcp-session-id");
        if (answer.status() != 200 || id == null) {
            throw new RefusedException(answer);
        }
        session = id;
        RawHttpConnection.Answer initialized =
                post(null, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}", ERA_2025, null);
        if (initialized.status() != 202) {
            throw new RefusedException(initialized);
        }
        return id;
    }

    String session() {
        return session;
    }

    /** A tools/call of {@code tool} with {@code arguments} (JSON), in the session or of the 2026 era. */
    RawHttpConnection.Answer call(String era, String tool, String arguments) throws IOException {
        long id = nextId++;
        String meta = ERA_2026.equals(era) ? META_2026 : "";
        return post(
                tool,
                "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"tools/call\",\"params\":{\"name\":\"" + tool
                        + "\",\"arguments\":" + arguments + meta + "}}",
                era,
                "tools/call");
    }

    /** A tools/list, in the session or of the 2026 era. */
    RawHttpConnection.Answer listTools(String era) throws IOException {
        long id = nextId++;
        String params = ERA_2026.equals(era) ? "{" + META_2026.substring(1) + "}" : "{}";
        return post(
                null,
                "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"tools/list\",\"params\":" + params + "}",
                era,
                "tools/list");
    }

    /** Opens the session's GET event stream on a connection of its own, and returns that connection. */
    RawHttpConnection openStream() throws IOException {
        RawHttpConnection stream = RawHttpConnection.open(server, local);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Accept", "text/event-stream");
        headers.put("Mcp-Session-Id", session);
        headers.put("MCP-Protocol-Version", ERA_2025);
        RawHttpConnection.Answer answer = stream.openStream(path, headers);
        if (answer.status() != 200) {
            stream.close();
            throw new RefusedException(answer);
        }
        return stream;
    }

    /** Closes the connection; the session stays on the server. */
    @Override
    public void close() throws IOException {
        if (connection != null) {
            connection.close();
            connection = null;
        }
    }

    private RawHttpConnection.Answer post(String tool, String json, String era, String method) throws IOException {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        headers.put("Accept", "application/json, text/event-stream");
        headers.put("MCP-Protocol-Version", era);
        if (ERA_2026.equals(era)) {
            headers.put("Mcp-Method", method);
            if (tool != null) {
                headers.put("Mcp-Name", tool);
            }
        } else if (session != null) {
            headers.put("Mcp-Session-Id", session);
        }
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        if (connection != null && System.nanoTime() - lastUsed > STALE_NANOS) {
            close();
        }
        if (connection == null) {
            connection = RawHttpConnection.open(server, local);
        }
        try {
            RawHttpConnection.Answer answer = connection.exchange("POST", path, headers, body);
            lastUsed = System.nanoTime();
            if ("close".equalsIgnoreCase(answer.headers().get("connection"))) {
                close();
            }
            return answer;
        } catch (IOException e) {
            close();
            throw e;
        }
    }

    /** An answer that refused a request: its status and the start of its body. */
    static final class RefusedException extends IOException {

        private static final long serialVersionUID = 1L;

        RefusedException(RawHttpConnection.Answer answer) {
            super("HTTP " + answer.status() + ": " + abbreviate(answer.text()));
        }

        private static String abbreviate(String text) {
            String line = text.replace('\n', ' ').trim();
            return line.length() > 300 ? line.substring(0, 300) + "..." : line;
        }
    }
}
