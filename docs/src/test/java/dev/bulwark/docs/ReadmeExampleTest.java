package dev.bulwark.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/** Keeps the README's tool-author example compiled, run and identical to {@link GreetServer}. */
class ReadmeExampleTest {

    private static final Path README = Path.of("..", "README.md");
    private static final Path HTTP_EXAMPLE =
            Path.of("src", "test", "java", "dev", "bulwark", "docs", "GreetHttpServer.java");
    private static final Path EXAMPLE = Path.of("src", "test", "java", "dev", "bulwark", "docs", "GreetServer.java");

    @Test
    void readmeShowsTheCompiledExampleVerbatim() throws Exception {
        String source = Files.readString(EXAMPLE, StandardCharsets.UTF_8);
        String example = source.substring(
                source.indexOf("// README:start\n") + "// README:start\n".length(), source.indexOf("// README:end"));

        assertThat(Files.readString(README, StandardCharsets.UTF_8)).contains(example);
    }

    @Test
    void readmeShowsTheCompiledHttpExampleVerbatim() throws Exception {
        String source = Files.readString(HTTP_EXAMPLE, StandardCharsets.UTF_8);
        String example = source.substring(source.indexOf("// README-HTTP:start\n") + "// README-HTTP:start\n".length(),
                source.indexOf("// README-HTTP:end"));

        assertThat(Files.readString(README, StandardCharsets.UTF_8)).contains(example);
    }

    @Test
    void exampleToolIsAtMostFifteenLinesOfJavaBesidesImportsAndRecords() throws Exception {
        String source = Files.readString(EXAMPLE, StandardCharsets.UTF_8);
        long lines = source.substring(source.indexOf("// README:start"), source.indexOf("// README:end")).lines()
                .map(String::strip)
                .filter(line -> !line.isEmpty() && !line.startsWith("import ") && !line.startsWith("record ")
                        && !line.startsWith("//"))
                .count();

        assertThat(lines).isLessThanOrEqualTo(15);
    }

    @Test
    void exampleServerAnswersAToolCallOverStdio() throws Exception {
        String output = serve(call("{\"name\":\"greet\",\"arguments\":{\"name\":\"Ada\"}}"), () -> { });

        assertThat(output).contains("Hello, Ada!").contains("\\\"message\\\":\\\"Hello, Ada!\\\"");
    }

    @Test
    void exampleServerNamesTheMissingFieldOfACallWithoutAToolName() throws Exception {
        String output = serve(call("{\"arguments\":{\"name\":\"Ada\"}}"), () -> { });

        assertThat(output).contains("Invalid params for tools/call: name is required");
    }

    @Test
    void exampleServerKeepsStrayPrintsOffTheProtocolStream() throws Exception {
        String output = serve(call("{\"name\":\"greet\",\"arguments\":{\"name\":\"Ada\"}}"),
                () -> System.out.println("12:00:00.000 [main] DEBUG a log line of the application"));

        assertThat(output).contains("Hello, Ada!");
        assertThat(output.lines()).allSatisfy(line -> assertThat(line).startsWith("{\"jsonrpc\""));
    }

    private static String call(String params) {
        return String.join("\n",
                "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-11-25\","
                        + "\"capabilities\":{},\"clientInfo\":{\"name\":\"docs-test\",\"version\":\"1\"}}}",
                "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}",
                "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":" + params + "}",
                "");
    }

    /** Runs the example on {@code session} as its stdin; {@code whileServing} runs while the server answers. */
    private static String serve(String session, Runnable whileServing) {
        InputStream originalIn = System.in;
        PrintStream originalOut = System.out;
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        try {
            System.setIn(new SlowInput(
                    session.getBytes(StandardCharsets.UTF_8),
                    whileServing,
                    () -> output.toString(StandardCharsets.UTF_8).contains("\"id\":2")));
            System.setOut(new PrintStream(output, true, StandardCharsets.UTF_8));
            GreetServer.main(new String[0]);
        } finally {
            System.setIn(originalIn);
            System.setOut(originalOut);
        }
        return output.toString(StandardCharsets.UTF_8);
    }

    /**
     * Ends its input only once the server answered the last request, as a real client keeps stdin open while it
     * waits for its answer.
     */
    private static final class SlowInput extends ByteArrayInputStream {
        private static final Duration PATIENCE = Duration.ofSeconds(60);

        private final Runnable whileWaiting;
        private final BooleanSupplier answered;
        private boolean waited;

        SlowInput(byte[] bytes, Runnable whileWaiting, BooleanSupplier answered) {
            super(bytes);
            this.whileWaiting = whileWaiting;
            this.answered = answered;
        }

        @Override
        public synchronized int read(byte[] b, int off, int len) {
            waitForTheAnswerAtTheEnd();
            return super.read(b, off, len);
        }

        @Override
        public synchronized int read() {
            waitForTheAnswerAtTheEnd();
            return super.read();
        }

        private void waitForTheAnswerAtTheEnd() {
            if (available() > 0 || waited) {
                return;
            }
            waited = true;
            whileWaiting.run();
            long deadline = System.nanoTime() + PATIENCE.toNanos();
            try {
                while (!answered.getAsBoolean()) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("the server did not answer within " + PATIENCE);
                    }
                    Thread.sleep(10);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
