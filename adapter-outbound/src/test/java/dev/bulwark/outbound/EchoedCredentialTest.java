package dev.bulwark.outbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.ports.outbound.HttpMethod;
import dev.bulwark.ports.outbound.ServiceCallException;
import dev.bulwark.ports.outbound.ServiceFailure;
import dev.bulwark.ports.outbound.ServiceRequest;
import dev.bulwark.ports.outbound.ServiceResponse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A registered service that echoes the request it received, in every form {@link FakeService#echoes()} gives it,
 * never hands its credential back: not in the body, not in a passed header, not in a log line or an error, for every
 * header the credential can be sent in.
 */
class EchoedCredentialTest {

    private static final String SECRET = "s3cr/et+tok=en&<x>%~";

    private final FakeService upstream = FakeService.start();
    private OutboundServices services;

    @AfterEach
    void stop() {
        if (services != null) {
            services.close();
        }
        upstream.close();
    }

    private void register(String credentialHeader) {
        services = OutboundServices.builder()
                .service(ServiceSettings.builder("echo")
                        .baseUrl(upstream.baseUrl())
                        .methods(EnumSet.allOf(HttpMethod.class))
                        .timeout(Duration.ofSeconds(60))
                        .retries(1)
                        .retryDelay(Duration.ofMillis(5))
                        .retryMaxDelay(Duration.ofMillis(10))
                        .credentialHeader(credentialHeader)
                        .credential(Optional.of(SECRET))
                        .build())
                .build();
    }

    /** The credential as sent, and the forms of it an echo may hold. */
    private static List<String> forms(String credentialHeader) {
        String value = credentialHeader.equalsIgnoreCase("Authorization") ? "Bearer " + SECRET : SECRET;
        return List.of(
                SECRET,
                value,
                URLEncoder.encode(SECRET, StandardCharsets.UTF_8),
                URLEncoder.encode(value, StandardCharsets.UTF_8),
                "s3cr\\/et",
                "tok\\u003den",
                "s3cr&#x2F;et");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Authorization", "X-Api-Key", "authorization"})
    void noEchoOfTheRequestHandsTheCredentialBack(String credentialHeader) {
        FakeService.echoes().forEach((name, echo) -> upstream.on("GET echo/" + name, echo));
        register(credentialHeader);

        for (String name : FakeService.echoes().keySet()) {
            ServiceResponse response = services.send(ServiceRequest.of("echo", HttpMethod.GET, "echo/" + name));

            assertThat(upstream.requests()
                            .get(upstream.requests().size() - 1)
                            .headers()
                            .values())
                    .as("the service got its credential")
                    .anyMatch(value -> value.contains(SECRET));
            assertThat(response.bodyLength()).as(name).isPositive();
            String body =
                    name.equals("utf16") ? new String(response.body(), StandardCharsets.UTF_16LE) : response.bodyText();
            String seen = body + " " + response.headers();
            for (String form : forms(credentialHeader)) {
                assertThat(seen).as("%s echo, %s", name, form).doesNotContain(form);
            }
            for (String core : base64Cores(SECRET)) {
                assertThat(seen).as("%s echo, base64", name).doesNotContain(core);
            }
            assertThat(body).as(name).contains(ServiceResponse.REDACTED);
            if (!name.startsWith("base64")) {
                assertThat(body).as("the rest of the %s echo is kept", name).contains("bulwark");
            }
            assertThat(response.headers().get("cache-control"))
                    .as(name)
                    .contains(ServiceResponse.REDACTED)
                    .contains("bulwark-outbound");
            assertThat(response.headers().get("etag")).as(name).contains(ServiceResponse.REDACTED);
        }
    }

    @Test
    void theClientAsksForAnUncompressedAnswer() {
        upstream.on("GET echo/text", FakeService.echoes().get("text"));
        register("Authorization");

        services.send(ServiceRequest.of("echo", HttpMethod.GET, "echo/text"));

        assertThat(upstream.requests().get(0).headers()).containsEntry("Accept-Encoding", "identity");
    }

    @Test
    void aBodyInACodingTheClientCannotReadIsRefusedNotPassedOn() {
        upstream.on(
                "GET br",
                FakeService.coded("br", FakeService.json(200, "{\"authorization\":\"Bearer " + SECRET + "\"}")));
        register("Authorization");

        assertThatThrownBy(() -> services.send(ServiceRequest.of("echo", HttpMethod.GET, "br")))
                .isInstanceOfSatisfying(
                        ServiceCallException.class,
                        e -> assertThat(e.failure()).isEqualTo(ServiceFailure.PROTOCOL_ERROR))
                .hasMessageNotContaining(SECRET);
    }

    @Test
    void aCompressedBodyLargerThanTheCapOnceDecodedIsRefused() {
        upstream.on("GET bomb", FakeService.coded("gzip", FakeService.text(200, "text/plain", "x".repeat(256 * 1024))));
        services = OutboundServices.builder()
                .maxResponseBytes(64 * 1024)
                .service(ServiceSettings.builder("echo")
                        .baseUrl(upstream.baseUrl())
                        .retries(0)
                        .build())
                .build();

        assertThatThrownBy(() -> services.send(ServiceRequest.of("echo", HttpMethod.GET, "bomb")))
                .isInstanceOfSatisfying(
                        ServiceCallException.class,
                        e -> assertThat(e.failure()).isEqualTo(ServiceFailure.RESPONSE_TOO_LARGE));
    }

    @ParameterizedTest
    @ValueSource(strings = {"Authorization", "X-Api-Key"})
    void theCredentialIsInNoLogLineOrErrorWhateverGoesWrong(String credentialHeader) throws Exception {
        List<String> errors = new ArrayList<>();
        List<String> lines;
        try (FakeService.Garbage garbage = FakeService.garbage();
                CapturedLogs logs = CapturedLogs.start()) {
            upstream.on("GET echo/json", FakeService.echoes().get("json"))
                    .on("GET fail", FakeService.json(503, "{\"authorization\":\"Bearer " + SECRET + "\"}"))
                    .on("GET reset", FakeService.reset())
                    .on("GET big", FakeService.tooMuch(2 * 1024 * 1024, false))
                    .on("GET away", FakeService.redirect(302, "http://example.invalid/?k=" + SECRET))
                    .on("GET health", FakeService.json(500, "{\"seen\":\"" + SECRET + "\"}"));
            register(credentialHeader);
            services.send(ServiceRequest.of("echo", HttpMethod.GET, "echo/json"));
            services.send(ServiceRequest.of("echo", HttpMethod.GET, "echo/json"));
            assertThat(services.send(ServiceRequest.of("echo", HttpMethod.GET, "fail"))
                            .bodyText())
                    .doesNotContain(SECRET);
            for (String path : List.of("reset", "big", "away", "../outside")) {
                try {
                    services.send(ServiceRequest.of("echo", HttpMethod.GET, path));
                } catch (ServiceCallException e) {
                    errors.add(e.getMessage());
                }
            }
            services.checkNow();
            services.close();
            services = OutboundServices.builder()
                    .service(ServiceSettings.builder("echo")
                            .baseUrl(garbage.baseUrl())
                            .retries(0)
                            .credentialHeader(credentialHeader)
                            .credential(Optional.of(SECRET))
                            .build())
                    .build();
            try {
                services.send(ServiceRequest.of("echo", HttpMethod.GET, "x"));
            } catch (ServiceCallException e) {
                errors.add(e.getMessage());
            }
            services.checkNow();
            lines = logs.lines();
        }

        assertThat(errors).hasSize(5).allSatisfy(error -> assertThat(error).doesNotContain(SECRET));
        assertThat(lines)
                .as("the operator learns once that the service echoes its credential")
                .filteredOn(line -> line.contains("Service echo sent its own credential back"))
                .hasSize(1);
        for (String form : forms(credentialHeader)) {
            assertThat(lines).noneSatisfy(line -> assertThat(line).contains(form));
        }
    }

    /** The base64 characters that encode {@code secret} alone, at each of its three alignments, in both alphabets. */
    private static List<String> base64Cores(String secret) {
        List<String> cores = new ArrayList<>();
        for (String pad : List.of("", "a", "ab")) {
            String encoded = Base64.getEncoder().encodeToString((pad + secret).getBytes(StandardCharsets.US_ASCII));
            String core = encoded.substring((8 * pad.length() + 5) / 6, 8 * (pad.length() + secret.length()) / 6);
            cores.add(core);
            cores.add(core.replace('+', '-').replace('/', '_'));
        }
        return cores;
    }
}
