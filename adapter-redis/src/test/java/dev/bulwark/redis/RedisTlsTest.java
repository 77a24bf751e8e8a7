package dev.bulwark.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.ports.DependencyUnavailableException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code rediss://} against a real {@code redis-server} with TLS on: the adapter encrypts, and verifies the server's
 * certificate and host name against the JVM's trust store. Certificates are made for the test with the JDK's
 * {@code keytool}; the trust store is set through the {@code javax.net.ssl.trustStore} properties, as an operator
 * would, and restored afterwards.
 */
class RedisTlsTest {

    private static final String PASSWORD = "changeit";
    private static final List<String> TRUST_PROPERTIES =
            List.of("javax.net.ssl.trustStore", "javax.net.ssl.trustStorePassword", "javax.net.ssl.trustStoreType");

    @TempDir
    static Path dir;

    private static final Map<String, String> previousProperties = new HashMap<>();
    private static EmbeddedRedis trusted;
    private static int trustedTlsPort;
    private static EmbeddedRedis untrusted;
    private static int untrustedTlsPort;

    @BeforeAll
    static void startServers() throws Exception {
        Certificate trustedCertificate = serverCertificate(dir.resolve("trusted"), "dns:localhost");
        serverCertificate(dir.resolve("untrusted"), "dns:localhost,ip:127.0.0.1");
        Path trustStore = dir.resolve("truststore.p12");
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("redis", trustedCertificate);
        try (OutputStream out = Files.newOutputStream(trustStore)) {
            trust.store(out, PASSWORD.toCharArray());
        }
        TRUST_PROPERTIES.forEach(key -> previousProperties.put(key, System.getProperty(key)));
        System.setProperty("javax.net.ssl.trustStore", trustStore.toString());
        System.setProperty("javax.net.ssl.trustStorePassword", PASSWORD);
        System.setProperty("javax.net.ssl.trustStoreType", "PKCS12");

        trusted = EmbeddedRedis.startWithTlsPort(port -> tlsArguments(dir.resolve("trusted"), port));
        trustedTlsPort = trusted.tlsPort();
        untrusted = EmbeddedRedis.startWithTlsPort(port -> tlsArguments(dir.resolve("untrusted"), port));
        untrustedTlsPort = untrusted.tlsPort();
    }

    @AfterAll
    static void stopServers() {
        previousProperties.forEach((key, value) -> {
            if (value == null) {
                System.clearProperty(key);
            } else {
                System.setProperty(key, value);
            }
        });
        if (trusted != null) {
            trusted.close();
        }
        if (untrusted != null) {
            untrusted.close();
        }
    }

    @Test
    void cachesOverTlsWhenTheServersCertificateIsTrusted() {
        try (RedisConnection redis = connect("rediss://localhost:" + trustedTlsPort)) {
            RedisCacheStore cache = new RedisCacheStore(redis);

            cache.put("greeting", "hello over TLS", Duration.ofMinutes(1));

            assertThat(cache.get("greeting")).contains("hello over TLS");
        }
    }

    @Test
    void refusesAServerWhoseCertificateIsNotTrusted() {
        assertRefused("rediss://localhost:" + untrustedTlsPort);
    }

    @Test
    void refusesACertificateIssuedForAnotherHostName() {
        // The trusted certificate names localhost only: reached as 127.0.0.1, the host name does not match.
        assertRefused("rediss://127.0.0.1:" + trustedTlsPort);
    }

    /** A cache call through {@code url} fails as a connection failure: the TLS handshake was refused. */
    private static void assertRefused(String url) {
        try (RedisConnection redis = connect(url)) {
            RedisCacheStore cache = new RedisCacheStore(redis);

            assertThatThrownBy(() -> cache.get("greeting"))
                    .isInstanceOf(DependencyUnavailableException.class)
                    .hasMessageContaining("connection failed");
        }
    }

    private static RedisConnection connect(String url) {
        return RedisConnection.builder(RedisSettings.builder()
                        .url(url)
                        .operationTimeout(Duration.ofSeconds(5))
                        .build())
                .build();
    }

    private static List<String> tlsArguments(Path files, int tlsPort) {
        return List.of(
                "--tls-port",
                Integer.toString(tlsPort),
                "--tls-cert-file",
                files.resolve("server.crt").toString(),
                "--tls-key-file",
                files.resolve("server.key").toString(),
                "--tls-auth-clients",
                "no");
    }

    /**
     * A self-signed server certificate with {@code subjectAlternativeNames}, written as PEM files {@code server.crt}
     * and {@code server.key} (PKCS #8) in {@code directory}, as {@code redis-server} reads them.
     */
    private static Certificate serverCertificate(Path directory, String subjectAlternativeNames)
            throws IOException, GeneralSecurityException, InterruptedException {
        Files.createDirectories(directory);
        Path keyStore = directory.resolve("server.p12");
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        Process process = new ProcessBuilder(
                        keytool.toString(),
                        "-genkeypair",
                        "-alias",
                        "server",
                        "-keyalg",
                        "RSA",
                        "-keysize",
                        "2048",
                        "-validity",
                        "2",
                        "-dname",
                        "CN=localhost",
                        "-ext",
                        "SAN=" + subjectAlternativeNames,
                        "-storetype",
                        "PKCS12",
                        "-keystore",
                        keyStore.toString(),
                        "-storepass",
                        PASSWORD,
                        "-keypass",
                        PASSWORD)
                .redirectErrorStream(true)
                .start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IOException("keytool failed: " + output);
        }
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keyStore)) {
            store.load(in, PASSWORD.toCharArray());
        }
        Certificate certificate = store.getCertificate("server");
        Files.writeString(directory.resolve("server.crt"), pem("CERTIFICATE", certificate.getEncoded()));
        Files.writeString(
                directory.resolve("server.key"),
                pem(
                        "PRIVATE KEY",
                        store.getKey("server", PASSWORD.toCharArray()).getEncoded()));
        return certificate;
    }

    private static String pem(String type, byte[] der) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(der);
        return String.join("\n", List.of("-----BEGIN " + type + "-----", body, "-----END " + type + "-----", ""));
    }
}
