package dev.bulwark.promises;

import dev.bulwark.core.Bulwark;
import dev.bulwark.core.config.StdioSettings;
import dev.bulwark.serve.BulwarkStdio;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.Pipe;

/**
 * stdio through {@link BulwarkStdio}, in the 2025-11-25 era (after {@code initialize}) or the 2026-07-28 era. Over
 * stdio the caller is the server's configured local operator, so each caller gets a server of its own, over a pair of
 * pipes in the test's own process; they count on one registry.
 */
final class StdioDoor implements Door {

    private final boolean era2026;

    StdioDoor(boolean era2026) {
        this.era2026 = era2026;
    }

    @Override
    public Opened open(Stage stage) {
        MeterRegistry registry = new SimpleMeterRegistry();
        return new StdioClientSide(
                era2026, stage, caller -> serve(stage, caller, registry), new MeterCounters(registry));
    }

    /** A blank local operator: over stdio, its settings are its user's only ones. */
    @Override
    public Refused openWithOneWrongSetting(Stage stage) {
        try (Bulwark bulwark = stage.bulwark(new StdioSettings(" ", stage.admin.scopes()), new SimpleMeterRegistry())) {
            throw new AssertionError("a server with a blank stdio.principal was built: " + bulwark);
        } catch (IllegalArgumentException refused) {
            return new Refused("stdio.principal", refused.getMessage());
        }
    }

    /** A server of {@code stage}'s tools whose local operator is {@code caller}, on a pair of pipes. */
    private static StdioClientSide.Server serve(Stage stage, Caller caller, MeterRegistry registry) throws Exception {
        Pipe in = Pipe.open();
        Pipe out = Pipe.open();
        Bulwark bulwark = stage.bulwark(caller, registry);
        BulwarkStdio stdio =
                BulwarkStdio.start(bulwark, Channels.newInputStream(in.source()), Channels.newOutputStream(out.sink()));
        OutputStream toServer = Channels.newOutputStream(in.sink());
        InputStream fromServer = Channels.newInputStream(out.source());
        return new StdioClientSide.Server() {
            @Override
            public OutputStream input() {
                return toServer;
            }

            @Override
            public InputStream output() {
                return fromServer;
            }

            @Override
            public void close() {
                stdio.close();
                bulwark.close();
            }
        };
    }
}
