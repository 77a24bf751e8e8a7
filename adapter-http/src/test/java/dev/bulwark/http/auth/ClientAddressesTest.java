package dev.bulwark.http.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.ports.security.AddressRange;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClientAddressesTest {

    private static final ClientAddresses BEHIND_PROXIES =
            new ClientAddresses(List.of(AddressRange.parse("10.0.0.0/8"), AddressRange.parse("2001:db8::/32")));

    @Test
    void withoutTrustedProxiesTheConnectionsAddressCounts() {
        assertThat(new ClientAddresses(List.of()).of("10.0.0.5", List.of("198.51.100.1")))
                .isEqualTo("10.0.0.5");
    }

    @Test
    void aConnectionFromAnUntrustedAddressIsTheClientWhateverItForwards() {
        assertThat(BEHIND_PROXIES.of("192.0.2.1", List.of("198.51.100.1"))).isEqualTo("192.0.2.1");
    }

    @Test
    void theRightmostUntrustedForwardedAddressIsTheClient() {
        assertThat(BEHIND_PROXIES.of("10.0.0.5", List.of("203.0.113.7, 198.51.100.1, 10.1.1.1")))
                .isEqualTo("198.51.100.1");
    }

    @Test
    void severalForwardedForHeadersAreReadAsOneList() {
        assertThat(BEHIND_PROXIES.of("10.0.0.5", List.of("198.51.100.1", "10.2.2.2")))
                .isEqualTo("198.51.100.1");
    }

    @Test
    void whenEveryHopIsTrustedTheLeftmostIsTheClient() {
        assertThat(BEHIND_PROXIES.of("10.0.0.5", List.of("10.9.9.9, 10.1.1.1"))).isEqualTo("10.9.9.9");
    }

    @Test
    void somethingOtherThanAnAddressFromATrustedProxyFallsBackToTheConnection() {
        assertThat(BEHIND_PROXIES.of("10.0.0.5", List.of("198.51.100.1, unknown")))
                .isEqualTo("10.0.0.5");
    }

    @Test
    void aTrustedProxyWithoutForwardedForIsTheClient() {
        assertThat(BEHIND_PROXIES.of("10.0.0.5", List.of())).isEqualTo("10.0.0.5");
    }

    @Test
    void ipv6HopsAreReadAndPrintedAsLiterals() {
        assertThat(BEHIND_PROXIES.of("2001:db8::1", List.of("[2001:db9::7]"))).isEqualTo("2001:db9:0:0:0:0:0:7");
    }
}
