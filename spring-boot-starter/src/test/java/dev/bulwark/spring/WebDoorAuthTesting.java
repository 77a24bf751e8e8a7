package dev.bulwark.spring;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.slf4j.LoggerFactory;

/** What the web door's authentication tests share: signed JWTs, requests, the audit log and the refusal counters. */
final class WebDoorAuthTesting {

    /** The HS256 secret of the tests' tokens: 32 bytes and more. */
    static final String SECRET = "a-test-secret-of-more-than-thirty-two-bytes";

    static final String ISSUER = "https://issuer.example";

    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    private WebDoorAuthTesting() {}

    /** An HS256 JWT of {@code subject} for {@code audience} with {@code scope}, valid for an hour. */
    static String jwt(String subject, String audience, String scope) {
        return jwt(SECRET, subject, audience, scope);
    }

    static String jwt(String secret, String subject, String audience, String scope) {
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .subject(subject)
                .issuer(ISSUER)
                .audience(audience)
                .claim("scope", scope)
                .issueTime(Date.from(Instant.now()))
                .expirationTime(Date.from(Instant.now().plus(Duration.ofHours(1))))
                .build();
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
            jwt.sign(new MACSigner(secret.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A {@code tools/call} of {@code tool} in the session era. */
    static String call(String tool, String arguments) {
        return "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"" + tool
                + "\",\"arguments\":" + arguments + "}}";
    }

    /** POSTs {@code body} to {@code path} on {@code port} from {@code client} (X-Forwarded-For) with {@code headers}. */
    static HttpResponse<String> post(int port, String path, String client, String body, Map<String, String> headers)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream")
                .header("MCP-Protocol-Version", "2025-11-25")
                .header("X-Forwarded-For", client)
                .POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> get(int port, String path) throws Exception {
        return CLIENT.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .timeout(Duration.ofSeconds(30))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** How many refusals of {@code errorType} {@code meters} counted in {@code mcp_errors_total}. */
    static double refusals(MeterRegistry meters, String errorType) {
        Counter counter =
                meters.find("mcp.errors").tag("error_type", "http_" + errorType).counter();
        return counter == null ? 0 : counter.count();
    }

    /** Collects the audit lines ({@code dev.bulwark.audit}) from now on; stop it with {@link Audit#close}. */
    static Audit audit() {
        return new Audit();
    }

    /** The audit lines written while open. */
    static final class Audit implements AutoCloseable {
        private final Logger logger = (Logger) LoggerFactory.getLogger("dev.bulwark.audit");
        private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

        private Audit() {
            appender.start();
            logger.addAppender(appender);
        }

        /** Each line as its message and its key-values. */
        List<String> lines() {
            return List.copyOf(appender.list).stream()
                    .map(event -> event.getFormattedMessage() + " "
                            + (event.getKeyValuePairs() == null ? "" : event.getKeyValuePairs()))
                    .toList();
        }

        @Override
        public void close() {
            logger.detachAppender(appender);
        }
    }
}
