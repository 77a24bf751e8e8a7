package dev.bulwark.promises;

import dev.bulwark.core.Bulwark;
import dev.bulwark.core.Tool;
import dev.bulwark.core.ToolResult;
import dev.bulwark.core.config.BulwarkConfig;
import dev.bulwark.serve.BulwarkStdio;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * Bulwark's own server over stdio, as a gateway's child: {@code echo}, {@code count} (progress, then the text) and
 * {@code wait} (until cancelled, which it appends to the file {@code UPSTREAM_RECORD} names). Run it with {@link
 * #command()}.
 */
public final class StdioBulwarkUpstream {

    private StdioBulwarkUpstream() {}

    /** The command that runs it with the test's own Java and class path. */
    static List<String> command() {
        return List.of(
                ProcessHandle.current().info().command().orElse("java"),
                "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC",
                "-cp",
                System.getProperty("java.class.path"),
                StdioBulwarkUpstream.class.getName());
    }

    public static void main(String[] args) {
        Path record = Path.of(System.getenv("UPSTREAM_RECORD"));
        Bulwark server = Bulwark.builder(BulwarkConfig.defaults())
                .tools(List.of(
                        Tool.builder("echo", Stage.Text.class, Stage.Text.class)
                                .description("Says the text back")
                                .handler((input, context) -> ToolResult.of(input))
                                .build(),
                        Tool.builder("count", Stage.Text.class, Stage.Text.class)
                                .description("Reports progress, then says the text back")
                                .handler((input, context) -> {
                                    context.reportProgress(1, 2.0, "half way");
                                    return ToolResult.of(input);
                                })
                                .build(),
                        Tool.builder("wait", Stage.Text.class, Stage.Text.class)
                                .description("Waits until it is cancelled")
                                .handler((input, context) -> {
                                    try {
                                        new CountDownLatch(1).await();
                                    } catch (InterruptedException e) {
                                        append(record, "cancelled");
                                        Thread.currentThread().interrupt();
                                    }
                                    return ToolResult.of(input);
                                })
                                .build()))
                .build();
        System.exit(BulwarkStdio.serve(server));
    }

    private static void append(Path record, String line) {
        try {
            Files.writeString(
                    record, line + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
