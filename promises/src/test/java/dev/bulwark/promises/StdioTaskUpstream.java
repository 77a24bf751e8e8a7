package dev.bulwark.promises;

import dev.bulwark.core.Bulwark;
import dev.bulwark.core.config.BulwarkConfig;
import dev.bulwark.serve.BulwarkStdio;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Bulwark's own server over stdio, as a gateway's child, serving {@link UpstreamTaskTools}, which append what they
 * did to the file {@code UPSTREAM_RECORD} names. Run it with {@link #command()}.
 */
public final class StdioTaskUpstream {

    private StdioTaskUpstream() {}

    /** The command that runs it: {@link StdioBulwarkUpstream}'s, with this class as the main class. */
    static List<String> command() {
        List<String> command = new ArrayList<>(StdioBulwarkUpstream.command());
        command.set(command.size() - 1, StdioTaskUpstream.class.getName());
        return command;
    }

    public static void main(String[] args) {
        Path record = Path.of(System.getenv("UPSTREAM_RECORD"));
        Bulwark server = Bulwark.builder(BulwarkConfig.defaults())
                .tools(UpstreamTaskTools.of(line -> append(record, line)))
                .build();
        System.exit(BulwarkStdio.serve(server));
    }

    /** Appends {@code line} to {@code record}. */
    static void append(Path record, String line) {
        try {
            Files.writeString(
                    record, line + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
