package dev.bulwark.bootstrap;

import dev.bulwark.bootstrap.config.ServerConfig;
import dev.bulwark.core.Bulwark;
import dev.bulwark.http.HttpMode;
import dev.bulwark.ports.origin.ProtocolEra;
import dev.bulwark.serve.BulwarkHttp;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.slf4j.Logger;

/**
 * The HTTP half of the build's training run for the HTTP class-data archive.
 */
final class HttpTraining {

    /** The system property that asks for the HTTP half of the training. */
    static final String PROPERTY = "bulwark.cds.train-http";

    private static final String INITIALIZE = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":"
            + "{\"protocolVersion\":\"" + ProtocolEra.SESSIONS_2025_11_25.version() + "\",\"capabilities\":{},"
            + "\"clientInfo\":{\"name\":\"bulwark-cds-training\",\"version\":\"1\"}}}";
    private static final String INITIALIZED = "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}";
    private static final String TOOLS_LIST = "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}";
    private static final String CALL = "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\",\"params\":"
            + "{\"name\":\"process_data\",\"arguments\":{\"data\":{\"items\":[1,2,3]},\"operation\":\"analyze\"}}}";

    private HttpTraining() {}

    /** Whether this run is the build's training run with its HTTP half. */
    static boolean requested() {
        return Boolean.getBoolean(PROPERTY);
    }

    /** Serves {@code bulwark} over HTTP in each mode in turn and sends it the training session. */
    static void run(ServerConfig config, Bulwark bulwark, Logger log) {
        for (HttpMode mode : HttpMode.values()) {
            try (BulwarkHttp http = BulwarkHttp.builder(bulwark)
                    .settings(config.http())
                    .auth(config.auth())
                    .host("127.0.0.1")
                    .port(0)
                    .managementPort(0)
                    .mode(mode)
                    .start()) {
                session(http, mode == HttpMode.STATEFUL);
            } catch (IOException | RuntimeException e) {
                log.warn("Class-data training over HTTP ({}) failed: the archive lacks part of an HTTP start", mode, e);
            }
        }
    }

    private static void session(BulwarkHttp http, boolean stateful) throws IOException {
        String mcp = "http://127.0.0.1:" + http.port() + "/mcp";
        String sessionId = null;
        if (stateful) {
            sessionId = post(mcp, INITIALIZE, Map.of()).getHeaderField("Mcp-Session-Id");
            if (sessionId == null) {
                throw new IOException("initialize answered without an Mcp-Session-Id");
            }
        }
        String version = ProtocolEra.SESSIONS_2025_11_25.version();
        Map<String, String> headers = sessionId == null
                ? Map.of("MCP-Protocol-Version", version)
                : Map.of("MCP-Protocol-Version", version, "Mcp-Session-Id", sessionId);
        if (stateful) {
            post(mcp, INITIALIZED, headers);
        }
        for (String request : new String[] {TOOLS_LIST, CALL}) {
            post(mcp, request, headers);
        }
        answer(open("http://127.0.0.1:" + http.managementPort() + "/metrics", "GET", Map.of()));
        if (stateful) {
            answer(open(mcp, "DELETE", headers));
        }
    }

    private static HttpURLConnection post(String url, String body, Map<String, String> headers) throws IOException {
        HttpURLConnection connection = open(url, "POST", headers);
        connection.setDoOutput(true);
        connection.setRequestProperty("Content-Type", "application/json");
        connection.setRequestProperty("Accept", "application/json, text/event-stream");
        try (OutputStream out = connection.getOutputStream()) {
            out.write(body.getBytes(StandardCharsets.UTF_8));
        }
        answer(connection);
        return connection;
    }

    private static HttpURLConnection open(String url, String method, Map<String, String> headers) throws IOException {
        HttpURLConnection connection =
                (HttpURLConnection) URI.create(url).toURL().openConnection();
        connection.setRequestMethod(method);
        connection.setConnectTimeout(10_000);
        connection.setReadTimeout(30_000);
        headers.forEach(connection::setRequestProperty);
        return connection;
    }

    /** Reads the whole answer; a status of 400 or more fails the training, naming the request. */
    private static void answer(HttpURLConnection connection) throws IOException {
        int status = connection.getResponseCode();
        InputStream body = status >= 400 ? connection.getErrorStream() : connection.getInputStream();
        if (body != null) {
            try (body) {
                body.readAllBytes();
            }
        }
        if (status >= 400) {
            throw new IOException(
                    connection.getRequestMethod() + " " + connection.getURL().getPath() + " answered " + status);
        }
    }
}
