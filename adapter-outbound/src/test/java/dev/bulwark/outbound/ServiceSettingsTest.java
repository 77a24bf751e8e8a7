package dev.bulwark.outbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What a service's options refuse at start, before any request could carry them. */
class ServiceSettingsTest {

    private static ServiceSettings.Builder orders() {
        return ServiceSettings.builder("orders").baseUrl("https://orders.example/api/");
    }

    @Test
    void aCredentialOutsidePrintableAsciiIsRefusedAtStartWithoutBeingQuoted() {
        // A pasted typographic hyphen (U+2010), a Latin-1 letter, DEL, a tab, a line break: the HTTP client would
        // refuse the first at every request, quoting the credential in its message.
        for (String credential : new String[] {
            "s3cret\u2010token", "s3cret\u00e9token", "s3cret\u007ftoken", "s3cret\ttoken", "s3cret\ntoken", "   "
        }) {
            assertThatThrownBy(
                            () -> orders().credential(Optional.of(credential)).build())
                    .as(
                            "%s",
                            credential
                                    .codePoints()
                                    .filter(c -> c < 0x20 || c > 0x7e)
                                    .boxed()
                                    .toList())
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("services.orders.credential must be printable ASCII")
                    .hasMessageNotContaining("s3cret");
        }
    }

    @Test
    void aCredentialOfPrintableAsciiIsAccepted() {
        String credential = "Ab0 !\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";

        ServiceSettings options = orders().credential(Optional.of(credential)).build();

        assertThat(options.credential()).contains(credential);
    }

    @Test
    void aCredentialHeaderTheClientSetsItselfOrNeverSendsIsRefusedAtStart() {
        // The client sets Accept-Encoding (identity) itself; it drops Proxy-Authorization on a direct connection, so
        // the service would silently get no credential.
        for (String header : new String[] {"Accept-Encoding", "proxy-authorization", "Host", "Cookie"}) {
            assertThatThrownBy(() -> orders().credentialHeader(header)
                            .credential(Optional.of("s3cret"))
                            .build())
                    .as(header)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("services.orders.credential-header must be a header name other than")
                    .hasMessageNotContaining("s3cret");
        }
    }
}
