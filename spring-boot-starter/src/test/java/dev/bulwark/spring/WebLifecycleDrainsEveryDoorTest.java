package dev.bulwark.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.core.Bulwark;
import dev.bulwark.core.config.BulwarkConfig;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.springframework.context.support.GenericApplicationContext;

/** Stopping the application drains the default endpoint's door and every named endpoint's door at once. */
class WebLifecycleDrainsEveryDoorTest {

    @Test
    void stoppingDrainsEveryEndpointsServer() {
        try (Bulwark first = Bulwark.builder(BulwarkConfig.defaults()).build();
                Bulwark second = Bulwark.builder(BulwarkConfig.defaults()).build();
                GenericApplicationContext context = new GenericApplicationContext()) {
            context.refresh();
            BulwarkWebLifecycle lifecycle = new BulwarkWebLifecycle(
                    List.of(
                            new BulwarkWebLifecycle.Door(first, door(first)),
                            new BulwarkWebLifecycle.Door(second, door(second))),
                    context,
                    Duration.ZERO,
                    Duration.ofSeconds(5));
            lifecycle.start();

            lifecycle.stop();

            assertThat(first.health().check().draining()).isTrue();
            assertThat(second.health().check().draining()).isTrue();
            assertThat(lifecycle.isRunning()).isFalse();
        }
    }

    private static McpServlet door(Bulwark bulwark) {
        McpServlet door = new McpServlet(
                bulwark.jsonMapper(), new WebCallers(request -> Optional.empty()), 1 << 20, Duration.ofSeconds(10));
        bulwark.serveStateless(door);
        return door;
    }
}
