package dev.bulwark.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ClientRequestTest {

    @Test
    void eachRequestNamesTheCapabilityItNeeds() {
        assertThat(ClientRequest.elicitation("e", "Name?", Map.of()).feature()).isEqualTo("elicitation");
        assertThat(ClientRequest.sampling("s", "Hi", 10).feature()).isEqualTo("sampling");
        assertThat(ClientRequest.roots("r").feature()).isEqualTo("roots");
    }

    @Test
    void requestsSharingAKeyAreRefusedNamingIt() {
        assertThatThrownBy(() -> ClientRequest.requireDistinctKeys(
                        ClientRequest.roots("where"), ClientRequest.sampling("where", "Hi", 10)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Two client requests share the key 'where'");
        assertThatCode(() -> ClientRequest.requireDistinctKeys(ClientRequest.roots("a"), ClientRequest.roots("b")))
                .doesNotThrowAnyException();
    }
}
