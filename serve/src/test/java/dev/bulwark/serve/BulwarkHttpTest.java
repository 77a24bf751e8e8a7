package dev.bulwark.serve;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.core.Bulwark;
import dev.bulwark.core.config.BulwarkConfig;
import org.junit.jupiter.api.Test;

class BulwarkHttpTest {

    @Test
    void servingBeyondLoopbackWithoutAnyCredentialIsRefusedWithWhatToDo() {
        try (Bulwark bulwark = Bulwark.builder(BulwarkConfig.defaults()).build()) {
            assertThatThrownBy(() -> BulwarkHttp.builder(bulwark).host("0.0.0.0").port(0).managementPort(0).start())
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("Authentication is required for host 0.0.0.0")
                    .hasMessageContaining("apiKeys(...)");
        }
    }
}
