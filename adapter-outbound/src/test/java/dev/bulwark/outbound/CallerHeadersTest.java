package dev.bulwark.outbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.ports.outbound.HttpMethod;
import dev.bulwark.ports.outbound.ServiceCallException;
import dev.bulwark.ports.outbound.ServiceFailure;
import dev.bulwark.ports.outbound.ServiceRequest;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A caller's headers reach the service, except those the client never takes from a caller. */
class CallerHeadersTest {

    private final FakeService upstream = FakeService.start();
    private final OutboundServices services = OutboundServices.builder()
            .service(ServiceSettings.builder("store")
                    .baseUrl(upstream.baseUrl())
                    .credentialHeader("X-Api-Key")
                    .credential(Optional.of("store-secret"))
                    .build())
            .build();

    @AfterEach
    void stop() {
        services.close();
        upstream.close();
    }

    @Test
    void aDeclaredHeaderIsSentBesideTheCredential() {
        upstream.on("GET pets", FakeService.json(200, "[]"));

        services.send(ServiceRequest.of("store", HttpMethod.GET, "pets").withHeaders(Map.of("X-Request-Tag", "t1")));

        assertThat(upstream.requests().get(0).headers())
                .containsEntry("X-Request-Tag", "t1")
                .containsEntry("X-Api-Key", "store-secret");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "Authorization",
                "authorization",
                "Host",
                "Cookie",
                "Proxy-Authorization",
                "X-Api-Key",
                "x-api-key",
                "Content-Length",
                "Bad Name"
            })
    void aHeaderTheClientNeverTakesFromACallerIsRefusedUnsent(String name) {
        assertThatThrownBy(() -> services.send(
                        ServiceRequest.of("store", HttpMethod.GET, "pets").withHeaders(Map.of(name, "mine"))))
                .isInstanceOfSatisfying(ServiceCallException.class, e -> {
                    assertThat(e.failure()).isEqualTo(ServiceFailure.HEADER_REFUSED);
                    assertThat(e.getMessage()).doesNotContain("mine");
                });
        assertThat(upstream.requests()).isEmpty();
    }

    @Test
    void aHeaderValueWithALineBreakIsRefusedUnsent() {
        assertThatThrownBy(() -> services.send(ServiceRequest.of("store", HttpMethod.GET, "pets")
                        .withHeaders(Map.of("X-Request-Tag", "a\r\nHost: elsewhere"))))
                .isInstanceOfSatisfying(
                        ServiceCallException.class,
                        e -> assertThat(e.failure()).isEqualTo(ServiceFailure.HEADER_REFUSED));
        assertThat(upstream.requests()).isEmpty();
    }
}
