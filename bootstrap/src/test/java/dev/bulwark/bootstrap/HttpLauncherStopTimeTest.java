package dev.bulwark.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.bootstrap.config.ServerConfig;
import dev.bulwark.bootstrap.config.TransportSettings;
import dev.bulwark.serve.config.HttpSettings;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** How long the termination signal lets an HTTP server's stop take before it ends the process itself. */
class HttpLauncherStopTimeTest {

    @Test
    void theStopMayTakeTheDrainGracePlusTheCloseGrace() {
        ServerConfig config = ServerConfig.builder()
                .http(HttpSettings.builder().drainGrace(Duration.ofSeconds(3)).build())
                .transport(TransportSettings.defaults().withCloseGrace(Duration.ofSeconds(6)))
                .build();

        assertThat(HttpLauncher.shutdownPatience(config)).isEqualTo(Duration.ofSeconds(9));
        assertThat(HttpLauncher.shutdownPatience(ServerConfig.defaults())).isEqualTo(Duration.ofSeconds(35));
    }
}
