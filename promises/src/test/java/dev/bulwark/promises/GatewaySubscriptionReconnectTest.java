package dev.bulwark.promises;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.bulwark.mcpclient.UpstreamSettings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A stdio upstream whose process ends is started again, and the gateway subscribes again, in the upstream's era, to
 * the resources its clients still want.
 */
class GatewaySubscriptionReconnectTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    private OneUpstreamGateway gateway;

    @AfterEach
    void close() throws Exception {
        if (gateway != null) {
            gateway.close();
        }
    }

    private Path record() {
        return dir.resolve("record");
    }

    private List<String> recorded() throws IOException {
        return Files.exists(record()) ? Files.readAllLines(record()) : List.of();
    }

    @ParameterizedTest
    @EnumSource(
            value = UpstreamSettings.Era.class,
            names = {"AUTO", "V2025_11_25"})
    void aRestartedUpstreamIsSubscribedAgainToWhatIsStillWanted(UpstreamSettings.Era era) throws IOException {
        List<String> command = StdioWatchingUpstream.command();
        gateway = new OneUpstreamGateway(
                UpstreamSettings.builder("up")
                        .transport("stdio")
                        .command(command.get(0))
                        .args(command.subList(1, command.size()))
                        .env(Map.of("UPSTREAM_RECORD", record().toString()))
                        .timeout(Duration.ofSeconds(20))
                        .era(era)
                        .build(),
                WAIT,
                new SimpleMeterRegistry());
        McpSyncClient client = gateway.client(notification -> {});
        await().atMost(WAIT).until(() -> !client.listResources().resources().isEmpty());

        client.subscribeResource(new McpSchema.SubscribeRequest("notes://up/watched"));
        await().atMost(WAIT).until(() -> recorded().contains("+notes://watched"));
        // the upstream's child is this test's only child process
        ProcessHandle.current().children().forEach(ProcessHandle::destroyForcibly);

        await().atMost(WAIT)
                .until(() ->
                        recorded().stream().filter("+notes://watched"::equals).count() == 2);
        assertThat(recorded()).doesNotContain("-notes://watched");
    }
}
