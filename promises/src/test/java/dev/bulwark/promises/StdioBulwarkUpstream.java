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
import java.util.List;

/**
 * Bulwark's own server over stdio, as a gateway's child, serving {@link UpstreamEraTools} ({@code wait} appends its
 * cancel to the file {@code UPSTREAM_RECORD} names). Run it with {@link #command()}.
 */
public final class StdioBulwarkUpstream {

    private StdioBulwarkUpstream() {}

    /** The command that runs it with the test's own Java and class path. */
    static List<String> command() {
        return command(StdioBulwarkUpstream.class);
    }

    /** The command that runs {@code main}'s {@code main} with the test's own Java and class path. */
    static List<String> command(Class<?> main) {
        return List.of(
                ProcessHandle.current().info().command().orElse("java"),
                "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC",
                "-cp",
                System.getProperty("java.class.path"),
                main.getName());
    }

    public static void main(String[] args) {
        Path record = Path.of(System.getenv("UPSTREAM_RECORD"));
        Bulwark server = Bulwark.builder(BulwarkConfig.defaults())
                .tools(UpstreamEraTools.of(() -> append(record, "cancelled")))
                .build();
        System.exit(BulwarkStdio.serve(server));
    }

    /** Appends {@code line} to the file {@code record}. */
    static void append(Path record, String line) {
        try {
            Files.writeString(
                    record, line + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
