package dev.bulwark.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.bootstrap.config.ServerConfig;
import dev.bulwark.http.HttpSettings;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** How long the termination signal lets an HTTP server's stop take before it ends the process itself. */
class HttpLauncherStopTimeTest {

    @Test
    void theStopMayTakeTheDrainDelayPlusTheDrainGracePlusTheCloseGrace() {
        ServerConfig config = ServerConfig.builder()
                .http(HttpSettings.builder()
                        .drainDelay(Duration.ofSeconds(2))
                        .drainGrace(Duration.ofSeconds(3))
                        .closeGrace(Duration.ofSeconds(6))
                        .build())
                .build();

        assertThat(HttpLauncher.shutdownPatience(config)).isEqualTo(Duration.ofSeconds(11));
        assertThat(HttpLauncher.shutdownPatience(ServerConfig.defaults())).isEqualTo(Duration.ofSeconds(40));
    }
}
