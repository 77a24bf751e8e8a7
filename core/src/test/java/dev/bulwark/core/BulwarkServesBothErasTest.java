package dev.bulwark.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.core.config.BulwarkConfig;
import dev.bulwark.ports.era2026.Era2026Requests;
import dev.bulwark.ports.era2026.ServesEra2026;
import dev.bulwark.ports.security.Principal;
import io.modelcontextprotocol.server.McpStatelessServerHandler;
import io.modelcontextprotocol.spec.McpStatelessServerTransport;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

class BulwarkServesBothErasTest {

    @Test
    void servingATransportThatServesThe2026EraHandsItTheEntryPointInTheSameCall() {
        try (Bulwark bulwark = Bulwark.builder(BulwarkConfig.defaults()).build()) {
            BothEras transport = new BothEras();

            bulwark.serveStateless(transport);

            assertThat(transport.given).containsExactly(bulwark.era2026());
            assertThat(transport.defaultCallers).containsExactly((Principal) null);
        }
    }

    @Test
    void aStatelessTransportOfTheSessionEraOnlyIsServedAsBefore() {
        try (Bulwark bulwark = Bulwark.builder(BulwarkConfig.defaults()).build()) {
            List<McpStatelessServerHandler> handlers = new ArrayList<>();

            bulwark.serveStateless(new McpStatelessServerTransport() {
                @Override
                public void setMcpHandler(McpStatelessServerHandler handler) {
                    handlers.add(handler);
                }

                @Override
                public Mono<Void> closeGracefully() {
                    return Mono.empty();
                }
            });

            assertThat(handlers).hasSize(1);
        }
    }

    /** A stateless transport that also serves the 2026 era, recording what it was given. */
    private static final class BothEras implements McpStatelessServerTransport, ServesEra2026 {

        final List<Era2026Requests> given = new ArrayList<>();
        final List<Principal> defaultCallers = new ArrayList<>();

        @Override
        public void serveEra2026With(Era2026Requests requests, Principal defaultCaller) {
            given.add(requests);
            defaultCallers.add(defaultCaller);
        }

        @Override
        public void setMcpHandler(McpStatelessServerHandler handler) {}

        @Override
        public Mono<Void> closeGracefully() {
            return Mono.empty();
        }
    }
}
